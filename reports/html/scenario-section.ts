import { formatDurationMs } from '../../simulator/duration.js';
import { expectationMessage, failedExpectations, formatSource, issueWhere } from '../format.js';
import type { ExpectationResult, IssueSummary, ScenarioResult, TimelineEntry } from '../result.js';
import { latencySvg } from './latency-svg.js';
import { html, type Markup } from './markup.js';
import { timelineSvg } from './timeline-svg.js';
import { formatInstant, plural, PROTOCOL_LABEL, STATUS_ICON, STATUS_LABEL } from './words.js';

/** One scenario as a collapsible section: a one-line summary, and when opened its expectations, timeline and latency chart. */
export function scenarioSection(scenario: ScenarioResult, index: number): Markup {
  const ran = scenario.status !== 'skipped';
  return html`<details class="scenario status-${scenario.status}" id="${scenarioAnchor(index)}" data-status="${scenario.status}">
<summary>
<span class="pill pill-${scenario.status}"><span aria-hidden="true">${STATUS_ICON[scenario.status]}</span> ${STATUS_LABEL[scenario.status]}</span>
<span class="title"><span class="name">${scenario.name}</span><span class="where">${scenario.file} · ${PROTOCOL_LABEL[scenario.protocol]}</span></span>
<span class="counts">${ran ? expectationCounts(scenario) : 'not run (--bail)'}</span>
<span class="durations">${ran ? html`<span title="simulated time">${formatDurationMs(scenario.simulatedDurationMs)} sim</span><span title="real time">${formatDurationMs(scenario.realDurationMs)} real</span>` : ''}</span>
</summary>
<div class="body">
${scenario.summary ? html`<p class="scenario-summary">${scenario.summary}</p>` : ''}
${meta(scenario)}
${scenario.error !== undefined ? html`<div class="error-box" role="alert"><strong>The scenario could not run to the end.</strong><pre>${scenario.error}</pre></div>` : ''}
${ran ? expectationsTable(scenario.expectations) : ''}
${scenario.unexpectedIssues.length > 0 ? unexpectedIssues(scenario.unexpectedIssues) : ''}
<section class="panel">
<h3>Timeline <span class="hint">simulated time · hover a marker for details</span></h3>
${timelineSvg(scenario)}
${scenario.timeline.length > 0 ? [legend(), eventTable(scenario.timeline)] : ''}
</section>
<section class="panel">
<h3>Detection latency <span class="hint">bar: fault to issue · marker: budget · red: late or never raised</span></h3>
${latencySvg(scenario)}
</section>
${Object.keys(scenario.metrics).length > 0 ? metrics(scenario.metrics) : ''}
</div>
</details>`;
}

export function scenarioAnchor(index: number): string {
  return `scenario-${index + 1}`;
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

function expectationsTable(expectations: ExpectationResult[]): Markup {
  if (expectations.length === 0) return html`<p class="muted">This scenario has no expectations.</p>`;
  return html`<section class="panel">
<h3>Expectations</h3>
<table class="expectations">
<thead><tr><th class="col-status"><span class="sr-only">Status</span></th><th>Expectation</th><th>Expected</th><th>Observed</th><th class="num">Latency / budget</th><th>Source</th></tr></thead>
<tbody>${expectations.map(expectationRow)}</tbody>
</table>
</section>`;
}

function expectationRow(e: ExpectationResult): Markup {
  const failed = e.status === 'failed';
  const timing =
    e.latencyMs !== undefined || e.budgetMs !== undefined
      ? `${e.latencyMs !== undefined ? formatDurationMs(e.latencyMs) : '—'} / ${e.budgetMs !== undefined ? formatDurationMs(e.budgetMs) : '—'}`
      : '';
  const overBudget = e.latencyMs !== undefined && e.budgetMs !== undefined && e.latencyMs > e.budgetMs;
  return html`<tr class="expectation ${e.status}">
<td class="col-status"><span class="dot dot-${e.status}" title="${e.status}">${failed ? '✕' : '✓'}</span></td>
<td><span class="kind">${e.kind}</span> ${e.title}</td>
<td>${e.expected}</td>
<td>${e.observed}</td>
<td class="num${overBudget ? ' over' : ''}">${timing}</td>
<td class="source"><code>${formatSource(e.source)}</code></td>
</tr>${failed ? html`<tr class="message-row"><td></td><td colspan="5"><div class="failure-message">${expectationMessage(e)}</div></td></tr>` : ''}`;
}

function unexpectedIssues(issues: IssueSummary[]): Markup {
  return html`<section class="panel">
<h3>Unexpected issues <span class="hint">raised but neither expected nor allowed: each is a failure</span></h3>
<table class="issues">
<thead><tr><th>Issue</th><th>Code</th><th>Severity</th><th>Where</th><th class="num">Raised</th><th class="num">Resolved</th></tr></thead>
<tbody>${issues.map(
    (issue) => html`<tr>
<td><span class="issue-type">${issue.type}</span></td><td><code>${issue.code}</code></td><td>${issue.severity}</td><td>${issueWhere(issue)}</td>
<td class="num">${formatDurationMs(issue.raisedAtMs)}</td><td class="num">${issue.resolvedAtMs !== undefined ? formatDurationMs(issue.resolvedAtMs) : '—'}</td>
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
    ['recovery', 'recovery / status'],
  ];
  return html`<ul class="legend">${items.map(([kind, text]) => html`<li><span class="swatch k-${kind}"></span>${text}</li>`)}</ul>`;
}

function eventTable(timeline: TimelineEntry[]): Markup {
  return html`<details class="events"><summary>${plural(timeline.length, 'event')} in order</summary>
<table class="event-table">
<thead><tr><th class="num">At</th><th>Kind</th><th>Where</th><th>What</th></tr></thead>
<tbody>${timeline.map(
    (entry) => html`<tr><td class="num">${formatDurationMs(entry.atMs)}</td><td><span class="swatch k-${entry.kind}"></span>${entry.kind}</td><td>${where(entry)}</td><td>${entry.text}</td></tr>`,
  )}</tbody>
</table>
</details>`;
}

function where(entry: TimelineEntry): string {
  if (entry.stationId === undefined) return entry.siteId !== undefined ? `site ${entry.siteId}` : '';
  return entry.connectorId !== undefined ? `${entry.stationId} #${entry.connectorId}` : entry.stationId;
}

function metrics(values: Record<string, number>): Markup {
  const entries = Object.entries(values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return html`<section class="panel">
<h3>Metrics</h3>
<dl class="metrics">${entries.map(([name, value]) => html`<div><dt>${name}</dt><dd>${Number.isInteger(value) ? value : value.toFixed(3)}</dd></div>`)}</dl>
</section>`;
}
