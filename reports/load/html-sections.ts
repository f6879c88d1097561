import { formatTolerance } from '../../harness/load/compare.js';
import type { LoadResult } from '../../harness/load/result.js';
import { formatDurationMs } from '../../simulator/duration.js';
import { html, type Markup } from '../html/markup.js';
import { comparisonTable, detectionTable, errorTable, healthLines, latencyTable, thresholdTable, type Table } from './tables.js';
import { closeCodeText, countOf, formatCount, formatMs, reasonText, share, sortedCounts, stationsText } from './words.js';

/** The load report's sections below the header; every value is escaped by `html```. */

/** A table whose rows become small cards on a narrow screen (each cell under its column's name). */
function tableMarkup(table: Table, className: string, rowClass: (row: string[]) => string = () => ''): Markup {
  return html`<div class="table-wrap"><table class="stack ${className}">
<thead><tr>${table.columns.map((c) => html`<th${c.align === 'right' ? html` class="num"` : ''}>${c.title}</th>`)}</tr></thead>
<tbody>${table.rows.map(
    (row) => html`<tr class="${rowClass(row)}">${row.map((cell, i) => {
      const column = table.columns[i];
      const empty = cell === '' ? ' empty' : '';
      return html`<td class="${column?.align === 'right' ? 'num' : ''}${empty}" data-label="${column?.title ?? ''}">${cell}</td>`;
    })}</tr>`,
  )}</tbody>
</table></div>`;
}

export function thresholdsPanel(result: LoadResult): Markup {
  if (result.thresholds.length === 0) {
    return html`<section class="panel card-box" id="thresholds"><h2>Thresholds</h2><p class="muted">No thresholds were set: the verdict only says whether the run completed.</p></section>`;
  }
  const table = thresholdTable(result);
  table.columns[0] = { title: 'result', align: 'left' };
  table.rows = table.rows.map((row) => [row[0] === '✓' ? '✓ held' : '✗ failed', ...row.slice(1)]);
  return html`<section class="panel card-box" id="thresholds">
<h2>Thresholds <span class="hint">${formatCount(result.thresholds.filter((t) => !t.ok).length)} of ${formatCount(result.thresholds.length)} failed</span></h2>
${tableMarkup(table, 'thresholds', (row) => (row[0]?.startsWith('✗') ? 'threshold failed' : 'threshold ok'))}
</section>`;
}

/** `--compare`: every compared metric against the baseline, regressions first in the eye by their row class. */
export function comparisonPanel(result: LoadResult): Markup {
  const comparison = result.comparison;
  if (comparison === undefined) return html``;
  const regressed = comparison.rows.filter((row) => row.regression).length;
  return html`<section class="panel card-box" id="comparison">
<h2>Compared with <code>${comparison.baseline}</code> <span class="hint">${formatCount(regressed)} of ${formatCount(comparison.rows.length)} regressed beyond ${formatTolerance(comparison.tolerance)}</span></h2>
${tableMarkup(comparisonTable(result), 'comparison', (row) => (row[0]?.startsWith('✗') ? 'threshold failed' : 'threshold ok'))}
</section>`;
}

export function actionsPanel(result: LoadResult): Markup {
  return html`<section class="panel card-box" id="actions">
<h2>Calls per action <span class="hint">latency of answered calls (CALLRESULT or CALLERROR), real time</span></h2>
${tableMarkup(latencyTable(result), 'latency-table')}
<h3>Calls not answered <span class="hint">each call ends in exactly one outcome</span></h3>
${tableMarkup(errorTable(result), 'error-table')}
</section>`;
}

interface Bar {
  label: string;
  value: number;
  text: string;
}

/** Horizontal HTML bars scaled to the largest value: they wrap and stay legible at any width. */
function bars(rows: Bar[], tone: string): Markup {
  const largest = Math.max(1, ...rows.map((r) => r.value));
  return html`<ul class="bars ${tone}">${rows.map(
    (r) => html`<li class="bar-row"><span class="bar-label">${r.label}</span><span class="bar-track"><span class="bar-fill" style="width:${((100 * r.value) / largest).toFixed(1)}%"></span></span><span class="bar-value">${r.text}</span></li>`,
  )}</ul>`;
}

export function connectionsPanel(result: LoadResult): Markup {
  const c = result.connections;
  const failed = sortedCounts(c.failed);
  const failedTotal = failed.reduce((sum, [, n]) => sum + n, 0);
  const closed = sortedCounts(c.closedByPeer);
  const d = result.disconnects;
  const recover = d.timeToRecover;
  return html`<section class="panel card-box" id="connections">
<h2>Connections, boots, disconnects and sessions</h2>
<dl class="health">${healthLines(result).map(([label, text]) => html`<div><dt>${label}</dt><dd>${text}</dd></div>`)}</dl>
<div class="two-col">
<div>
<h3>Connection failures by reason <span class="hint">${formatCount(failedTotal)} of ${formatCount(c.attempts)} attempts</span></h3>
${failed.length > 0 ? bars(failed.map(([reason, n]) => ({ label: reasonText(reason), value: n, text: `${formatCount(n)} (${share(n, c.attempts)})` })), 'fail') : html`<p class="muted">Every connection attempt opened.</p>`}
${c.firstFailure ? html`<p class="first-failure">First failure: <strong>${c.firstFailure.reason}</strong> <code>${c.firstFailure.message}</code> <span class="muted">(${countOf(c.firstFailure.count, 'attempt')} failed this way)</span></p>` : ''}
</div>
<div>
<h3>Disconnects <span class="hint">${formatCount(d.recovered)} of ${formatCount(d.disconnects)} recovered</span></h3>
${recover.count > 0 ? bars(
    [
      { label: 'time to recover p50', value: recover.p50, text: formatMs(recover.p50) },
      { label: 'time to recover p99', value: recover.p99, text: formatMs(recover.p99) },
      { label: 'time to recover max', value: recover.max, text: formatMs(recover.max) },
    ],
    'time',
  ) : html`<p class="muted">${d.disconnects > 0 ? 'No disconnected station came back before the end.' : 'No station lost its connection during the run.'}</p>`}
<h3>Closed by the CSMS <span class="hint">WebSocket close codes</span></h3>
${closed.length > 0 ? bars(closed.map(([code, n]) => ({ label: closeCodeText(code), value: n, text: formatCount(n) })), 'warn') : html`<p class="muted">The CSMS closed no connection.</p>`}
</div>
</div>
</section>`;
}

export function detectionPanel(result: LoadResult): Markup {
  if (result.detection.length === 0) return html``;
  const largest = Math.max(1, ...result.detection.map((d) => d.latency.max));
  const pct = (v: number) => ((100 * Math.min(v, largest)) / largest).toFixed(1);
  return html`<section class="panel card-box" id="detection">
<h2>Detection under load <span class="hint">real time from the fault's first frame at the CSMS to the issue raised · bar: p50, lighter to p99, tick at max</span></h2>
<ul class="ranges">${result.detection.map((d) => {
    const l = d.latency;
    const missed = d.missed > 0 ? html` · <strong class="missed">${formatCount(d.missed)} missed</strong>` : '';
    return html`<li class="range-row"><div class="range-head"><strong>${d.issueType}</strong> <span class="muted">${formatCount(d.detected)} of ${formatCount(d.injected)} detected</span>${missed}</div>
${l.count > 0 ? html`<div class="range-track" title="p50 ${formatMs(l.p50)}, p99 ${formatMs(l.p99)}, max ${formatMs(l.max)}"><span class="range-p99" style="width:${pct(l.p99)}%"></span><span class="range-p50" style="width:${pct(l.p50)}%"></span><span class="range-max" style="left:${pct(l.max)}%"></span></div>
<div class="range-values">p50 ${formatMs(l.p50)}${l.p50 >= 1_000 ? ` (${formatDurationMs(l.p50)})` : ''} · p99 ${formatMs(l.p99)} · max ${formatMs(l.max)}</div>` : html`<div class="muted">never raised</div>`}</li>`;
  })}</ul>
${tableMarkup(detectionTable(result), 'detection-table')}
</section>`;
}

/** Everything the run was given, so a reader can repeat it. */
export function parametersPanel(result: LoadResult): Markup {
  const p = result.parameters;
  const protocols = Object.entries(result.protocols).map(([protocol, n]) => `${protocol} ${formatCount(n ?? 0)}`).join(', ');
  const items: [string, Markup | string][] = [
    ['Profile', p.profileFile !== undefined ? `${p.profile} (${p.profileFile})` : p.profile],
    ['Stations', `${stationsText(result)} on ${countOf(p.sites, 'site')}, ${countOf(p.connectors, 'connector')} each`],
    ['Protocol', protocols ? `${p.protocol}: ${protocols}` : p.protocol],
    ['Seed', String(p.seed)],
    ['Time scale', `×${p.timeScale} (simulated time runs ${p.timeScale} times faster; latencies are real time)`],
    ['CSMS', html`<code>${p.url}</code> (${p.csms}${p.desk ? ', desk on' : ', desk off'})`],
    ['Behaviours', p.behaviours.length > 0 ? p.behaviours.join(', ') : 'reference'],
    ['Faults injected', formatCount(p.faults)],
    ['Boot timeout', formatDurationMs(p.bootTimeoutMs)],
    ['Thresholds', p.thresholds.length > 0 ? html`${p.thresholds.map((t, i) => html`${i > 0 ? ', ' : ''}<code>${t}</code>`)}` : 'none'],
    ['Command', html`<code>chargedrill ${p.argv.join(' ')}</code>`],
  ];
  return html`<section class="panel card-box" id="parameters">
<h2>Parameters</h2>
<dl class="health">${items.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>
<h3>Stages</h3>
<div class="table-wrap"><table class="stack stages">
<thead><tr><th>stage</th><th class="num">duration</th><th class="num">stations at end</th><th class="num">sessions per station per hour</th><th>message mix</th></tr></thead>
<tbody>${p.stages.map(
    (s) => html`<tr><td data-label="stage">${s.name}</td><td class="num" data-label="duration">${formatDurationMs(s.durationMs)}</td><td class="num" data-label="stations at end">${formatCount(s.target)}</td><td class="num" data-label="sessions per station per hour">${s.sessionsPerHour} /h</td><td data-label="message mix">${mixText(s.mix)}</td></tr>`,
  )}</tbody>
</table></div>
</section>`;
}

function mixText(mix: LoadResult['parameters']['stages'][number]['mix']): string {
  if (!mix) return 'station defaults';
  const parts: string[] = [];
  if (mix.meterValuesIntervalS !== undefined) parts.push(`MeterValues every ${mix.meterValuesIntervalS} s`);
  if (mix.authorizePerHour !== undefined) parts.push(`${mix.authorizePerHour} Authorize /h`);
  if (mix.heartbeatIntervalS !== undefined) parts.push(`Heartbeat every ${mix.heartbeatIntervalS} s`);
  if (mix.heartbeatFlood === true) parts.push('Heartbeat flood (next call when the last is answered)');
  return parts.length > 0 ? parts.join(', ') : 'station defaults';
}
