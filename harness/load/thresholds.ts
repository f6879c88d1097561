/**
 * k6-style thresholds for `chargedrill load` (repeatable `--threshold`, and `thresholds:` in a profile):
 *
 *   p99(BootNotification)<500ms   p95(*)<200ms   errors<0.1%   errors==0   booted==100%   disconnects==0
 *   timeouts==0   calls_per_s>100   p99(detect:safety-fault)<1s   missed(detect:safety-fault)==0
 *
 * `metric op value[unit]`: op is one of < <= > >= == !=; unit ms or s for latencies (a plain number is ms),
 * % for a share, none for a count. A threshold whose metric has no data (no answered call of that action, no
 * fault of that issue type injected, nothing sent) is measured null and FAILS: a gate must not pass on nothing.
 * The grammar and every metric are documented in docs/load.md.
 */
import { ISSUE_TYPES } from '../issues/catalogue.js';
import { actionsSentBy } from '../../simulator/protocol/actions.js';
import { PROTOCOLS } from '../../simulator/protocol/versions.js';
import { ProblemsError, type Problem } from '../../simulator/problems.js';
import { closest } from '../runner/scenario/spelling.js';
import type { ActionResult, LatencySummary, LoadParameters, LoadResult, ThresholdResult } from './result.js';

export const THRESHOLD_OPS = ['<', '<=', '>', '>=', '==', '!='] as const;
export type ThresholdOp = (typeof THRESHOLD_OPS)[number];

/** Latency statistics as written (`p99.9`) and where LatencySummary keeps them (`p99_9`). */
const STATS = { p50: 'p50', p90: 'p90', p95: 'p95', p99: 'p99', 'p99.9': 'p99_9', max: 'max', mean: 'mean' } as const satisfies Record<string, keyof LatencySummary>;
type StatName = keyof typeof STATS;

export type ThresholdMetric =
  /** `action` is an OCPP action, or `*` for every action with answered calls (each must pass). */
  | { kind: 'latency'; stat: StatName; action: string }
  | { kind: 'detect-latency'; stat: StatName; issueType: string }
  | { kind: 'missed'; issueType: string }
  | { kind: 'errors'; action?: string }
  | { kind: 'booted' }
  | { kind: 'disconnects' }
  | { kind: 'timeouts' }
  | { kind: 'calls_per_s' };

export interface ThresholdSpec {
  expression: string;
  /** `--threshold`, or `file:line:column` of a profile. */
  source: string;
  metric: ThresholdMetric;
  op: ThresholdOp;
  /** In `unit` (seconds written are converted to ms). */
  value: number;
  unit: ThresholdResult['unit'];
  abortOnFail: boolean;
  /** `checkAbort` ignores the threshold until this much of the run (real ms) has passed. */
  delayAbortEvalMs: number;
}

export const METRIC_HELP = [
  'p50|p90|p95|p99|p99.9|max|mean(<Action>|*) <op> <n>ms|s',
  'p50|…|mean(detect:<issue-type>) <op> <n>ms|s',
  'missed(detect:<issue-type>) <op> <n>|<n>%',
  'errors <op> <n>|<n>%',
  'errors(<Action>) <op> <n>|<n>%',
  'booted <op> <n>|<n>%',
  'disconnects <op> <n>|<n>%',
  'timeouts <op> <n>|<n>%',
  'calls_per_s <op> <n>',
];

const EXPRESSION = /^\s*([a-z_]+(?:[0-9]+(?:\.[0-9]+)?)?)\s*(?:\(\s*([^()]*?)\s*\))?\s*(<=|>=|==|!=|<|>)\s*(-?[0-9]+(?:\.[0-9]+)?)\s*(ms|s|%)?\s*$/;
const COUNTS_OR_SHARES = ['errors', 'booted', 'disconnects', 'timeouts'] as const;

/** Every action a station sends, in either protocol: what a latency threshold may name. */
const STATION_ACTIONS: readonly string[] = [...new Set(PROTOCOLS.flatMap((protocol) => actionsSentBy(protocol, 'station')))].sort();
const ISSUE_TYPE_NAMES: readonly string[] = Object.keys(ISSUE_TYPES);

export interface ThresholdOptions {
  abortOnFail?: boolean;
  delayAbortEvalMs?: number;
}

export type ThresholdParse = { ok: true; spec: ThresholdSpec } | { ok: false; problem: Problem };

/** Parses one threshold; a problem (path '') names the expression and what is allowed. */
export function parseThreshold(expression: string, source: string, options: ThresholdOptions = {}): ThresholdParse {
  const fail = (message: string, allowed: readonly string[] = METRIC_HELP): ThresholdParse => ({ ok: false, problem: { path: '', message: `threshold ${JSON.stringify(expression)}: ${message}`, allowed: [...allowed] } });
  const match = EXPRESSION.exec(expression);
  if (!match) return fail('is not <metric> <op> <value>, e.g. p99(BootNotification)<500ms');
  const [, name = '', arg, op = '<', number = '0', writtenUnit] = match;
  const written = Number(number);
  const base = { expression: expression.trim(), source, op: op as ThresholdOp, abortOnFail: options.abortOnFail ?? false, delayAbortEvalMs: options.delayAbortEvalMs ?? 0 };

  if (name in STATS) {
    if (arg === undefined || arg === '') return fail(`${name} needs what to measure in parentheses`, [`${name}(<Action>)`, `${name}(*)`, `${name}(detect:<issue-type>)`]);
    if (writtenUnit === '%') return fail('a latency is in ms or s, not %', ['<n>ms', '<n>s']);
    const value = writtenUnit === 's' ? written * 1_000 : written;
    const stat = name as StatName;
    const target = latencyTarget(arg);
    if ('problem' in target) return fail(target.problem, target.allowed);
    return { ok: true, spec: { ...base, metric: { ...target.metric, stat } as ThresholdMetric, value, unit: 'ms' } };
  }
  if (name === 'missed') {
    const issueType = arg?.startsWith('detect:') ? arg.slice('detect:'.length) : undefined;
    if (issueType === undefined) return fail('missed counts faults of one issue type: missed(detect:<issue-type>)', ISSUE_TYPE_NAMES.map((t) => `missed(detect:${t})`));
    if (!ISSUE_TYPE_NAMES.includes(issueType)) return fail(unknown('issue type', issueType, ISSUE_TYPE_NAMES), ISSUE_TYPE_NAMES);
    if (writtenUnit === 'ms' || writtenUnit === 's') return fail('missed is a count or a % of the faults injected', ['<n>', '<n>%']);
    return { ok: true, spec: { ...base, metric: { kind: 'missed', issueType }, value: written, unit: writtenUnit === '%' ? '%' : 'count' } };
  }
  if ((COUNTS_OR_SHARES as readonly string[]).includes(name)) {
    if (writtenUnit === 'ms' || writtenUnit === 's') return fail(`${name} is a count or a %, not a duration`, ['<n>', '<n>%']);
    let metric: ThresholdMetric = { kind: name as 'errors' | 'booted' | 'disconnects' | 'timeouts' };
    if (arg !== undefined) {
      if (name !== 'errors') return fail(`${name} takes no parentheses`);
      if (!STATION_ACTIONS.includes(arg)) return fail(unknown('action', arg, STATION_ACTIONS), STATION_ACTIONS);
      metric = { kind: 'errors', action: arg };
    }
    return { ok: true, spec: { ...base, metric, value: written, unit: writtenUnit === '%' ? '%' : 'count' } };
  }
  if (name === 'calls_per_s') {
    if (arg !== undefined) return fail('calls_per_s takes no parentheses');
    if (writtenUnit !== undefined) return fail('calls_per_s is a plain number of calls per second', ['calls_per_s > <n>']);
    return { ok: true, spec: { ...base, metric: { kind: 'calls_per_s' }, value: written, unit: 'per-s' } };
  }
  const names = [...Object.keys(STATS), 'missed', ...COUNTS_OR_SHARES, 'calls_per_s'];
  return fail(unknown('metric', name, names));
}

type LatencyTarget = { kind: 'latency'; action: string } | { kind: 'detect-latency'; issueType: string };

function latencyTarget(arg: string): { metric: LatencyTarget } | { problem: string; allowed: readonly string[] } {
  if (arg.startsWith('detect:')) {
    const issueType = arg.slice('detect:'.length);
    if (!ISSUE_TYPE_NAMES.includes(issueType)) return { problem: unknown('issue type', issueType, ISSUE_TYPE_NAMES), allowed: ISSUE_TYPE_NAMES };
    return { metric: { kind: 'detect-latency', issueType } };
  }
  if (arg !== '*' && !STATION_ACTIONS.includes(arg)) return { problem: unknown('action', arg, STATION_ACTIONS), allowed: ['*', ...STATION_ACTIONS] };
  return { metric: { kind: 'latency', action: arg } };
}

function unknown(what: string, value: string, known: readonly string[]): string {
  const near = closest(value, known);
  return `${JSON.stringify(value)} is not a known ${what}${near === undefined ? '' : ` (did you mean "${near}"?)`}`;
}

/** Refused thresholds (exit 2 before anything runs), every one at once. */
export class ThresholdError extends ProblemsError {
  constructor(problems: readonly Problem[]) {
    super(problems, { code: 'CD_ERR_THRESHOLD', heading: `invalid threshold${problems.length === 1 ? '' : 's'}`, layout: 'lines' });
    this.name = 'ThresholdError';
  }
}

/** The `--threshold` flags, parsed; throws ThresholdError naming every bad one. */
export function parseThresholdFlags(expressions: readonly string[], source = '--threshold'): ThresholdSpec[] {
  const parsed = expressions.map((expression) => parseThreshold(expression, source));
  const problems = parsed.flatMap((p) => (p.ok ? [] : [p.problem]));
  if (problems.length > 0) throw new ThresholdError(problems);
  return parsed.map((p) => (p as { spec: ThresholdSpec }).spec);
}

/** What thresholds read: a whole LoadResult, or the engine's live numbers so far (a missing part means no data). */
export type LoadMeasurements = Partial<Pick<LoadResult, 'boots' | 'actions' | 'calls' | 'disconnects' | 'detection' | 'elapsedS'>> & {
  parameters?: Pick<LoadParameters, 'stations'>;
};

interface Measured {
  measured: number | null;
  note?: string;
}

/** Evaluates every threshold on a finished run, in the order given. */
export function evaluateThresholds(specs: readonly ThresholdSpec[], result: LoadMeasurements): ThresholdResult[] {
  return specs.map((spec) => evaluateThreshold(spec, result));
}

export function evaluateThreshold(spec: ThresholdSpec, result: LoadMeasurements): ThresholdResult {
  const { measured, note } = measure(spec, result);
  const ok = measured !== null && compare(measured, spec.op, spec.value);
  return {
    expression: spec.expression,
    source: spec.source,
    measured,
    unit: spec.unit,
    ok,
    abortOnFail: spec.abortOnFail,
    ...(note === undefined ? {} : { note }),
  };
}

/**
 * The abortOnFail thresholds that fail on the live numbers (call it about once a second with what the run has
 * measured so far); the engine stops the run when the list is not empty. A threshold with no data yet, or inside
 * its `delayAbortEval`, never aborts.
 */
export function checkAbort(specs: readonly ThresholdSpec[], live: LoadMeasurements, elapsedMs: number): ThresholdResult[] {
  return specs
    .filter((spec) => spec.abortOnFail && elapsedMs >= spec.delayAbortEvalMs)
    .map((spec) => evaluateThreshold(spec, live))
    .filter((result) => result.measured !== null && !result.ok);
}

export function compare(measured: number, op: ThresholdOp, value: number): boolean {
  switch (op) {
    case '<':
      return measured < value;
    case '<=':
      return measured <= value;
    case '>':
      return measured > value;
    case '>=':
      return measured >= value;
    case '==':
      return measured === value;
    case '!=':
      return measured !== value;
  }
}

function share(part: number, whole: number, unit: ThresholdResult['unit'], nothing: string): Measured {
  if (unit !== '%') return { measured: part };
  return whole > 0 ? { measured: (part / whole) * 100 } : { measured: null, note: nothing };
}

function measure(spec: ThresholdSpec, r: LoadMeasurements): Measured {
  const { metric, unit } = spec;
  switch (metric.kind) {
    case 'latency': {
      if (!r.actions) return { measured: null, note: 'no call measured yet' };
      const field = STATS[metric.stat];
      if (metric.action !== '*') {
        const action = r.actions.find((a) => a.action === metric.action);
        return action && action.latency.count > 0 ? { measured: action.latency[field] } : { measured: null, note: `no answered ${metric.action} call: nothing to measure, so it fails` };
      }
      const measuredActions = r.actions.filter((a) => a.latency.count > 0);
      if (measuredActions.length === 0) return { measured: null, note: 'no answered call: nothing to measure, so it fails' };
      // Every action must pass: the one that passes least decides (the first failing one, else the closest to the limit).
      const decider = measuredActions.find((a) => !compare(a.latency[field], spec.op, spec.value)) ?? worst(measuredActions, (a) => a.latency[field], spec.op);
      return { measured: decider.latency[field], note: `decided by ${decider.action}` };
    }
    case 'detect-latency': {
      const detection = r.detection?.find((d) => d.issueType === metric.issueType);
      if (!detection || detection.latency.count === 0) return { measured: null, note: `no ${metric.issueType} issue detected for an injected fault: nothing to measure, so it fails` };
      return { measured: detection.latency[STATS[metric.stat]] };
    }
    case 'missed': {
      const detection = r.detection?.find((d) => d.issueType === metric.issueType);
      if (!detection || detection.injected === 0) return { measured: null, note: `no fault raising ${metric.issueType} was injected: nothing to measure, so it fails` };
      return share(detection.missed, detection.injected, unit, '');
    }
    case 'errors': {
      if (metric.action !== undefined) {
        const action = r.actions?.find((a) => a.action === metric.action);
        if (!action || action.sent === 0) return { measured: null, note: `no ${metric.action} call sent: nothing to measure, so it fails` };
        return share(failedOf(action), action.sent, unit, '');
      }
      const totals = failedOfAll(r);
      if (totals === undefined || totals.sent === 0) return { measured: null, note: 'no call sent: nothing to measure, so it fails' };
      return share(totals.failed, totals.sent, unit, '');
    }
    case 'timeouts':
      if (!r.calls || r.calls.sent === 0) return { measured: null, note: 'no call sent: nothing to measure, so it fails' };
      return share(r.calls.timedOut, r.calls.sent, unit, '');
    case 'booted': {
      const stations = r.parameters?.stations;
      if (!r.boots || stations === undefined || stations === 0) return { measured: null, note: 'no station in the run: nothing to measure, so it fails' };
      return share(stations - r.boots.notBooted, stations, unit, '');
    }
    case 'disconnects': {
      if (!r.disconnects) return { measured: null, note: 'no disconnect count yet' };
      const stations = r.parameters?.stations ?? 0;
      return share(r.disconnects.disconnects, stations, unit, 'no station in the run: nothing to measure, so it fails');
    }
    case 'calls_per_s':
      if (!r.calls || r.elapsedS === undefined || r.elapsedS <= 0) return { measured: null, note: 'the run has not lasted any time yet' };
      return { measured: r.calls.perS };
  }
}

/** Calls of an action that failed: answered with a CALLERROR, timed out, or cut by a disconnect. */
function failedOf(action: ActionResult): number {
  return Object.values(action.callErrors).reduce((sum, n) => sum + n, 0) + action.timedOut + action.cutByDisconnect;
}

/**
 * Failed and sent calls of the whole run: from the actions when there are any (their outcomes are unambiguous),
 * else from the live totals, where `errors` counts CALLERRORs only.
 */
function failedOfAll(r: LoadMeasurements): { failed: number; sent: number } | undefined {
  if (r.actions && r.actions.length > 0) return { failed: r.actions.reduce((sum, a) => sum + failedOf(a), 0), sent: r.actions.reduce((sum, a) => sum + a.sent, 0) };
  if (!r.calls) return undefined;
  return { failed: r.calls.errors + r.calls.timedOut + r.calls.cutByDisconnect, sent: r.calls.sent };
}

function worst<T>(items: readonly T[], value: (item: T) => number, op: ThresholdOp): T {
  const lowerIsBetter = op === '<' || op === '<=';
  return items.reduce((a, b) => ((lowerIsBetter ? value(b) > value(a) : value(b) < value(a)) ? b : a));
}

/** One line per threshold for the terminal: `✓ p99(BootNotification)<500ms  measured 212 ms`. */
export function formatThresholdResult(result: ThresholdResult): string {
  const unit = result.unit === 'count' ? '' : result.unit === 'per-s' ? ' /s' : result.unit === '%' ? ' %' : ' ms';
  const measured = result.measured === null ? 'no data' : `${Number(result.measured.toFixed(3))}${unit}`;
  const note = result.note === undefined ? '' : ` (${result.note})`;
  return `${result.ok ? '✓' : '✗'} ${result.expression}  measured ${measured}${note}  [${result.source}]`;
}
