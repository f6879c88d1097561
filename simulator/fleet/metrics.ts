/**
 * Live fleet counters and one latency histogram per OCPP action (HdrHistogram, microseconds).
 */
import * as hdr from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';
import type { CallOutcome } from '../transport/types.js';
import { SessionCounts, type SessionSummary } from './session-counts.js';

export interface ActionSummary {
  action: string;
  calls: number;
  errors: number;
  /** Real milliseconds. */
  p50: number;
  p90: number;
  p99: number;
  p99_9: number;
  max: number;
  mean: number;
}

export interface FleetSnapshot {
  stations: number;
  started: number;
  connected: number;
  booted: number;
  pending: number;
  rejected: number;
  /** Stations that never got an accepted boot. */
  notBooted: number;
  calls: number;
  errors: number;
  /** Failed calls per error code (CALLERROR code, `Timeout`, `Disconnected`). */
  errorsByCode: Record<string, number>;
  actions: ActionSummary[];
  sessions: SessionSummary;
}

const HISTOGRAM = { lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 } as const;

export class FleetMetrics {
  stations = 0;
  started = 0;
  connected = 0;
  readonly bootStatus = new Map<string, 'Accepted' | 'Pending' | 'Rejected'>();
  readonly sessions = new SessionCounts();
  private readonly histograms = new Map<string, Histogram>();
  private readonly errorsByAction = new Map<string, number>();
  private readonly errorsByCode = new Map<string, number>();
  private errors = 0;

  recordCall(outcome: CallOutcome): void {
    let histogram = this.histograms.get(outcome.action);
    if (histogram === undefined) {
      histogram = hdr.build(HISTOGRAM);
      this.histograms.set(outcome.action, histogram);
    }
    histogram.recordValue(Math.max(1, Math.round(outcome.latencyMs * 1_000)));
    if (!outcome.ok) {
      this.errors++;
      this.errorsByAction.set(outcome.action, (this.errorsByAction.get(outcome.action) ?? 0) + 1);
      const code = outcome.errorCode ?? 'Unknown';
      this.errorsByCode.set(code, (this.errorsByCode.get(code) ?? 0) + 1);
    }
  }

  /** Stations with an accepted boot; kept as a counter because it is read on every boot. */
  bootedCount = 0;

  recordBoot(stationId: string, status: 'Accepted' | 'Pending' | 'Rejected'): void {
    // Accepted is sticky: a station that was accepted once has booted, whatever a later reboot says.
    if (this.bootStatus.get(stationId) === 'Accepted') return;
    this.bootStatus.set(stationId, status);
    if (status === 'Accepted') this.bootedCount++;
  }

  snapshot(): FleetSnapshot {
    let booted = 0;
    let pending = 0;
    let rejected = 0;
    for (const status of this.bootStatus.values()) {
      if (status === 'Accepted') booted++;
      else if (status === 'Pending') pending++;
      else rejected++;
    }
    const actions = [...this.histograms.entries()]
      .map(([action, h]) => summarise(action, h, this.errorsByAction.get(action) ?? 0))
      .sort((a, b) => a.action.localeCompare(b.action));
    return {
      stations: this.stations,
      started: this.started,
      connected: this.connected,
      booted,
      pending,
      rejected,
      notBooted: this.stations - booted,
      calls: actions.reduce((sum, a) => sum + a.calls, 0),
      errors: this.errors,
      errorsByCode: Object.fromEntries([...this.errorsByCode.entries()].sort()),
      actions,
      sessions: this.sessions.snapshot(),
    };
  }
}

function summarise(action: string, h: Histogram, errors: number): ActionSummary {
  const ms = (us: number) => Math.round(us) / 1_000;
  return {
    action,
    calls: h.totalCount,
    errors,
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p99: ms(h.getValueAtPercentile(99)),
    p99_9: ms(h.getValueAtPercentile(99.9)),
    max: ms(h.maxValue),
    mean: ms(h.mean),
  };
}
