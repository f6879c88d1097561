/** A virtual station's connector status in the words of its protocol (2.0.1 has no Finishing or Charging: Occupied). */
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import { toConnectorStatus201 } from '../../simulator/vocabulary/connector-status.js';
import type { VirtualStation } from '../../simulator/station/station.js';

export function connectorStatusOf(station: VirtualStation, connectorId: number, protocol: OcppProtocol): string {
  if (!station.slot(connectorId)) return 'missing';
  const state = station.connectorState(connectorId);
  return protocol === 'ocpp2.0.1' ? toConnectorStatus201(state.status, state.transactionId !== undefined) : state.status;
}

export function connectorStatuses(station: VirtualStation, protocol: OcppProtocol): Record<number, string> {
  return Object.fromEntries(station.slots().map((_, i) => [i + 1, connectorStatusOf(station, i + 1, protocol)]));
}
