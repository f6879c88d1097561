/**
 * What a load run produces, as data: the contract between the load engine (which fills it), the
 * profiles and thresholds (which read it), the reports, Prometheus and `--compare` (which show it).
 * A result is plain JSON, so a saved `result.json` can be compared, merged or re-reported later.
 *
 * Rules every producer keeps:
 *  - nothing is hidden: every connection attempt, boot, call and session ends in exactly one counted outcome;
 *  - latency histograms hold answered calls only (a CALLRESULT or a CALLERROR came back); a timed-out call,
 *    one still in flight at the end and one cut by a disconnect are counted, never folded into latency;
 *  - percentiles come from one HdrHistogram per action, so p50 <= p90 <= p99 <= p99.9 <= max always holds.
 */
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import type { ProtocolChoice } from '../../simulator/fleet/plan.js';
import type { SessionSummary } from '../../simulator/fleet/session-counts.js';
import type { ConnectFailureReason } from '../../simulator/transport/connect-failure.js';

export const LOAD_RESULT_FORMAT = 'chargedrill-load-result/1';

/** Documented exit codes of `chargedrill load` (and `fleet`), README "Exit codes". */
export const LOAD_EXIT = {
  ok: 0,
  /** The run itself failed: a station did not boot in time, nothing could connect, the target went away. */
  runFailed: 1,
  /** Bad flags, a bad profile file, a threshold that does not parse. Nothing was run. */
  badInput: 2,
  /**
   * `--compare`: the run is worse than the baseline beyond `--tolerance` (harness/load/compare.ts). Its own code so
   * CI can tell "slower than the last release" from "over an absolute limit"; when both happen, 99 wins.
   */
  regression: 98,
  /** The run completed but a threshold failed (k6 uses the same code). */
  thresholdFailed: 99,
  /** Ctrl-C / SIGTERM: the partial result was written. */
  interrupted: 130,
} as const;

/** Real-millisecond latency summary of one HdrHistogram (answered calls only); one home, in the fleet's latency module. */
import type { LatencyStats } from '../../simulator/fleet/latency.js';
export type LatencySummary = LatencyStats;

/** Why a connection attempt failed before the WebSocket opened (refused, dns, tls, http-<status>, ...). */
export type { ConnectFailureReason } from '../../simulator/transport/connect-failure.js';

export interface ConnectionOutcomes {
  attempts: number;
  /** Attempts that opened a WebSocket. */
  opened: number;
  /** Failed attempts by reason; sums to attempts - opened (minus attempts still pending at the end). */
  failed: Partial<Record<ConnectFailureReason, number>>;
  /** The first failure seen, with how many attempts failed for the same reason: what a user reads first. */
  firstFailure?: { reason: ConnectFailureReason; message: string; count: number };
  /** Open connections the CSMS (or the network) closed, by WebSocket close code ("1006" abnormal, "1000" normal ...). */
  closedByPeer: Record<string, number>;
  /**
   * Real ms the ramp waited with stations due because `maxConnecting` handshakes (per process) were in flight, and
   * that limit; absent when it never waited. Merged shards: the longest wait and the largest limit.
   */
  rampHeld?: { ms: number; maxConnecting: number };
}

export interface BootOutcomes {
  accepted: number;
  pending: number;
  rejected: number;
  /** Stations that never got an Accepted boot (pending, rejected, unanswered or never connected). */
  notBooted: number;
  /** Real ms from the start of the run until every station had an Accepted boot; absent if some never did. */
  bootAllMs?: number;
}

export interface ActionResult {
  action: string;
  /** CALLs sent (every one of them ends in exactly one of the outcomes below). */
  sent: number;
  /** CALLRESULT received. */
  answered: number;
  /** CALLERROR received, by error code (spelled as the CSMS sent it). */
  callErrors: Record<string, number>;
  timedOut: number;
  /** Still waiting for an answer when the run ended. */
  inFlightAtEnd: number;
  /** Lost when the connection dropped before the answer came. */
  cutByDisconnect: number;
  /** Of `inFlightAtEnd`, calls that had waited at least 5 s: the CSMS was not answering them. */
  unansweredAtEnd?: number;
  /** Never went out (the station was offline, or its offline queue was full); not part of `sent`. */
  notSent?: number;
  /** Answered calls' latency (CALLRESULT and CALLERROR), real milliseconds. */
  latency: LatencySummary;
  /** The HdrHistogram of `latency`, encoded (hdr-histogram-js `encodeIntoCompressedBase64`, microseconds). */
  histogram: string;
}

export interface DisconnectStats {
  /** Open connections lost while the run was not stopping. */
  disconnects: number;
  /** Of those, connections re-established (and re-booted) before the end. */
  recovered: number;
  /** Real ms from each disconnect to the station's next Accepted boot. */
  timeToRecover: LatencySummary;
  /** The HdrHistogram of `timeToRecover`, encoded like `ActionResult.histogram` (for `chargedrill merge`). */
  timeToRecoverHistogram?: string;
  /** Connections the simulation itself dropped (an injected network fault, a reboot); not in `disconnects`. */
  droppedBySimulation?: number;
}

/** Fault-to-detection latency of one issue type under load (bundled CSMS or webhook intake). */
export interface DetectionResult {
  /** Issue type from harness/issues/catalogue.ts, e.g. `safety-fault`. */
  issueType: string;
  /** Faults injected that should raise it. */
  injected: number;
  detected: number;
  /** Not raised by the end of the run. */
  missed: number;
  /** Real ms from the fault's first frame reaching the CSMS to the issue being raised. */
  latency: LatencySummary;
  histogram: string;
  /**
   * How many latencies were measured from the fault's first frame (an evidence frame of the issue at or after the
   * injection), and how many from the injection because no evidence frame was that recent (harness/load/detection.ts).
   */
  measuredFrom?: { firstFrame: number; injection: number };
}

/** One second of the run (real time). Rates are per second over that bucket. */
export interface TimeSeriesPoint {
  /** Seconds since the run started (bucket end). */
  t: number;
  stage: string;
  connected: number;
  booted: number;
  callsPerS: number;
  errorsPerS: number;
  /** p99 of answered calls in this second per action, real ms (only actions with calls in it). */
  p99ByAction: Record<string, number>;
  /** Open sessions at the bucket end. */
  sessionsActive: number;
}

export interface ThresholdResult {
  /** As written, e.g. `p99(BootNotification)<500ms`. */
  expression: string;
  /** Where it came from: `--threshold` or `profile.yaml:12:5`. */
  source: string;
  /** The measured value in the threshold's unit (ms, %, count), or null when there was nothing to measure. */
  measured: number | null;
  unit: 'ms' | '%' | 'count' | 'per-s';
  ok: boolean;
  abortOnFail: boolean;
  /** Why `measured` is null (the threshold then fails), or which action decided a `p99(*)`. */
  note?: string;
}

/**
 * A stage of a profile, as run (k6-like: ramp to `target` stations over `durationMs`, or hold). Stations come online
 * in plan order (index 0 first) and go offline highest index first: the fault mix picks stations online at a fault's
 * time on that assumption (harness/load/profiles/fault-mix.ts).
 */
export interface StageSpec {
  name: string;
  durationMs: number;
  /** Stations online at the end of the stage. */
  target: number;
  /** Mean sessions per station per simulated hour during the stage. */
  sessionsPerHour: number;
  /** Extra message load per station during the stage (simulated time). */
  mix?: MessageMix;
  /**
   * A reconnect storm: when the stage starts, `share` (0..1) of the stations online lose their connection, spread
   * over `spreadMs` real ms (0 = all at once), and each reconnects `offlineMs` real ms after its drop (a plain
   * reconnect: offline queue replay and statuses, no BootNotification).
   */
  disconnect?: { share: number; offlineMs: number; spreadMs: number };
}

export interface MessageMix {
  /** MeterValues interval while charging, simulated seconds (default from the station). */
  meterValuesIntervalS?: number;
  /** Authorize-only calls (a badge swiped without a session) per station per simulated hour. */
  authorizePerHour?: number;
  /** Heartbeat interval override, simulated seconds. */
  heartbeatIntervalS?: number;
  /** Each station sends its next Heartbeat as soon as the last is answered (a closed loop; the CSMS sets the rate). */
  heartbeatFlood?: boolean;
}

/** A fault the engine injects at a real time into a station (by index in the plan) during the run. */
export interface ScheduledFault {
  /** Real ms from the start of the run. */
  atMs: number;
  stationIndex: number;
  connectorId?: number;
  /** A kind from simulator/faults/registry.ts FAULTS. */
  kind: string;
  params: Record<string, unknown>;
  /** The issue type a CSMS should raise for it (catalogue), for detection latency. */
  expectedIssue: string;
}

export interface LoadParameters {
  profile: string;
  /** Profile file path, when one was given. */
  profileFile?: string;
  stations: number;
  sites: number;
  protocol: ProtocolChoice;
  connectors: number;
  timeScale: number;
  seed: number;
  url: string;
  /** Every target when the run spread its stations over several URLs (`url` is the first), and how it dealt them. */
  urls?: string[];
  urlStrategy?: 'round-robin' | 'by-site';
  /** Local addresses the stations connected from, round-robin by station index. */
  sourceAddresses?: string[];
  /** Where the bundled CSMS ran: `child-process`, `in-process`, or `external` (the user's --url). */
  csms: 'child-process' | 'in-process' | 'external';
  desk: boolean;
  behaviours: string[];
  stages: StageSpec[];
  faults: number;
  thresholds: string[];
  bootTimeoutMs: number;
  /** Disconnects by the CSMS or the network the run tolerates before it counts as failed (default 0). */
  maxDisconnects?: number;
  /** Plan index of the first station (`--first-station`), when given. */
  firstStation?: number;
  /** Prefix of every station and site id (`--id-prefix`), when given. */
  idPrefix?: string;
  /** The bundled CSMS's crash and restart (`--csms-restart-at`, `--csms-down-for`), real ms, when asked for. */
  csmsRestart?: { atMs: number; downForMs: number };
  /** The bundled CSMS's SQLite file when the run gave one (`--csms-db`). */
  csmsDb?: string;
  argv: string[];
}

/** One kill -9 and restart of the bundled CSMS during the run (harness/load/csms-crash.ts). */
export interface CsmsRestart {
  /** Real seconds from the start of the run to the SIGKILL. */
  atS: number;
  /** Real seconds from the SIGKILL until the new CSMS was listening. */
  downForS: number;
  /** Stations online with an open connection when it was killed. */
  connectedAtKill: number;
  /** Connections the crash closed (the run's disconnects between the kill and the recovery). */
  disconnects: number;
  /** Real seconds from the SIGKILL until every station online was connected again; absent if that never happened. */
  recoveredAfterS?: number;
  /** Real seconds from the SIGKILL until the messages the stations kept meanwhile were delivered (no station with a backlog). */
  drainedAfterS?: number;
  /** The CSMS's simulated time (epoch ms, `/api/health`) last read before the kill and first read after the restart. */
  clockBeforeMs?: number;
  clockAfterMs?: number;
}

/**
 * What the CSMS's own store holds of the durable messages the stations sent (harness/load/delivery-check.ts):
 * each exactly once, in the order sent, and no transaction left open at the end. Any non-zero count fails the run.
 */
export interface DeliveryCheck {
  /** Durable messages the stations sent (each counted once, however often it was retried). */
  checked: number;
  missing: number;
  duplicated: number;
  outOfOrder: number;
  /** Transactions the CSMS still has open after every session ended. */
  openTransactions: number;
  /** Up to a few examples of each problem, one line each. */
  findings: string[];
}

/** A scheduled fault as it happened: for a detection watcher to match the issue it should raise. */
export interface InjectedFault {
  /** Real ms from the start of the run when it was injected (or found impossible). */
  atMs: number;
  /** ISO wall-clock time of the injection. */
  at: string;
  stationIndex: number;
  /** Absent when no station was online at that index. */
  stationId?: string;
  connectorId?: number;
  kind: string;
  expectedIssue: string;
  /** Why it was not injected (station offline, targets that do not fit the fault); absent when it was. */
  error?: string;
}

/** `regression`: the run completed and held its thresholds but is worse than its `--compare` baseline (exit 98). */
export type LoadVerdict = 'passed' | 'regression' | 'threshold-failed' | 'run-failed' | 'interrupted';

/** One compared metric of `--compare` (harness/load/compare.ts says what "worse" means per metric). */
export interface ComparisonRow {
  metric: string;
  unit: 'ms' | '%' | 'count' | 'per-s';
  baseline: number | null;
  current: number | null;
  /** current - baseline; null when either is missing. */
  delta: number | null;
  /** delta relative to the baseline, in %; null when either is missing or the baseline is 0. */
  deltaPct: number | null;
  worse: 'higher' | 'lower';
  regression: boolean;
}

/** The run against its `--compare` baseline, as the reports show it. */
export interface LoadComparison {
  /** The baseline file as given. */
  baseline: string;
  /** Relative tolerance, 0.1 for 10 %. */
  tolerance: number;
  rows: ComparisonRow[];
}

export interface LoadResult {
  format: typeof LOAD_RESULT_FORMAT;
  tool: { name: 'chargedrill'; version: string; node: string };
  /** ISO wall-clock time the run started. */
  startedAt: string;
  parameters: LoadParameters;
  /** Real seconds from start to the end of the run (before the shutdown grace). */
  elapsedS: number;
  verdict: LoadVerdict;
  /** One line per reason the run failed or was cut, for the summary and the reports. */
  failures: string[];
  exitCode: number;
  connections: ConnectionOutcomes;
  boots: BootOutcomes;
  /** Sorted by action name. */
  actions: ActionResult[];
  /** Totals over all actions. */
  calls: { sent: number; answered: number; errors: number; timedOut: number; inFlightAtEnd: number; cutByDisconnect: number; perS: number };
  disconnects: DisconnectStats;
  sessions: SessionSummary;
  detection: DetectionResult[];
  timeSeries: TimeSeriesPoint[];
  thresholds: ThresholdResult[];
  /** The scheduled faults as injected, in order. */
  faultsInjected?: InjectedFault[];
  /** Stations per protocol, for the reports. */
  protocols: Partial<Record<OcppProtocol, number>>;
  /**
   * Which part of a sharded run this is (`--shard`, 0-based index of `count`); absent on a whole run and on the
   * result `chargedrill merge` makes of all shards. `parameters` are the whole run's (stations, stages, faults).
   */
  shard?: { index: number; count: number };
  /** The bundled CSMS's crashes and restarts during the run, when the run asked for one. */
  csmsRestarts?: CsmsRestart[];
  /** The delivery check of the durable messages against the CSMS's store, when it ran. */
  delivery?: DeliveryCheck;
  /** `--compare`: every compared metric; a regression made a passed run `regression` (exit 98). */
  comparison?: LoadComparison;
}

/**
 * What the engine reports while running (about once a second), for the live display and Prometheus.
 * Cheap to build: no percentiles over the whole run except the `p99SoFar` of answered calls.
 */
export interface LiveProgress {
  elapsedS: number;
  stage: string;
  stations: number;
  connected: number;
  booted: number;
  callsPerS: number;
  calls: number;
  errors: number;
  p99SoFarMs: number | null;
  sessionsActive: number;
}
