/**
 * The canonical result of a `chargedrill run`: one JSON document with a stable shape. JUnit XML, HTML and
 * Markdown are views of it and hold nothing it does not. Times: `...Ms` relative to the scenario start
 * are SIMULATED milliseconds; wall-clock instants are ISO strings; `realDurationMs` is real time.
 * Bump `schemaVersion` on any breaking change; additions that older readers can ignore (the optional
 * `interrupted` fields, the `interrupted` status) keep version 1.
 */

export const RESULT_SCHEMA_VERSION = 1;

export type Status = 'passed' | 'failed' | 'errored';

export interface RunResult {
  schemaVersion: typeof RESULT_SCHEMA_VERSION;
  tool: { name: 'chargedrill'; version: string };
  startedAt: string;
  finishedAt: string;
  realDurationMs: number;
  /** Where the CSMS under test was: started in-process, the bundled one elsewhere, or a third party's. */
  csms: { kind: 'bundled-in-process' | 'bundled-remote' | 'third-party'; url?: string };
  /** Overrides and filters given on the command line, if any. */
  options: { seed?: number; timeScale?: number; grep?: string[]; tags?: string[]; bail?: boolean };
  /** Present (true) only when the run was stopped by Ctrl-C (SIGINT) before every scenario ended. */
  interrupted?: true;
  summary: {
    scenarios: number;
    passed: number;
    failed: number;
    errored: number;
    /** Not run: --bail, or the run was interrupted before they started. */
    skipped: number;
    /** Stopped in flight by an interrupt; present only when there were some. */
    interrupted?: number;
    expectations: number;
    failedExpectations: number;
  };
  scenarios: ScenarioResult[];
}

/** Where something was written in a scenario file: 1-based line and column. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export interface ScenarioResult {
  name: string;
  file: string;
  summary: string;
  tags: string[];
  protocol: 'ocpp1.6' | 'ocpp2.0.1';
  seed: number;
  timeScale: number;
  /** `interrupted`: stopped in flight by Ctrl-C; its timeline runs up to that moment and nothing was judged. */
  status: Status | 'skipped' | 'interrupted';
  /** For `errored`: what broke (the scenario could not be run to the end), not an expectation failure. */
  error?: string;
  startedAt: string;
  realDurationMs: number;
  simulatedDurationMs: number;
  expectations: ExpectationResult[];
  /** Issues raised that no expectation asked for and `allowIssues` does not allow: each is a failure. */
  unexpectedIssues: IssueSummary[];
  /** Fault → detection → remote actions → escalation → recovery, in order. */
  timeline: TimelineEntry[];
  /** Detection latency of each expected issue against its budget, for the latency chart. */
  detections: Detection[];
  /** Numbers the run measured (detection-latency-p99, first-contact-resolution-rate, …). */
  metrics: Record<string, number>;
}

export interface ExpectationResult {
  kind: 'issue' | 'escalation' | 'command' | 'never' | 'connector' | 'uptime' | 'metric';
  /** One line: "safety-fault on S1-CP1 within 30s". */
  title: string;
  status: 'passed' | 'failed';
  /** What the scenario asked for, in words. */
  expected: string;
  /** What happened, in words, with times: "raised after 47.2s", "went to tier-2 after 12s", "never raised". */
  observed: string;
  /** For failures, one sentence with both: "safety-fault on S1-CP1 expected within 30s, raised after 47.2s". */
  message?: string;
  /** Simulated ms from the reference step to the observation, when there was one. */
  latencyMs?: number;
  budgetMs?: number;
  source: SourcePosition;
}

export interface IssueSummary {
  id: string;
  type: string;
  code: string;
  severity: string;
  stationId?: string;
  connectorId?: number;
  siteId?: string;
  raisedAtMs: number;
  resolvedAtMs?: number;
}

export type TimelineKind =
  | 'step'
  | 'fault'
  | 'issue-raised'
  | 'issue-resolved'
  | 'action'
  | 'escalation'
  | 'work-order'
  | 'technician'
  | 'command'
  /** A connector went out of service (Faulted, Unavailable); `recovery` when it is Available again. */
  | 'status'
  | 'recovery'
  /** A scripted session the CSMS refused (Authorize or the transaction's start answer), with its status. */
  | 'session-refused';

export interface TimelineEntry {
  /** Simulated ms since the scenario started. */
  atMs: number;
  kind: TimelineKind;
  stationId?: string;
  connectorId?: number;
  siteId?: string;
  text: string;
}

export interface Detection {
  issueType: string;
  stationId?: string;
  siteId?: string;
  /** Simulated ms from the fault to the issue; undefined when it was never raised. */
  latencyMs?: number;
  budgetMs: number;
  passed: boolean;
}
