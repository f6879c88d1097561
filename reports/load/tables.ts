import { crashLines } from './crash-lines.js';
import type { ComparisonRow, LoadResult } from '../../harness/load/result.js';
import { ownStations } from '../../harness/load/shard.js';
import {
  countOf,
  callErrorCount,
  closeCodeText,
  failedCallCount,
  formatCount,
  formatCounts,
  formatElapsedS,
  formatMeasured,
  formatMs,
  formatPercent,
  formatPerS,
  reasonText,
  share,
  sortedCounts,
  stationsText,
} from './words.js';

/**
 * The load result's tables as rows of display text, shared by the terminal summary, the Markdown and the HTML so the
 * three show the same columns with the same numbers. A renderer only decides how to lay them out.
 */

export type Align = 'left' | 'right';

export interface Table {
  columns: { title: string; align: Align }[];
  rows: string[][];
}

const left = (title: string) => ({ title, align: 'left' as const });
const right = (title: string) => ({ title, align: 'right' as const });

/** Per action: how many calls, how fast, and how long the answered ones took. */
export function latencyTable(result: LoadResult): Table {
  const rate = (n: number) => formatPerS(result.elapsedS > 0 ? n / result.elapsedS : 0);
  return {
    columns: [left('action'), right('count'), right('rate'), right('p50'), right('p90'), right('p99'), right('p99.9'), right('max')],
    rows: result.actions.map((a) => {
      const l = a.latency;
      const answered = l.count > 0;
      const at = (v: number) => (answered ? formatMs(v) : '–');
      return [a.action, formatCount(a.sent), rate(a.sent), at(l.p50), at(l.p90), at(l.p99), at(l.p99_9), at(l.max)];
    }),
  };
}

/** Per action: every call that did not end in a CALLRESULT, by outcome. */
export function errorTable(result: LoadResult): Table {
  return {
    columns: [
      left('action'),
      right('CALLERROR'),
      right('timed out'),
      right('in flight at end'),
      right('cut by disconnect'),
      right('not answered'),
      left('CALLERROR codes'),
    ],
    rows: result.actions.map((a) => {
      const failed = failedCallCount(a);
      return [
        a.action,
        formatCount(callErrorCount(a)),
        formatCount(a.timedOut),
        formatCount(a.inFlightAtEnd),
        formatCount(a.cutByDisconnect),
        `${formatCount(failed)} (${share(failed, a.sent)})`,
        formatCounts(a.callErrors),
      ];
    }),
  };
}

export function detectionTable(result: LoadResult): Table {
  return {
    columns: [left('issue type'), right('injected'), right('detected'), right('missed'), right('p50'), right('p90'), right('p99'), right('max')],
    rows: result.detection.map((d) => {
      const at = (v: number) => (d.latency.count > 0 ? formatMs(v) : '–');
      return [d.issueType, formatCount(d.injected), formatCount(d.detected), formatCount(d.missed), at(d.latency.p50), at(d.latency.p90), at(d.latency.p99), at(d.latency.max)];
    }),
  };
}

export function thresholdTable(result: LoadResult): Table {
  return {
    columns: [left(''), left('threshold'), right('measured'), left('source')],
    rows: result.thresholds.map((t) => [
      t.ok ? '✓' : '✗',
      t.expression,
      formatMeasured(t),
      t.abortOnFail ? `${t.source} (aborts the run)` : t.source,
    ]),
  };
}

/** `--compare`: every compared metric, baseline against this run, regressions marked. */
export function comparisonTable(result: LoadResult): Table {
  const rows = result.comparison?.rows ?? [];
  return {
    columns: [left(''), left('metric'), right('baseline'), right('this run'), right('change')],
    rows: rows.map((row) => [row.regression ? '✗ regression' : '✓', row.metric, compared(row.baseline, row.unit), compared(row.current, row.unit), change(row)]),
  };
}

function compared(value: number | null, unit: ComparisonRow['unit']): string {
  if (value === null) return '–';
  switch (unit) {
    case 'ms':
      return formatMs(value);
    case '%':
      return formatPercent(value);
    case 'per-s':
      return formatPerS(value);
    case 'count':
      return formatCount(value);
  }
}

function change(row: ComparisonRow): string {
  if (row.delta === null) return '–';
  const sign = row.delta >= 0 ? '+' : '−';
  const pct = row.deltaPct === null ? '' : ` (${row.deltaPct >= 0 ? '+' : '−'}${formatPercent(Math.abs(row.deltaPct))})`;
  return `${sign}${compared(Math.abs(row.delta), row.unit)}${pct}`;
}

/** Label and text pairs for connections, boots, disconnects and sessions: the run's health outside the calls. */
export function healthLines(result: LoadResult): [string, string][] {
  const c = result.connections;
  const failed = sortedCounts(c.failed).reduce((sum, [, n]) => sum + n, 0);
  const calls = result.calls;
  const notAnswered = calls.sent - calls.answered;
  const lines: [string, string][] = [
    [
      'calls',
      `${formatCount(calls.sent)} sent at ${formatPerS(calls.perS)}, ${formatCount(calls.answered)} answered, ` +
        `${formatCount(notAnswered)} not answered (${share(notAnswered, calls.sent)}): ${formatCount(calls.errors)} CALLERROR, ` +
        `${formatCount(calls.timedOut)} timed out, ${formatCount(calls.inFlightAtEnd)} in flight at end, ${formatCount(calls.cutByDisconnect)} cut by disconnect`,
    ],
    ['connections', `${countOf(c.attempts, 'attempt')}, ${formatCount(c.opened)} opened (${share(c.opened, c.attempts)}), ${formatCount(failed)} failed`],
  ];
  if (failed > 0) lines.push(['failed by reason', sortedCounts(c.failed).map(([reason, n]) => `${reasonText(reason)} ${formatCount(n)}`).join(', ')]);
  if (c.firstFailure) {
    const f = c.firstFailure;
    lines.push(['first failure', `${f.reason}: ${f.message} (${countOf(f.count, 'attempt')} failed this way)`]);
  }
  if (c.rampHeld !== undefined) {
    lines.push(['ramp held back', `${formatElapsedS(c.rampHeld.ms / 1_000)} with ${formatCount(c.rampHeld.maxConnecting)} handshakes in flight per process (--max-connecting): the CSMS or this machine answered slower than the ramp`]);
  }
  const closed = sortedCounts(c.closedByPeer);
  if (closed.length > 0) lines.push(['closed by the CSMS', closed.map(([code, n]) => `${closeCodeText(code)} ${formatCount(n)}`).join(', ')]);

  const b = result.boots;
  // A shard's boots are of its own stations, not the whole fleet's.
  const stations = ownStations(result);
  lines.push([
    'boots',
    `${formatCount(b.accepted)} accepted, ${formatCount(b.pending)} pending, ${formatCount(b.rejected)} rejected, ` +
      `${formatCount(b.notBooted)} not booted (${share(b.notBooted, stations)}) · ` +
      (b.bootAllMs !== undefined ? `all ${formatCount(stations)} booted after ${formatElapsedS(b.bootAllMs / 1_000)}` : 'not every station booted'),
  ]);

  const d = result.disconnects;
  const recover = d.timeToRecover;
  lines.push([
    'disconnects',
    `${formatCount(d.disconnects)}, ${formatCount(d.recovered)} recovered (${share(d.recovered, d.disconnects)})` +
      (recover.count > 0 ? ` · time to recover p50 ${formatMs(recover.p50)}, p99 ${formatMs(recover.p99)}, max ${formatMs(recover.max)}` : ''),
  ]);

  const s = result.sessions;
  const refused = formatCounts(s.refusedByStatus);
  lines.push([
    'sessions',
    `${formatCount(s.attempted)} attempted, ${formatCount(s.started)} started, ${formatCount(s.refused)} refused${refused ? ` (${refused})` : ''}, ` +
      `${formatCount(s.completed)} completed, ${formatCount(s.stoppedAtEnd)} stopped at end, ${formatCount(s.openAtEnd)} open at end` +
      (s.failed > 0 ? `, ${formatCount(s.failed)} did not start` : ''),
  ]);
  lines.push(...crashLines(result));
  return lines;
}

/** One line on what was run: profile, stations, protocol, seed, how long, which tool. */
export function parametersLine(result: LoadResult): string {
  const p = result.parameters;
  return [
    `profile ${p.profile}`,
    `${stationsText(result)} (${p.protocol}) on ${countOf(p.sites, 'site')}`,
    `seed ${p.seed}`,
    `time scale ×${p.timeScale}`,
    `${formatElapsedS(result.elapsedS)} real`,
    `${result.tool.name} ${result.tool.version}`,
  ].join(' · ');
}

export const CSMS_WORDS: Record<LoadResult['parameters']['csms'], string> = {
  'child-process': 'bundled, child process',
  'in-process': 'bundled, in-process',
  external: 'external',
};
