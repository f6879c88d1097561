/**
 * What happened to every outgoing CALL of a fleet, per action: each one sent ends in exactly one outcome
 * (answered, CALLERROR by code, timed out, in flight when its station was stopped, cut by a disconnect).
 * Latency histograms hold answered calls only; the per-second histograms feed the run's time series.
 */
import type { Histogram } from 'hdr-histogram-js';
import type { CallOutcome } from '../transport/types.js';
import { encodeHistogram, latencyStats, newLatencyHistogram, percentileMs, recordMs, type LatencyStats } from './latency.js';

export interface ActionCounts {
  action: string;
  sent: number;
  answered: number;
  /** CALLERROR by code as the CSMS spelled it; an answer that failed validation as `invalid answer (<code>)`. */
  callErrors: Record<string, number>;
  timedOut: number;
  /** On the wire when its station was stopped (by the end of the run or a ramp-down). */
  inFlightAtEnd: number;
  /** Of those, calls that had waited at least `CALL_STATS.unansweredMs`: the CSMS was not answering them. */
  unansweredAtEnd: number;
  cutByDisconnect: number;
  /** Never went out: the station was offline, or the offline queue was full. Not part of `sent`. */
  notSent: number;
  latency: LatencyStats;
  histogram: string;
}

export const CALL_STATS = {
  /** A call still unanswered after this long (real ms) when its station stops counts as unanswered. */
  unansweredMs: 5_000,
} as const;

class ActionStats {
  sent = 0;
  answered = 0;
  readonly callErrors = new Map<string, number>();
  timedOut = 0;
  inFlightAtEnd = 0;
  unansweredAtEnd = 0;
  cutByDisconnect = 0;
  notSent = 0;
  /**
   * Answered calls of the seconds already taken (`takeSecond` folds each second in). A call is recorded once, in
   * `second`; the run's histogram is `histogram` plus the open second, summed when read (`total`).
   */
  readonly histogram = newLatencyHistogram();
  /** Answered calls of the current second; folded into `histogram` and reset by `takeSecond`. */
  readonly second = newLatencyHistogram();
  secondCalls = 0;
  secondErrors = 0;

  constructor(readonly action: string) {}
}

export class CallStats {
  private readonly byAction = new Map<string, ActionStats>();
  /**
   * Every answered call of the run, for the live p99: the sum of the actions' histograms, made when read (once a
   * second) rather than recorded a third time on every call.
   */
  private readonly all: Histogram = newLatencyHistogram();
  errors = 0;

  /** `stopping`: the call's station is being stopped by the run itself, so a cut call was in flight at the end. */
  record(outcome: CallOutcome, stopping: boolean): void {
    let stats = this.byAction.get(outcome.action);
    if (stats === undefined) {
      stats = new ActionStats(outcome.action);
      this.byAction.set(outcome.action, stats);
    }
    switch (outcome.end) {
      case 'unsent':
        stats.notSent++;
        return;
      case 'result':
        stats.answered++;
        this.answered(stats, outcome.latencyMs);
        break;
      case 'error':
      case 'invalid': {
        const code = outcome.end === 'error' ? (outcome.wireCode ?? outcome.errorCode ?? 'Unknown') : `invalid answer (${outcome.errorCode ?? 'Unknown'})`;
        stats.callErrors.set(code, (stats.callErrors.get(code) ?? 0) + 1);
        this.answered(stats, outcome.latencyMs);
        this.failed(stats);
        break;
      }
      case 'timeout':
        stats.timedOut++;
        this.failed(stats);
        break;
      case 'disconnected':
        if (stopping) {
          stats.inFlightAtEnd++;
          if (outcome.latencyMs >= CALL_STATS.unansweredMs) stats.unansweredAtEnd++;
        } else {
          stats.cutByDisconnect++;
          this.failed(stats);
        }
        break;
    }
    stats.sent++;
    stats.secondCalls++;
  }

  /** p99 of every answered call so far, real ms; null before the first. */
  p99SoFarMs(): number | null {
    this.all.reset();
    for (const stats of this.byAction.values()) {
      if (stats.histogram.totalCount > 0) this.all.add(stats.histogram);
      if (stats.second.totalCount > 0) this.all.add(stats.second);
    }
    return this.all.totalCount === 0 ? null : percentileMs(this.all, 99);
  }

  get finished(): number {
    let n = 0;
    for (const stats of this.byAction.values()) n += stats.sent;
    return n;
  }

  /** The last second's calls, errors and p99 per action; starts the next second. */
  takeSecond(): { calls: number; errors: number; p99ByAction: Record<string, number> } {
    let calls = 0;
    let errors = 0;
    const p99ByAction: Record<string, number> = {};
    for (const stats of [...this.byAction.values()].sort(byAction)) {
      calls += stats.secondCalls;
      errors += stats.secondErrors;
      if (stats.second.totalCount > 0) p99ByAction[stats.action] = percentileMs(stats.second, 99);
      stats.secondCalls = 0;
      stats.secondErrors = 0;
      if (stats.second.totalCount > 0) stats.histogram.add(stats.second);
      stats.second.reset();
    }
    return { calls, errors, p99ByAction };
  }

  snapshot(): ActionCounts[] {
    return [...this.byAction.values()].sort(byAction).map((s) => this.countsOf(s));
  }

  private countsOf(s: ActionStats): ActionCounts {
    const total = totalOf(s);
    return {
      action: s.action,
      sent: s.sent,
      answered: s.answered,
      callErrors: Object.fromEntries([...s.callErrors.entries()].sort()),
      timedOut: s.timedOut,
      inFlightAtEnd: s.inFlightAtEnd,
      unansweredAtEnd: s.unansweredAtEnd,
      cutByDisconnect: s.cutByDisconnect,
      notSent: s.notSent,
      latency: latencyStats(total),
      histogram: encodeHistogram(total),
    };
  }

  /** One HDR record per answered call: an HDR record costs 0.1 to 0.25 µs here, on every call of a flood. */
  private answered(stats: ActionStats, latencyMs: number): void {
    recordMs(stats.second, latencyMs);
  }

  private failed(stats: ActionStats): void {
    this.errors++;
    stats.secondErrors++;
  }
}

/** Every answered call of the action so far: the taken seconds and the open one (a copy when both hold calls). */
function totalOf(stats: ActionStats): Histogram {
  if (stats.second.totalCount === 0) return stats.histogram;
  if (stats.histogram.totalCount === 0) return stats.second;
  const total = newLatencyHistogram();
  total.add(stats.histogram);
  total.add(stats.second);
  return total;
}

function byAction(a: { action: string }, b: { action: string }): number {
  return a.action < b.action ? -1 : a.action > b.action ? 1 : 0;
}
