/** The network page's model: stations grouped by site, the filters, and live updates from the event stream. */
import type { CsmsEvent, StationView } from './types.js';

export interface NetworkFilter {
  faulted: boolean;
  offline: boolean;
  openIssue: boolean;
  /** Matches station id or site id, case-insensitive; empty matches all. */
  text: string;
}

export const NO_FILTER: NetworkFilter = { faulted: false, offline: false, openIssue: false, text: '' };

export function isFaulted(station: StationView): boolean {
  return station.connectors.some((c) => c.status === 'Faulted');
}

/** Every ticked filter must hold (they narrow the list together). */
export function matchesFilter(station: StationView, filter: NetworkFilter, stationsWithOpenIssue: ReadonlySet<string>): boolean {
  if (filter.faulted && !isFaulted(station)) return false;
  if (filter.offline && station.connected) return false;
  if (filter.openIssue && !stationsWithOpenIssue.has(station.id)) return false;
  const text = filter.text.trim().toLowerCase();
  if (text !== '' && !station.id.toLowerCase().includes(text) && !station.siteId.toLowerCase().includes(text)) return false;
  return true;
}

export interface SiteGroup {
  siteId: string;
  stations: StationView[];
}

/** Sites and their stations in natural order (S2 before S10). */
export function groupBySite(stations: readonly StationView[]): SiteGroup[] {
  const collator = new Intl.Collator('en', { numeric: true });
  const bySite = new Map<string, StationView[]>();
  for (const station of stations) {
    const list = bySite.get(station.siteId) ?? [];
    list.push(station);
    bySite.set(station.siteId, list);
  }
  return [...bySite.entries()]
    .sort(([a], [b]) => collator.compare(a, b))
    .map(([siteId, list]) => ({ siteId, stations: list.sort((a, b) => collator.compare(a.id, b.id)) }));
}

/** The event types that change what the network and station pages show. */
export const STATION_EVENT_TYPES = ['status', 'connect', 'disconnect', 'boot'] as const;

/**
 * The station list after one event; the same array when the event changes nothing shown. A status for a
 * connector not yet listed adds it, as the CSMS's own view would.
 */
export function applyStationEvent(stations: readonly StationView[], event: CsmsEvent): readonly StationView[] {
  const index = stations.findIndex((s) => s.id === event.stationId);
  if (index < 0) return stations;
  const station = stations[index] as StationView;
  let next: StationView | undefined;
  switch (event.type) {
    case 'connect':
      next = { ...station, connected: true, protocol: event.protocol, lastSeenAt: event.at };
      break;
    case 'disconnect':
      next = { ...station, connected: false };
      break;
    case 'boot':
      next = { ...station, bootStatus: event.status, lastSeenAt: event.at };
      break;
    case 'status': {
      const same = (c: StationView['connectors'][number]) => c.connectorId === event.connectorId && c.evseId === event.evseId;
      const updated = {
        connectorId: event.connectorId,
        ...(event.evseId !== undefined && { evseId: event.evseId }),
        status: event.status,
        errorCode: event.errorCode ?? null,
        ...(event.info !== undefined && { info: event.info }),
        ...(event.vendorErrorCode !== undefined && { vendorErrorCode: event.vendorErrorCode }),
        updatedAt: event.at,
      };
      const connectors = station.connectors.some(same)
        ? station.connectors.map((c) => (same(c) ? updated : c))
        : [...station.connectors, updated].sort((a, b) => (a.evseId ?? 0) - (b.evseId ?? 0) || a.connectorId - b.connectorId);
      next = { ...station, connectors, lastSeenAt: event.at };
      break;
    }
    default:
      return stations;
  }
  const copy = [...stations];
  copy[index] = next;
  return copy;
}

/** Connector 0 is the station as a whole in 1.6; it is shown apart from the plugs. */
export function connectorLabel(connector: { connectorId: number; evseId?: number }): string {
  if (connector.connectorId === 0) return 'Station';
  return connector.evseId !== undefined ? `EVSE ${connector.evseId} connector ${connector.connectorId}` : `Connector ${connector.connectorId}`;
}
