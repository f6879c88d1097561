/**
 * Live fleet counters: stations, boots, every call's outcome per action (call-stats.ts), every connection
 * attempt and loss (connection-stats.ts) and the sessions. Counters live here, not in per-station objects.
 */
import type { CallOutcome } from '../transport/types.js';
import { CallStats, type ActionCounts } from './call-stats.js';
import { ConnectionStats, type ConnectionCounts } from './connection-stats.js';
import { SessionCounts, type SessionSummary } from './session-counts.js';

export type BootStatus = 'Accepted' | 'Pending' | 'Rejected';

export interface FleetSnapshot {
  stations: number;
  started: number;
  connected: number;
  /** Stations with an Accepted boot. */
  booted: number;
  /** Stations never accepted whose last boot answer was Pending / Rejected. */
  pending: number;
  rejected: number;
  /** Started stations that never got an accepted boot. */
  notBooted: number;
  /** CALLs sent (each ended in one outcome). */
  calls: number;
  /** Calls that failed: CALLERROR (or an invalid answer), timed out, cut by a disconnect. */
  errors: number;
  /** Failed calls per error code (CALLERROR code as sent, `Timeout`, `Disconnected`). */
  errorsByCode: Record<string, number>;
  actions: ActionCounts[];
  connections: ConnectionCounts;
  sessions: SessionSummary;
}

export class FleetMetrics {
  stations = 0;
  started = 0;
  readonly bootStatus = new Map<string, BootStatus>();
  readonly sessions = new SessionCounts();
  readonly calls = new CallStats();
  connections: ConnectionStats;

  constructor(stations = 0) {
    this.stations = stations;
    this.connections = new ConnectionStats(stations);
  }

  get connected(): number {
    return this.connections.connected;
  }

  /** `stopping`: the run itself is stopping the call's station. */
  recordCall(outcome: CallOutcome, stopping = false): void {
    this.calls.record(outcome, stopping);
  }

  /** Stations with an accepted boot; kept as a counter because it is read on every boot. */
  bootedCount = 0;

  /** Returns true when this is the station's first Accepted boot. */
  recordBoot(stationId: string, status: BootStatus): boolean {
    // Accepted is sticky: a station that was accepted once has booted, whatever a later reboot says.
    if (this.bootStatus.get(stationId) === 'Accepted') return false;
    this.bootStatus.set(stationId, status);
    if (status !== 'Accepted') return false;
    this.bootedCount++;
    return true;
  }

  snapshot(): FleetSnapshot {
    let pending = 0;
    let rejected = 0;
    for (const status of this.bootStatus.values()) {
      if (status === 'Pending') pending++;
      else if (status === 'Rejected') rejected++;
    }
    const actions = this.calls.snapshot();
    const errorsByCode = new Map<string, number>();
    const add = (code: string, n: number) => n > 0 && errorsByCode.set(code, (errorsByCode.get(code) ?? 0) + n);
    for (const a of actions) {
      for (const [code, n] of Object.entries(a.callErrors)) add(code, n);
      add('Timeout', a.timedOut);
      add('Disconnected', a.cutByDisconnect);
    }
    return {
      stations: this.stations,
      started: this.started,
      connected: this.connected,
      booted: this.bootedCount,
      pending,
      rejected,
      notBooted: this.started - this.bootedCount,
      calls: actions.reduce((sum, a) => sum + a.sent, 0),
      errors: this.calls.errors,
      errorsByCode: Object.fromEntries([...errorsByCode.entries()].sort()),
      actions,
      connections: this.connections.snapshot(),
      sessions: this.sessions.snapshot(),
    };
  }
}
