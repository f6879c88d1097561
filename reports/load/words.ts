import { formatDurationMs } from '../../simulator/duration.js';
import { formatTolerance } from '../../harness/load/compare.js';
import type { ActionResult, ConnectFailureReason, LoadResult, LoadVerdict, ThresholdResult } from '../../harness/load/result.js';
import { ownStations } from '../../harness/load/shard.js';

/**
 * Numbers and words the load views share, so the terminal table, the Markdown, the JUnit and the HTML say the same
 * thing the same way. Every number leaves here with its unit (ms, /s, %); plain counts get thousands separators.
 */

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return Number.isFinite(n) ? GROUPED.format(n) : '–';
}

/** "1 site", "3 sites", "1,000 stations": a count with its noun, singular for exactly one. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : plural}`;
}

/** "30 stations", or for a shard "shard 1 of 3 (10 of 30 stations)": whose numbers a report shows. */
export function stationsText(result: Pick<LoadResult, 'parameters' | 'shard'>): string {
  const whole = countOf(result.parameters.stations, 'station');
  if (result.shard === undefined) return whole;
  return `shard ${result.shard.index + 1} of ${result.shard.count} (${formatCount(ownStations(result))} of ${whole})`;
}

/** Latency in real milliseconds, three significant digits up to 100 ms: "0.84 ms", "12.3 ms", "512 ms", "1,523 ms". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '– ms';
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${GROUPED.format(ms)} ms`;
}

export function formatPerS(rate: number): string {
  if (!Number.isFinite(rate)) return '– /s';
  if (rate < 10) return `${rate.toFixed(2)} /s`;
  if (rate < 100) return `${rate.toFixed(1)} /s`;
  return `${GROUPED.format(rate)} /s`;
}

export function formatPercent(value: number): string {
  if (!Number.isFinite(value)) return '– %';
  if (value !== 0 && Math.abs(value) < 0.1) return `${value.toFixed(2)} %`;
  return `${value.toFixed(1)} %`;
}

/** `part` of `whole` as a percentage; 0 % of nothing. */
export function share(part: number, whole: number): string {
  return formatPercent(whole > 0 ? (100 * part) / whole : 0);
}

/** A threshold's measured value in its own unit; null means the run gave it nothing to measure. */
export function formatMeasured(threshold: Pick<ThresholdResult, 'measured' | 'unit'>): string {
  const { measured, unit } = threshold;
  if (measured === null) return 'nothing measured';
  switch (unit) {
    case 'ms':
      return formatMs(measured);
    case '%':
      return formatPercent(measured);
    case 'per-s':
      return formatPerS(measured);
    case 'count':
      return formatCount(measured);
  }
}

/** Elapsed real time: "45.0 s" under a minute (what a ramp is read in), else "12m30s". */
export function formatElapsedS(seconds: number): string {
  return seconds < 60 ? `${seconds.toFixed(1)} s` : formatDurationMs(seconds * 1_000);
}

export const VERDICT_LABEL: Record<LoadVerdict, string> = {
  passed: 'Passed',
  regression: 'Regression',
  'threshold-failed': 'Threshold failed',
  'run-failed': 'Run failed',
  interrupted: 'Interrupted',
};

export const VERDICT_MARK: Record<LoadVerdict, string> = {
  passed: '✓',
  regression: '✗',
  'threshold-failed': '✗',
  'run-failed': '✗',
  interrupted: '■',
};

/** "✗ Threshold failed: 1 of 3 thresholds failed (exit 99)": the line CI shows and a person reads first. */
export function verdictLine(result: LoadResult): string {
  const failed = result.thresholds.filter((t) => !t.ok).length;
  const total = result.thresholds.length;
  // Only a run whose thresholds all held gets here with `passed` or `regression` (a shard aside, below).
  const held = total === 0 ? 'no thresholds were set' : total === 1 ? 'the threshold held' : `all ${thresholdsWord(total)} held`;
  let why: string;
  switch (result.verdict) {
    case 'passed':
      why = total === 0 ? 'the run completed; no thresholds were set' : held;
      // Only a shard passes with failed thresholds: they judged its part, and the merge of all shards gates the run.
      if (result.shard !== undefined && failed > 0) why = `the shard completed; ${failed} of ${thresholdsWord(total)} failed on its own numbers (chargedrill merge judges the whole run)`;
      if (result.comparison !== undefined) why += `; no regression beyond ${formatTolerance(result.comparison.tolerance)} against ${result.comparison.baseline}`;
      break;
    case 'regression':
      why = `${regressionsText(result)}; ${held}`;
      break;
    case 'threshold-failed': {
      const stop = stoppedEarly(result);
      // A shard stopped by an abortOnFail threshold exits 0 (docs/load.md "Shards, merge and --processes"), but it did not pass.
      why = result.shard !== undefined && stop !== undefined
        ? `the shard stopped early at ${stop.atS} s by abort-on-fail threshold ${stop.expression}; the merge will fail it`
        : `${failed} of ${thresholdsWord(total)} failed`;
      if (result.comparison?.rows.some((r) => r.regression)) why += `; ${regressionsText(result)}`;
      break;
    }
    case 'run-failed':
      why = result.failures[0] ?? 'the run did not complete';
      break;
    case 'interrupted':
      why = 'stopped before the end; the numbers cover the part that ran';
      break;
  }
  const shard = result.shard === undefined ? '' : `${stationsText(result)}: `;
  return `${VERDICT_MARK[result.verdict]} ${VERDICT_LABEL[result.verdict]}: ${shard}${why} (exit ${result.exitCode})`;
}

/** "2 of 14 compared metrics regressed beyond 1% against a/result.json: p99(Heartbeat), calls_per_s". */
function regressionsText(result: LoadResult): string {
  const comparison = result.comparison;
  if (comparison === undefined) return 'worse than the baseline';
  const regressed = comparison.rows.filter((r) => r.regression);
  return (
    `${formatCount(regressed.length)} of ${countOf(comparison.rows.length, 'compared metric')} regressed beyond ${formatTolerance(comparison.tolerance)} ` +
    `against ${comparison.baseline}: ${regressed.map((r) => r.metric).join(', ')}`
  );
}

/** The abortOnFail threshold that stopped the run, from the note gates.ts writes ("stopped the run at 1.0s, …"). */
export function stoppedEarly(result: Pick<LoadResult, 'thresholds'>): { expression: string; atS: string } | undefined {
  for (const t of result.thresholds) {
    const stop = /^stopped the run at ([0-9.]+)s\b/.exec(t.note ?? '');
    if (stop !== null) return { expression: t.expression, atS: stop[1] as string };
  }
  return undefined;
}

function thresholdsWord(n: number): string {
  return `${n} threshold${n === 1 ? '' : 's'}`;
}

/** CALLERRORs of an action over all codes. */
export function callErrorCount(action: ActionResult): number {
  return Object.values(action.callErrors).reduce((sum, n) => sum + n, 0);
}

/** Calls of an action that did not end in a CALLRESULT, whatever the reason. */
export function failedCallCount(action: ActionResult): number {
  return callErrorCount(action) + action.timedOut + action.inFlightAtEnd + action.cutByDisconnect;
}

/** "NotImplemented 3, InternalError 1", most frequent first, ties by name. */
export function formatCounts(counts: Record<string, number>, separator = ' '): string {
  return sortedCounts(counts)
    .map(([key, n]) => `${key}${separator}${formatCount(n)}`)
    .join(', ');
}

export function sortedCounts<K extends string>(counts: Partial<Record<K, number>>): [K, number][] {
  return (Object.entries(counts) as [K, number][])
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
}

const REASON_WORDS: Record<string, string> = {
  refused: 'connection refused',
  dns: 'name not resolved',
  tls: 'TLS handshake or certificate',
  timeout: 'no answer to the upgrade',
  emfile: 'out of file descriptors',
  eaddrnotavail: 'out of local ports',
  reset: 'reset before open',
  other: 'other',
};

/** "refused (connection refused)", "http-401 (CSMS answered HTTP 401)". */
export function reasonText(reason: ConnectFailureReason): string {
  const http = /^http-(\d+)$/.exec(reason);
  const words = http ? `CSMS answered HTTP ${http[1]}` : REASON_WORDS[reason];
  return words !== undefined && words !== reason ? `${reason} (${words})` : reason;
}

/** "1006 (abnormal)" for a WebSocket close code. */
const CLOSE_WORDS: Record<string, string> = {
  '1000': 'normal',
  '1001': 'going away',
  '1002': 'protocol error',
  '1006': 'abnormal, no close frame',
  '1008': 'policy violation',
  '1009': 'message too big',
  '1011': 'server error',
  '1012': 'service restart',
  '1013': 'try again later',
};

export function closeCodeText(code: string): string {
  const words = CLOSE_WORDS[code];
  return words === undefined ? code : `${code} (${words})`;
}
