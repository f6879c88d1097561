/**
 * Fault-to-detection latency under load: subscribes to the bundled CSMS's `GET /api/events?types=issue-raised`
 * and matches each raised issue to a fault the engine injected (issue type from the fault's `expectedIssue`, the
 * station, and the connector when both name one). One issue matches at most one fault and the reverse.
 *
 * Latency is real ms, measured on the CSMS's own clock: from the fault's first frame reaching the CSMS (the
 * earliest of the issue's evidence frames stamped at or after the injection) to the `issue-raised` event. When
 * no evidence frame is that recent (no-connectivity is evidenced by the last frame before the silence, a reboot
 * loop by boots from before the fault), it is measured from the injection instead. `measuredFrom` in the result
 * counts which. The CSMS stamps simulated epoch ms; they become real ms through the time scale and one clock
 * reading taken at start (`GET /api/health`), good to about half that request's round trip.
 */
// The package's own modules, not its index: the index loads every part (log readers and writers, recorders), about
// 5 MiB of resident memory in each process that holds a fleet (docs/performance.md, section 5).
import { build } from 'hdr-histogram-js/dist/HistogramBuilder.js';
import { encodeIntoCompressedBase64 } from 'hdr-histogram-js/dist/encoding.js';
import type { Histogram } from 'hdr-histogram-js';
import { stationConnectorOf } from '../../simulator/vocabulary/evse.js';
import type { CsmsEvent } from '../csms/events.js';
import { subscribeSse, type SseSubscription } from '../runner/csms/sse-client.js';
import type { DetectionResult, LatencySummary, ScheduledFault } from './result.js';

export interface DetectionWatcherOptions {
  /** The bundled CSMS's HTTP base URL (its `/api/events` must be served, i.e. the desk is on). */
  csmsUrl: string;
  /** Station ids by plan index, as the engine's fleet plan names them. */
  stationIds: readonly string[];
  /** The CSMS clock's simulated ms per real ms. */
  timeScale: number;
  /** Real epoch ms the run started; `injectedAtMs` counts from it. Default: when the watcher started. */
  runStartEpochMs?: number;
  /** The event stream broke (the watcher then misses what follows). */
  onError?: (error: Error) => void;
}

/** A scheduled fault as the engine injected it. */
export interface InjectedFault extends ScheduledFault {
  /** Real ms from the start of the run when the engine injected it. */
  injectedAtMs: number;
}

type RaisedEvent = Extract<CsmsEvent, { type: 'issue-raised' }>;

interface Pending {
  fault: InjectedFault;
  stationId: string;
  /** Real epoch ms of the injection. */
  injectedEpochMs: number;
  detected: boolean;
}

/** What matching needs of a raised issue (not its evidence payloads: a long run raises many). */
interface RaisedIssue {
  type: string;
  stationId: string | undefined;
  /** The station connector it names, if any. */
  connectorId: number | undefined;
  /** Real epoch ms the CSMS raised it. */
  raisedEpochMs: number;
  /** Real epoch ms of each evidence frame. */
  evidenceEpochMs: number[];
  matched: boolean;
}

const HISTOGRAM = { lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 } as const;

export class DetectionWatcher {
  private readonly faults: Pending[] = [];
  private readonly issues: RaisedIssue[] = [];
  private readonly histograms = new Map<string, Histogram>();
  private readonly from = new Map<string, { firstFrame: number; injection: number }>();
  private subscription: SseSubscription | undefined;
  private readonly runStartEpochMs: number;
  /** Maps the CSMS's simulated epoch ms to this process's real epoch ms. */
  private toReal: (simMs: number) => number = (simMs) => simMs;
  /** How far off `toReal` may be: half the round trip of the clock reading. */
  private slackMs = 0;

  private constructor(private readonly options: DetectionWatcherOptions) {
    this.runStartEpochMs = options.runStartEpochMs ?? Date.now();
  }

  /** Reads the CSMS's clock, subscribes to its issues and resolves once the stream is live. */
  static async start(options: DetectionWatcherOptions): Promise<DetectionWatcher> {
    const watcher = new DetectionWatcher(options);
    await watcher.connect();
    return watcher;
  }

  private async connect(): Promise<void> {
    const base = this.options.csmsUrl.replace(/\/+$/, '');
    const sentAt = Date.now();
    const response = await fetch(`${base}/api/health`);
    const health = (await response.json()) as { now?: unknown };
    const receivedAt = Date.now();
    if (!response.ok || typeof health.now !== 'number') throw new Error(`${base}/api/health did not say the CSMS's time: is this the bundled chargedrill CSMS?`);
    const csmsNow = health.now;
    const localAt = (sentAt + receivedAt) / 2;
    this.slackMs = (receivedAt - sentAt) / 2 + 1;
    const scale = this.options.timeScale;
    this.toReal = (simMs) => localAt + (simMs - csmsNow) / scale;
    this.subscription = subscribeSse(
      `${base}/api/events?types=issue-raised`,
      (data) => this.onEvent(data as CsmsEvent),
      (error) => this.options.onError?.(error as Error),
    );
    await this.subscription.ready;
  }

  /** Called by the engine right after it injected a scheduled fault. */
  faultInjected(fault: InjectedFault): void {
    const stationId = this.options.stationIds[fault.stationIndex];
    if (stationId === undefined) throw new RangeError(`station index ${fault.stationIndex} is not in the plan of ${this.options.stationIds.length} stations`);
    const pending: Pending = { fault, stationId, injectedEpochMs: this.runStartEpochMs + fault.injectedAtMs, detected: false };
    this.faults.push(pending);
    // The issue may have come through the stream before the engine reported the injection.
    const issue = this.issues.find((raised) => !raised.matched && this.fits(pending, raised));
    if (issue) this.match(pending, issue);
  }

  private onEvent(event: CsmsEvent): void {
    if (event.type !== 'issue-raised') return;
    const { issue } = event as RaisedEvent;
    const raised: RaisedIssue = {
      type: issue.type,
      stationId: issue.stationId,
      connectorId: stationConnectorOf(issue),
      raisedEpochMs: this.toReal(event.at),
      evidenceEpochMs: issue.evidence.map((e) => this.toReal(e.at)),
      matched: false,
    };
    this.issues.push(raised);
    const fault = this.faults.find((pending) => !pending.detected && this.fits(pending, raised));
    if (fault) this.match(fault, raised);
  }

  private fits(pending: Pending, raised: RaisedIssue): boolean {
    if (raised.type !== pending.fault.expectedIssue || raised.stationId !== pending.stationId) return false;
    const connector = raised.connectorId;
    if (pending.fault.connectorId !== undefined && connector !== undefined && connector !== pending.fault.connectorId) return false;
    return raised.raisedEpochMs >= pending.injectedEpochMs - this.slackMs;
  }

  private match(pending: Pending, raised: RaisedIssue): void {
    pending.detected = true;
    raised.matched = true;
    const faultFrames = raised.evidenceEpochMs.filter((at) => at >= pending.injectedEpochMs - this.slackMs);
    const startMs = faultFrames.length > 0 ? Math.min(...faultFrames) : pending.injectedEpochMs;
    const type = pending.fault.expectedIssue;
    const from = this.from.get(type) ?? { firstFrame: 0, injection: 0 };
    if (faultFrames.length > 0) from.firstFrame++;
    else from.injection++;
    this.from.set(type, from);
    let histogram = this.histograms.get(type);
    if (histogram === undefined) {
      histogram = build(HISTOGRAM);
      this.histograms.set(type, histogram);
    }
    histogram.recordValue(Math.max(1, Math.round((raised.raisedEpochMs - startMs) * 1_000)));
  }

  /** Faults injected so far and whether each was detected; for waiting in tests and the engine's end grace. */
  progress(): { injected: number; detected: number } {
    return { injected: this.faults.length, detected: this.faults.filter((f) => f.detected).length };
  }

  /** One entry per issue type of the injected faults, sorted by issue type. */
  result(): DetectionResult[] {
    const types = [...new Set(this.faults.map((f) => f.fault.expectedIssue))].sort();
    return types.map((issueType) => {
      const ofType = this.faults.filter((f) => f.fault.expectedIssue === issueType);
      const detected = ofType.filter((f) => f.detected).length;
      const histogram = this.histograms.get(issueType);
      return {
        issueType,
        injected: ofType.length,
        detected,
        missed: ofType.length - detected,
        latency: summarise(histogram),
        histogram: histogram === undefined ? '' : encodeIntoCompressedBase64(histogram),
        measuredFrom: this.from.get(issueType) ?? { firstFrame: 0, injection: 0 },
      };
    });
  }

  close(): void {
    // Histograms stay: result() may still be read after the stream is closed.
    this.subscription?.close();
  }
}

function summarise(h: Histogram | undefined): LatencySummary {
  if (h === undefined || h.totalCount === 0) return { count: 0, p50: 0, p90: 0, p95: 0, p99: 0, p99_9: 0, max: 0, mean: 0 };
  const ms = (us: number) => Math.round(us) / 1_000;
  return {
    count: h.totalCount,
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p95: ms(h.getValueAtPercentile(95)),
    p99: ms(h.getValueAtPercentile(99)),
    p99_9: ms(h.getValueAtPercentile(99.9)),
    // The highest equivalent value, as the percentiles are: p99.9 <= max holds (the raw maxValue can sit below them).
    max: ms(h.getValueAtPercentile(100)),
    mean: ms(h.mean),
  };
}
