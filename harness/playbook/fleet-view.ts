/**
 * What the playbook learns about stations from the CSMS event stream: connected or not, protocol, last
 * connector status. Used when the caller does not inject its own answers (the CSMS knows them better).
 */
import type { CsmsEvent } from '../csms/events.js';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';

function connectorKey(stationId: string, connectorId: number, evseId: number | undefined): string {
  return `${stationId}\u0000${evseId ?? ''}\u0000${connectorId}`;
}

export class FleetView {
  private readonly connectedStations = new Set<string>();
  private readonly protocols = new Map<string, OcppProtocol>();
  private readonly statuses = new Map<string, string>();

  handle(event: CsmsEvent): void {
    switch (event.type) {
      case 'connect':
        this.connectedStations.add(event.stationId);
        this.protocols.set(event.stationId, event.protocol);
        return;
      case 'disconnect':
        this.connectedStations.delete(event.stationId);
        return;
      case 'status':
        this.statuses.set(connectorKey(event.stationId, event.connectorId, event.evseId), event.status);
        return;
      default:
        return;
    }
  }

  connected(stationId: string): boolean {
    return this.connectedStations.has(stationId);
  }

  protocol(stationId: string): OcppProtocol | undefined {
    return this.protocols.get(stationId);
  }

  status(stationId: string, connectorId: number, evseId: number | undefined): string | undefined {
    return this.statuses.get(connectorKey(stationId, connectorId, evseId));
  }
}
