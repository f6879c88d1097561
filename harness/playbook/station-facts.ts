/**
 * What the playbook knows of a station: from the CSMS when it is given a way to ask, else from the
 * events it has seen (fleet-view.ts); and the message-log excerpt that travels with a ticket.
 */
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import type { Issue } from '../detector/types.js';
import type { FleetView } from './fleet-view.js';
import type { MessageLogExcerpt } from './types.js';

export interface StationSources {
  /** Default: the protocol of the station's last `connect` event, else ocpp1.6. */
  protocolOf?: (stationId: string) => OcppProtocol | undefined;
  /** Default: the last status event seen. */
  connectorStatus?: (stationId: string, connectorId: number, evseId?: number) => string | undefined;
  /** Default: connect/disconnect events seen. */
  isConnected?: (stationId: string) => boolean;
  /** The newest `limit` entries of a station's message log (e.g. `(id, n) => csms.store.messagesFor(id, { limit: n })`). */
  messageLog?: (stationId: string, limit: number) => unknown[];
}

export class StationFacts {
  constructor(
    private readonly sources: StationSources,
    private readonly fleet: FleetView,
    private readonly excerptSize: number,
    private readonly report: (error: unknown, where: string) => void,
  ) {}

  protocolOf(stationId: string): OcppProtocol {
    return this.sources.protocolOf?.(stationId) ?? this.fleet.protocol(stationId) ?? 'ocpp1.6';
  }

  connectorStatus(stationId: string, connectorId: number, evseId: number | undefined): string | undefined {
    return this.sources.connectorStatus ? this.sources.connectorStatus(stationId, connectorId, evseId) : this.fleet.status(stationId, connectorId, evseId);
  }

  isConnected(stationId: string): boolean {
    return this.sources.isConnected ? this.sources.isConnected(stationId) : this.fleet.connected(stationId);
  }

  /** The station's recent messages; a site issue gets a share of each silent station's log. */
  excerpt(issue: Issue): MessageLogExcerpt {
    const log = this.sources.messageLog;
    const size = this.excerptSize;
    if (!log || size === 0) return [];
    try {
      if (issue.stationId !== undefined) return log(issue.stationId, size);
      const stations = Array.isArray(issue.details['stationIds']) ? (issue.details['stationIds'] as unknown[]).filter((id): id is string => typeof id === 'string') : [];
      const each = Math.max(1, Math.floor(size / Math.max(1, stations.length)));
      return stations.slice(0, size).flatMap((id) => log(id, each));
    } catch (error) {
      this.report(error, 'messageLog');
      return [];
    }
  }
}
