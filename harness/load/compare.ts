/**
 * `chargedrill load --compare baseline.json [--tolerance 10%]`: the run against a saved result of the same format.
 * Per action p50, p99, max latency and error rate; calls per second; booted share; disconnects; per detected issue
 * type p99 detection latency and missed faults. A change for the worse beyond the tolerance (default 10 %, relative
 * to the baseline) is a regression and the command exits LOAD_EXIT.regression (98). Rules, by what "worse" means:
 *  - latencies: higher by more than the tolerance AND by at least 1 ms (sub-millisecond moves on loopback are noise);
 *  - error rate, disconnects, missed: higher by more than the tolerance; from a baseline of 0, any increase;
 *  - calls/s and booted share: lower by more than the tolerance.
 * A metric present in only one of the two files is shown, never judged.
 */
import { readFile } from 'node:fs/promises';
import { ProblemsError, type Problem } from '../../simulator/problems.js';
import { ownStations } from './shard.js';
import { LOAD_EXIT, LOAD_RESULT_FORMAT, type ActionResult, type ComparisonRow, type LoadResult, type ThresholdResult } from './result.js';

export const DEFAULT_TOLERANCE = 0.1;
/** Latency changes smaller than this are never regressions. */
export const LATENCY_NOISE_MS = 1;

export type Worse = ComparisonRow['worse'];

export type CompareRow = ComparisonRow;

export interface Comparison {
  tolerance: number;
  rows: CompareRow[];
  regressions: CompareRow[];
  /** LOAD_EXIT.ok, or LOAD_EXIT.regression when any row regressed. */
  exitCode: number;
}

/** A load result file that cannot be compared: unreadable, not JSON, or another format. */
export class LoadResultFileError extends ProblemsError {
  constructor(file: string, message: string) {
    super([{ path: '', message }], { code: 'CD_ERR_LOAD_RESULT', heading: file });
    this.name = 'LoadResultFileError';
  }
}

/** `10%` → 0.1; throws a ProblemsError (exit 2) for anything else. */
export function parseTolerance(text: string): number {
  const match = /^\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*$/.exec(text);
  if (!match) {
    const problem: Problem = { path: '', message: `${JSON.stringify(text)} is not a tolerance`, allowed: ['a percentage like 10% or 2.5%'] };
    throw new ProblemsError([problem], { code: 'CD_ERR_LOAD_OPTION', heading: '--tolerance' });
  }
  return Number(match[1]) / 100;
}

/** Parses a saved result; refuses another format version with what to do about it. */
export function parseLoadResult(text: string, file: string): LoadResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new LoadResultFileError(file, `is not JSON: ${(error as Error).message}`);
  }
  const format = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)['format'] : undefined;
  if (typeof format !== 'string' || !format.startsWith('chargedrill-load-result/')) {
    throw new LoadResultFileError(file, `is not a chargedrill load result (no "format": "${LOAD_RESULT_FORMAT}")`);
  }
  if (format !== LOAD_RESULT_FORMAT) {
    throw new LoadResultFileError(file, `is ${format}, and this chargedrill compares ${LOAD_RESULT_FORMAT} only: re-run the baseline with this version`);
  }
  const result = data as LoadResult;
  if (!Array.isArray(result.actions) || typeof result.calls !== 'object' || typeof result.boots !== 'object' || !Array.isArray(result.detection)) {
    throw new LoadResultFileError(file, `says ${LOAD_RESULT_FORMAT} but lacks actions, calls, boots or detection`);
  }
  return result;
}

export async function readLoadResult(path: string): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new LoadResultFileError(path, `cannot be read: ${(error as Error).message}`);
  }
  return parseLoadResult(text, path);
}

export function compareResults(baseline: LoadResult, current: LoadResult, tolerance = DEFAULT_TOLERANCE): Comparison {
  const rows: CompareRow[] = [];
  const add = (metric: string, unit: CompareRow['unit'], worse: Worse, before: number | null, after: number | null) => {
    rows.push(judge(metric, unit, worse, before, after, tolerance));
  };
  const actions = [...new Set([...baseline.actions, ...current.actions].map((a) => a.action))].sort();
  for (const name of actions) {
    const before = baseline.actions.find((a) => a.action === name);
    const after = current.actions.find((a) => a.action === name);
    for (const stat of ['p50', 'p99', 'max'] as const) add(`${stat}(${name})`, 'ms', 'higher', latency(before, stat), latency(after, stat));
    add(`errors(${name})`, '%', 'higher', errorRate(before), errorRate(after));
  }
  add('calls_per_s', 'per-s', 'lower', baseline.calls.perS, current.calls.perS);
  add('booted', '%', 'lower', bootedShare(baseline), bootedShare(current));
  add('disconnects', 'count', 'higher', baseline.disconnects.disconnects, current.disconnects.disconnects);
  const types = [...new Set([...baseline.detection, ...current.detection].map((d) => d.issueType))].sort();
  for (const type of types) {
    const before = baseline.detection.find((d) => d.issueType === type);
    const after = current.detection.find((d) => d.issueType === type);
    add(`p99(detect:${type})`, 'ms', 'higher', before && before.latency.count > 0 ? before.latency.p99 : null, after && after.latency.count > 0 ? after.latency.p99 : null);
    add(`missed(detect:${type})`, 'count', 'higher', before?.missed ?? null, after?.missed ?? null);
  }
  const regressions = rows.filter((row) => row.regression);
  return { tolerance, rows, regressions, exitCode: regressions.length > 0 ? LOAD_EXIT.regression : LOAD_EXIT.ok };
}

function latency(action: ActionResult | undefined, stat: 'p50' | 'p99' | 'max'): number | null {
  return action && action.latency.count > 0 ? action.latency[stat] : null;
}

/** Calls that failed (CALLERROR, timed out, cut by a disconnect) in % of those sent. */
function errorRate(action: ActionResult | undefined): number | null {
  if (!action || action.sent === 0) return null;
  const failed = Object.values(action.callErrors).reduce((sum, n) => sum + n, 0) + action.timedOut + action.cutByDisconnect;
  return (failed / action.sent) * 100;
}

function bootedShare(result: LoadResult): number | null {
  const stations = ownStations(result);
  return stations > 0 ? ((stations - result.boots.notBooted) / stations) * 100 : null;
}

function judge(metric: string, unit: CompareRow['unit'], worse: Worse, baseline: number | null, current: number | null, tolerance: number): CompareRow {
  const delta = baseline === null || current === null ? null : current - baseline;
  const deltaPct = delta === null || baseline === 0 || baseline === null ? null : (delta / baseline) * 100;
  let regression = false;
  if (delta !== null && baseline !== null) {
    if (worse === 'higher' && delta > 0) {
      const beyond = baseline === 0 || delta / baseline > tolerance;
      regression = beyond && (unit !== 'ms' || delta >= LATENCY_NOISE_MS);
    } else if (worse === 'lower' && delta < 0) {
      regression = baseline > 0 && -delta / baseline > tolerance;
    }
  }
  return { metric, unit, baseline, current, delta, deltaPct, worse, regression };
}

/**
 * The exit code of a completed run's gates: a failed threshold (99) wins over a regression (98), which wins over
 * a pass (0). Run failures and interruptions have their own codes before any gate is looked at.
 */
export function gateExitCode(thresholds: readonly ThresholdResult[], comparison?: Comparison): number {
  if (thresholds.some((t) => !t.ok)) return LOAD_EXIT.thresholdFailed;
  if (comparison !== undefined && comparison.regressions.length > 0) return LOAD_EXIT.regression;
  return LOAD_EXIT.ok;
}

/**
 * Puts the comparison into the result, so every report shows it: `result.comparison`, a failure line naming the
 * regressions, and on a run that otherwise passed the verdict `regression` with exit 98. A failed threshold (99)
 * keeps its verdict; a failed or interrupted run keeps its own, since gates judge a completed run.
 */
export function applyComparison(result: LoadResult, comparison: Comparison, baselineFile: string): void {
  result.comparison = { baseline: baselineFile, tolerance: comparison.tolerance, rows: comparison.rows };
  if (comparison.regressions.length === 0) return;
  if (result.verdict !== 'passed' && result.verdict !== 'threshold-failed') return;
  result.failures.push(regressionLine(comparison, baselineFile));
  if (result.verdict === 'passed') {
    result.verdict = 'regression';
    result.exitCode = LOAD_EXIT.regression;
  }
}

/** "2 regressions beyond 1% against a/result.json: p99(Heartbeat), calls_per_s". */
export function regressionLine(comparison: Pick<Comparison, 'tolerance' | 'regressions'>, baselineFile: string): string {
  const n = comparison.regressions.length;
  return `${n} regression${n === 1 ? '' : 's'} beyond ${formatTolerance(comparison.tolerance)} against ${baselineFile}: ${comparison.regressions.map((r) => r.metric).join(', ')}`;
}

/** The comparison as a small table for the terminal; regressions marked and counted at the end. */
export function formatComparison(comparison: Comparison, names: { baseline: string; current: string } = { baseline: 'baseline', current: 'this run' }): string {
  const header = ['metric', names.baseline, names.current, 'change', ''];
  const lines = comparison.rows.map((row) => [
    row.metric,
    show(row.baseline, row.unit),
    show(row.current, row.unit),
    row.delta === null ? '—' : `${row.delta >= 0 ? '+' : ''}${show(row.delta, row.unit)}${row.deltaPct === null ? '' : ` (${row.deltaPct >= 0 ? '+' : ''}${row.deltaPct.toFixed(1)}%)`}`,
    row.regression ? 'REGRESSION' : '',
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...lines].map((cells) => (cells[i] as string).length)));
  const render = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number))).join('  ').trimEnd();
  const verdict =
    comparison.regressions.length === 0
      ? `no regression beyond ${formatTolerance(comparison.tolerance)}`
      : `${comparison.regressions.length} regression${comparison.regressions.length === 1 ? '' : 's'} beyond ${formatTolerance(comparison.tolerance)}: ${comparison.regressions.map((r) => r.metric).join(', ')}`;
  return [render(header), ...lines.map(render), verdict].join('\n') + '\n';
}

export function formatTolerance(tolerance: number): string {
  return `${Number((tolerance * 100).toFixed(3))}%`;
}

function show(value: number | null, unit: CompareRow['unit']): string {
  if (value === null) return '—';
  const rounded = Number(value.toFixed(unit === '%' ? 3 : unit === 'count' ? 0 : 1));
  return `${rounded}${unit === 'ms' ? ' ms' : unit === '%' ? ' %' : unit === 'per-s' ? ' /s' : ''}`;
}
