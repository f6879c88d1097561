/**
 * Uptime per port (connector) and per station, by the NEVI rule (23 CFR 680.116, docs/domain.md §6):
 *
 *   uptime % = ((windowMin − (outageMin − excludedMin)) / windowMin) × 100
 *
 * What counts as out of service (a decision, documented here):
 * - a connector while its last status is Faulted or Unavailable (Unavailable includes the desk's own
 *   ChangeAvailability Inoperative after a safety fault: the port cannot charge);
 * - every connector of a station while connector 0 (1.6: the station itself) is Faulted/Unavailable,
 *   while the station's socket is closed, or while it is silent (no-connectivity, see markSilent);
 * - a station is out only while ALL its known connectors are out ("station-level outage").
 * Before the first record of a port it is taken as in service. Occupied/Finishing count as in service:
 * the status cannot tell a stuck connector from a driver still plugged in.
 * Excluded time is the part of the outage that overlaps an excluded interval (so it can never push
 * uptime above 100 %): explicit markExcluded(), and, unless `excludePowerLoss` is false, the outage
 * that ended with a PowerLoss stop or a 2.0.1 boot with reason PowerUp (utility power loss).
 */
import type { CsmsEvent } from '../csms/events.js';
import { mergeIntervals, overlapMs, Timeline, type Interval } from './timeline.js';

const OUT_STATUSES: ReadonlySet<string> = new Set(['Faulted', 'Unavailable']);
const MS_PER_MIN = 60_000;

export interface PortRef {
  stationId: string;
  /** 2.0.1 only. */
  evseId?: number;
  connectorId: number;
}

export type UptimeRecord =
  | { kind: 'status'; stationId: string; evseId?: number; connectorId: number; atMs: number; out: boolean }
  | { kind: 'link' | 'silent'; stationId: string; atMs: number; out: boolean }
  | { kind: 'excluded'; stationId: string; fromMs: number; toMs: number; reason: string };

export interface UptimeResult {
  windowMin: number;
  outageMin: number;
  excludedMin: number;
  uptimePercent: number;
}

export interface UptimeLedgerOptions {
  /** Exclude outages ended by a utility power loss (default true). */
  excludePowerLoss?: boolean;
  /** Every record as it is made, e.g. to persist it (PlaybookStore.saveUptime). */
  onRecord?: (record: UptimeRecord) => void;
}

/** The NEVI formula; minutes in, percent out. */
export function neviUptimePercent(windowMin: number, outageMin: number, excludedMin: number): number {
  if (!(windowMin > 0)) throw new RangeError(`windowMin: ${windowMin} is not allowed, expected a number of minutes > 0`);
  return ((windowMin - (outageMin - excludedMin)) / windowMin) * 100;
}

interface StationState {
  link: Timeline;
  silent: Timeline;
  /** 1.6 connector 0: the station as a whole. */
  station: Timeline;
  excluded: Interval[];
  ports: Map<string, { ref: PortRef; timeline: Timeline }>;
}

function portKey(ref: PortRef): string {
  return `${ref.evseId ?? ''}/${ref.connectorId}`;
}

export class UptimeLedger {
  private readonly stations = new Map<string, StationState>();
  private readonly excludePowerLoss: boolean;
  private readonly onRecord: ((record: UptimeRecord) => void) | undefined;
  private firstRecordAtMs: number | undefined;

  constructor(options: UptimeLedgerOptions = {}) {
    this.excludePowerLoss = options.excludePowerLoss ?? true;
    this.onRecord = options.onRecord;
  }

  handle(event: CsmsEvent): void {
    switch (event.type) {
      case 'status':
        this.apply({
          kind: 'status',
          stationId: event.stationId,
          ...(event.evseId !== undefined ? { evseId: event.evseId } : {}),
          connectorId: event.connectorId,
          atMs: event.at,
          out: OUT_STATUSES.has(event.status),
        });
        return;
      case 'disconnect':
        this.apply({ kind: 'link', stationId: event.stationId, atMs: event.at, out: true });
        return;
      case 'connect':
        this.apply({ kind: 'link', stationId: event.stationId, atMs: event.at, out: false });
        return;
      case 'transaction-ended':
        if (event.reason === 'PowerLoss') this.excludeLastOutage(event.stationId, event.at, 'utility power loss (StopTransaction reason PowerLoss)');
        return;
      case 'boot':
        if (event.payload['reason'] === 'PowerUp') this.excludeLastOutage(event.stationId, event.at, 'utility power loss (BootNotification reason PowerUp)');
        return;
      default:
        return;
    }
  }

  /** The station is silent with its socket open (a no-connectivity issue); `out` false when it is heard again. */
  markSilent(stationId: string, atMs: number, out: boolean): void {
    this.apply({ kind: 'silent', stationId, atMs, out });
  }

  /** Time outside the operator's control (e.g. a utility outage reported by the utility). */
  markExcluded(stationId: string, fromMs: number, toMs: number, reason: string): void {
    if (!(toMs > fromMs)) throw new RangeError(`toMs: ${toMs} is not allowed, expected a time after fromMs ${fromMs}`);
    this.apply({ kind: 'excluded', stationId, fromMs, toMs, reason });
  }

  /** Takes back persisted records (PlaybookStore.load) without reporting them again. */
  restore(records: readonly UptimeRecord[]): void {
    for (const record of records) this.apply(record, false);
  }

  /** The earliest moment the ledger knows anything about (restored history included); the default start of a report. */
  get historyStartMs(): number | undefined {
    return this.firstRecordAtMs;
  }

  stationIds(): string[] {
    return [...this.stations.keys()];
  }

  ports(stationId?: string): PortRef[] {
    const ids = stationId === undefined ? [...this.stations.keys()] : [stationId];
    return ids.flatMap((id) => [...(this.stations.get(id)?.ports.values() ?? [])].map((port) => port.ref));
  }

  portUptime(ref: PortRef, window: Interval): UptimeResult {
    const state = this.stations.get(ref.stationId);
    const port = state?.ports.get(portKey(ref));
    if (!state) return result(window, 0, 0);
    const timelines = [state.link, state.silent, state.station, ...(port ? [port.timeline] : [])];
    return this.measure(state, window, timelines, (atMs) => timelines.some((t) => t.outAt(atMs)));
  }

  /** Out only while every known connector of the station is out. */
  stationUptime(stationId: string, window: Interval): UptimeResult {
    const state = this.stations.get(stationId);
    if (!state) return result(window, 0, 0);
    const shared = [state.link, state.silent, state.station];
    const ports = [...state.ports.values()].map((port) => port.timeline);
    const out = (atMs: number): boolean => shared.some((t) => t.outAt(atMs)) || (ports.length > 0 && ports.every((t) => t.outAt(atMs)));
    return this.measure(state, window, [...shared, ...ports], out);
  }

  private measure(state: StationState, window: Interval, timelines: Timeline[], outAt: (atMs: number) => boolean): UptimeResult {
    if (!(window.toMs > window.fromMs)) throw new RangeError(`window: ${window.fromMs}..${window.toMs} is not allowed, expected toMs after fromMs`);
    const points = [...new Set([window.fromMs, ...timelines.flatMap((t) => t.breakpoints(window)), window.toMs])].sort((a, b) => a - b);
    const excluded = mergeIntervals(state.excluded);
    let outageMs = 0;
    let excludedMs = 0;
    for (let i = 0; i + 1 < points.length; i++) {
      const segment = { fromMs: points[i] as number, toMs: points[i + 1] as number };
      if (!outAt(segment.fromMs)) continue;
      outageMs += segment.toMs - segment.fromMs;
      for (const interval of excluded) excludedMs += overlapMs(segment, interval);
    }
    return result(window, outageMs, excludedMs);
  }

  private excludeLastOutage(stationId: string, atMs: number, reason: string): void {
    if (!this.excludePowerLoss) return;
    const state = this.stations.get(stationId);
    if (!state) return;
    const outage = state.link.lastOutBefore(atMs) ?? state.silent.lastOutBefore(atMs);
    if (!outage) return;
    const toMs = Math.min(outage.toMs, atMs);
    // One power loss shows as a boot and a stop per connector: exclude its outage once.
    if (toMs <= outage.fromMs || state.excluded.some((i) => i.fromMs === outage.fromMs)) return;
    this.apply({ kind: 'excluded', stationId, fromMs: outage.fromMs, toMs, reason });
  }

  private apply(record: UptimeRecord, report = true): void {
    const atMs = record.kind === 'excluded' ? record.fromMs : record.atMs;
    if (this.firstRecordAtMs === undefined || atMs < this.firstRecordAtMs) this.firstRecordAtMs = atMs;
    const state = this.stateOf(record.stationId);
    let changed: boolean;
    switch (record.kind) {
      case 'excluded':
        state.excluded.push({ fromMs: record.fromMs, toMs: record.toMs });
        changed = true;
        break;
      case 'link':
      case 'silent':
        changed = state[record.kind].set(record.atMs, record.out);
        break;
      case 'status': {
        const { timeline, created } = this.timelineOf(state, record);
        // A new port is reported even while in service: after a restart it must still count in station uptime.
        changed = timeline.set(record.atMs, record.out) || created;
        break;
      }
    }
    if (changed && report) this.onRecord?.(record);
  }

  private timelineOf(state: StationState, record: UptimeRecord & { kind: 'status' }): { timeline: Timeline; created: boolean } {
    if (record.connectorId === 0 && record.evseId === undefined) return { timeline: state.station, created: false };
    const ref: PortRef = { stationId: record.stationId, connectorId: record.connectorId, ...(record.evseId !== undefined ? { evseId: record.evseId } : {}) };
    const key = portKey(ref);
    const known = state.ports.get(key);
    if (known) return { timeline: known.timeline, created: false };
    const port = { ref, timeline: new Timeline() };
    state.ports.set(key, port);
    return { timeline: port.timeline, created: true };
  }

  private stateOf(stationId: string): StationState {
    let state = this.stations.get(stationId);
    if (!state) {
      state = { link: new Timeline(), silent: new Timeline(), station: new Timeline(), excluded: [], ports: new Map() };
      this.stations.set(stationId, state);
    }
    return state;
  }
}

function result(window: Interval, outageMs: number, excludedMs: number): UptimeResult {
  const windowMin = (window.toMs - window.fromMs) / MS_PER_MIN;
  const outageMin = outageMs / MS_PER_MIN;
  const excludedMin = excludedMs / MS_PER_MIN;
  return { windowMin, outageMin, excludedMin, uptimePercent: neviUptimePercent(windowMin, outageMin, excludedMin) };
}
