/** A station connector's status as the CSMS last heard it: 1.6 by connectorId, 2.0.1 by its EVSE (docs/domain.md §2). */
import { evseOfConnector } from '../../simulator/vocabulary/evse.js';
import type { StationView } from '../csms/station-view.js';

export function connectorStatus(station: StationView | undefined, connectorId: number): string | undefined {
  if (station === undefined) return undefined;
  if (station.protocol === 'ocpp1.6') return station.connectors.find((c) => c.connectorId === connectorId)?.status;
  const evse = evseOfConnector(connectorId);
  return station.connectors.find((c) => c.evseId === evse.id && c.connectorId === evse.connectorId)?.status;
}
