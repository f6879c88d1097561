import { formatDurationMs } from '../../simulator/duration.js';
import { expectationMessage, failedExpectations, formatSource, issueWhere } from '../format.js';
import type { ExpectationResult, IssueSummary, ScenarioResult, TimelineEntry } from '../result.js';
import { latencySvg } from './latency-svg.js';
import { html, type Markup } from './markup.js';
import { metricsPanel } from './metrics.js';
import { timelineSvg } from './timeline-svg.js';
import { formatInstant, plural, PROTOCOL_LABEL, STATUS_ICON, STATUS_LABEL } from './words.js';

/**
 * One scenario as a collapsible section: a one-line summary, and when opened its expectations, timeline and latency
 * chart. Failed and errored scenarios start open: they are what the reader came for.
 */
export function scenarioSection(scenario: ScenarioResult, index: number): Markup {
  const ran = scenario.status !== 'skipped';
  const anchor = scenarioAnchor(index);
  const open = scenario.status === 'failed' || scenario.status === 'errored';
  return html`<details class="scenario status-${scenario.status}" id="${anchor}" data-status="${scenario.status}"${open ? html` open` : ''}>
<summary>
<span class="pill pill-${scenario.status}"><span aria-hidden="true">${STATUS_ICON[scenario.status]}</span> ${STATUS_LABEL[scenario.status]}</span>
<span class="title"><span class="name">${scenario.name}</span><span class="where">${scenario.file} · ${PROTOCOL_LABEL[scenario.protocol]}</span></span>
<span class="counts">${ran ? expectationCounts(scenario) : 'not run (--bail)'}</span>
<span class="durations">${ran ? html`<span title="simulated time">${formatDurationMs(scenario.simulatedDurationMs)} sim</span><span title="real time">${formatDurationMs(scenario.realDurationMs)} real</span>` : ''}</span>
</summary>
<div class="body">
${scenario.summary ? html`<p class="scenario-summary">${scenario.summary}</p>` : ''}
${meta(scenario)}
${scenario.error !== undefined ? html`<div class="error-box" id="${errorAnchor(index)}" role="alert"><strong>The scenario could not run to the end.</strong><pre>${scenario.error}</pre></div>` : ''}
${ran ? expectationsTable(scenario.expectations, index) : ''}
${scenario.unexpectedIssues.length > 0 ? unexpectedIssues(scenario.unexpectedIssues, index) : ''}
<section class="panel">
<h3>Timeline <span class="hint">simulated time · hover a marker for details</span></h3>
<div class="chart-scroll">${timelineSvg(scenario)}</div>
${scenario.timeline.length > 0 ? [legend(), eventTable(scenario.timeline)] : ''}
</section>
<section class="panel">
<h3>Detection latency <span class="hint">bar: fault to issue · marker: budget · red: late or never raised</span></h3>
<div class="chart-scroll">${latencySvg(scenario)}</div>
</section>
${Object.keys(scenario.metrics).length > 0 ? metricsPanel(scenario.metrics) : ''}
</div>
</details>`;
}

export function scenarioAnchor(index: number): string {
  return `scenario-${index + 1}`;
}

/** The row of the scenario's `expectationIndex`-th expectation (0-based, as in the result). */
export function expectationAnchor(index: number, expectationIndex: number): string {
  return `${scenarioAnchor(index)}-expectation-${expectationIndex + 1}`;
}

export function errorAnchor(index: number): string {
  return `${scenarioAnchor(index)}-error`;
}

export function unexpectedIssuesAnchor(index: number): string {
  return `${scenarioAnchor(index)}-unexpected`;
}

function expectationCounts(scenario: ScenarioResult): Markup {
  const failed = failedExpectations(scenario).length;
  const total = scenario.expectations.length;
  const unexpected = scenario.unexpectedIssues.length;
  if (total === 0 && unexpected === 0) return html`no expectations`;
  return html`${failed > 0 ? html`<strong>${failed} of ${total}</strong> expectations failed` : `${total}/${total} expectations`}${
    unexpected > 0 ? html` · <strong>${plural(unexpected, 'unexpected issue')}</strong>` : ''
  }`;
}

function meta(scenario: ScenarioResult): Markup {
  return html`<dl class="meta">
<div><dt>Seed</dt><dd>${scenario.seed}</dd></div>
<div><dt>Time scale</dt><dd>×${scenario.timeScale}</dd></div>
<div><dt>Started</dt><dd>${formatInstant(scenario.startedAt)}</dd></div>
<div><dt>Simulated</dt><dd>${formatDurationMs(scenario.simulatedDurationMs)}</dd></div>
<div><dt>Real</dt><dd>${formatDurationMs(scenario.realDurationMs)}</dd></div>
${scenario.tags.length > 0 ? html`<div><dt>Tags</dt><dd>${scenario.tags.map((tag) => html`<span class="tag">${tag}</span>`)}</dd></div>` : ''}
</dl>`;
}

function expectationsTable(expectations: ExpectationResult[], index: number): Markup {
  if (expectations.length === 0) return html`<p class="muted">This scenario has no expectations.</p>`;
  return html`<section class="panel">
<h3>Expectations</h3>
<table class="expectations stack">
<thead><tr><th class="col-status"><span class="sr-only">Status</span></th><th>Expectation</th><th>Expected</th><th>Observed</th><th class="num">Latency / budget</th><th>Source</th></tr></thead>
<tbody>${expectations.map((e, i) => expectationRow(e, expectationAnchor(index, i)))}</tbody>
</table>
</section>`;
}

function expectationRow(e: ExpectationResult, anchor: string): Markup {
  const failed = e.status === 'failed';
  const timing =
    e.latencyMs !== undefined || e.budgetMs !== undefined
      ? `${e.latencyMs !== undefined ? formatDurationMs(e.latencyMs) : '—'} / ${e.budgetMs !== undefined ? formatDurationMs(e.budgetMs) : '—'}`
      : '';
  const overBudget = e.latencyMs !== undefined && e.budgetMs !== undefined && e.latencyMs > e.budgetMs;
  return html`<tr class="expectation ${e.status}" id="${anchor}">
<td class="col-status"><span class="dot dot-${e.status}" title="${e.status}">${failed ? '✕' : '✓'}</span></td>
<td data-label="Expectation"><span class="kind">${e.kind}</span> ${e.title}</td>
<td data-label="Expected">${e.expected}</td>
<td data-label="Observed">${e.observed}</td>
<td class="num${overBudget ? ' over' : ''}${timing ? '' : ' empty'}" data-label="Latency / budget">${timing}</td>
<td class="source" data-label="Source"><code>${formatSource(e.source)}</code></td>
</tr>${failed ? html`<tr class="message-row"><td class="empty"></td><td colspan="5"><div class="failure-message">${expectationMessage(e)}</div></td></tr>` : ''}`;
}

function unexpectedIssues(issues: IssueSummary[], index: number): Markup {
  return html`<section class="panel" id="${unexpectedIssuesAnchor(index)}">
<h3>Unexpected issues <span class="hint">raised but neither expected nor allowed: each is a failure</span></h3>
<table class="issues stack">
<thead><tr><th>Issue</th><th>Code</th><th>Severity</th><th>Where</th><th class="num">Raised</th><th class="num">Resolved</th></tr></thead>
<tbody>${issues.map(
    (issue) => html`<tr>
<td data-label="Issue"><span class="issue-type">${issue.type}</span></td><td data-label="Code"><code>${issue.code}</code></td><td data-label="Severity">${issue.severity}</td><td data-label="Where">${issueWhere(issue)}</td>
<td class="num" data-label="Raised">${formatDurationMs(issue.raisedAtMs)}</td><td class="num" data-label="Resolved">${issue.resolvedAtMs !== undefined ? formatDurationMs(issue.resolvedAtMs) : '—'}</td>
</tr>`,
  )}</tbody>
</table>
</section>`;
}

function legend(): Markup {
  const items: [string, string][] = [
    ['step', 'step'],
    ['session-refused', 'session refused'],
    ['fault', 'fault'],
    ['issue-raised', 'issue raised'],
    ['issue-resolved', 'issue resolved'],
    ['command', 'remote action / command'],
    ['escalation', 'escalation / work order / technician'],
    ['status', 'out of service (Faulted, Unavailable)'],
    ['recovery', 'recovery'],
  ];
  return html`<ul class="legend">${items.map(([kind, text]) => html`<li><span class="swatch k-${kind}"></span>${text}</li>`)}</ul>`;
}

function eventTable(timeline: TimelineEntry[]): Markup {
  return html`<details class="events"><summary>${plural(timeline.length, 'event')} in order</summary>
<table class="event-table stack">
<thead><tr><th class="num">At</th><th>Kind</th><th>Where</th><th>What</th></tr></thead>
<tbody>${timeline.map(
    (entry) => html`<tr><td class="num" data-label="At">${formatDurationMs(entry.atMs)}</td><td data-label="Kind"><span class="swatch k-${entry.kind}"></span>${entry.kind}</td><td data-label="Where">${where(entry)}</td><td data-label="What">${entry.text}</td></tr>`,
  )}</tbody>
</table>
</details>`;
}

function where(entry: TimelineEntry): string {
  if (entry.stationId === undefined) return entry.siteId !== undefined ? `site ${entry.siteId}` : '';
  return entry.connectorId !== undefined ? `${entry.stationId} #${entry.connectorId}` : entry.stationId;
}
