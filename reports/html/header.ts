import { formatDurationMs } from '../../simulator/duration.js';
import { expectationMessage, formatSource, runPassed, unexpectedIssueMessage } from '../format.js';
import type { RunResult, ScenarioResult } from '../result.js';
import { html, type Markup } from './markup.js';
import { errorAnchor, expectationAnchor, scenarioAnchor, unexpectedIssuesAnchor } from './scenario-section.js';
import { formatInstant, plural, STATUS_ICON } from './words.js';

const CSMS_LABEL: Record<RunResult['csms']['kind'], string> = {
  'bundled-in-process': 'bundled, in-process',
  'bundled-remote': 'bundled, remote',
  'third-party': 'third-party',
};

/** The verdict, the totals and the run's settings: what a reader needs before opening any scenario. */
export function header(result: RunResult): Markup {
  const s = result.summary;
  const passed = runPassed(result);
  return html`<header class="top">
<div class="brand"><span class="logo" aria-hidden="true">⚡</span> chargedrill <span class="sub">run report</span></div>
<div class="verdict ${passed ? 'verdict-passed' : 'verdict-failed'}">${passed ? 'All scenarios passed' : result.interrupted ? 'Run interrupted' : 'Run failed'}</div>
</header>
<section class="overview">
<div class="cards">
${card('total', 'Scenarios', s.scenarios)}
${card('passed', 'Passed', s.passed)}
${card('failed', 'Failed', s.failed)}
${card('errored', 'Errored', s.errored)}
${card('skipped', 'Skipped', s.skipped)}
${s.interrupted ? card('skipped', 'Interrupted', s.interrupted) : ''}
${card(s.failedExpectations > 0 ? 'failed' : 'total', 'Expectations failed', `${s.failedExpectations} / ${s.expectations}`)}
</div>
${ratioBar(result)}
<dl class="run-meta">
<div><dt>Started</dt><dd>${formatInstant(result.startedAt)}</dd></div>
<div><dt>Duration</dt><dd>${formatDurationMs(result.realDurationMs)} real</dd></div>
<div><dt>CSMS</dt><dd>${CSMS_LABEL[result.csms.kind]}${result.csms.url !== undefined ? html` · <code>${result.csms.url}</code>` : ''}</dd></div>
<div><dt>Tool</dt><dd>${result.tool.name} ${result.tool.version}</dd></div>
${options(result.options)}
</dl>
</section>
${attention(result)}`;
}

function card(tone: string, label: string, value: number | string): Markup {
  const dim = value === 0 ? ' zero' : '';
  return html`<div class="card card-${tone}${dim}"><div class="card-value">${value}</div><div class="card-label">${label}</div></div>`;
}

/** Proportion of scenarios by status, as a single stacked bar. */
function ratioBar(result: RunResult): Markup {
  const s = result.summary;
  const total = Math.max(s.scenarios, 1);
  const parts = (['passed', 'failed', 'errored', 'skipped'] as const).filter((k) => s[k] > 0);
  return html`<div class="ratio" role="img" aria-label="${s.passed} passed, ${s.failed} failed, ${s.errored} errored, ${s.skipped} skipped">${parts.map(
    (k) => html`<span class="ratio-${k}" style="width:${((100 * s[k]) / total).toFixed(2)}%" title="${s[k]} ${k}"></span>`,
  )}</div>`;
}

function options(o: RunResult['options']): Markup {
  const items: [string, string][] = [];
  if (o.seed !== undefined) items.push(['Seed', String(o.seed)]);
  if (o.timeScale !== undefined) items.push(['Time scale', `×${o.timeScale}`]);
  if (o.grep !== undefined && o.grep.length > 0) items.push(['Grep', o.grep.join(', ')]);
  if (o.tags !== undefined && o.tags.length > 0) items.push(['Tags', o.tags.join(' and ')]);
  if (o.bail) items.push(['Bail', 'stop at the first failure']);
  return html`${items.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}`;
}

/** Per scenario at most this many messages on top; the open section below has them all. */
const MAX_MESSAGES = 8;

/**
 * What did not pass, first: each failed or errored scenario with its failure messages, every message a link to
 * the row or box it comes from (the script opens the section if it was closed).
 */
function attention(result: RunResult): Markup {
  const bad = result.scenarios
    .map((scenario, index) => ({ scenario, index }))
    .filter(({ scenario }) => scenario.status === 'failed' || scenario.status === 'errored');
  if (bad.length === 0) return html``;
  return html`<nav class="attention" aria-label="Scenarios that did not pass">
<h2>Needs attention</h2>
<ul class="attention-list">${bad.map(({ scenario, index }) => {
    const messages = failureLinks(scenario, index);
    const what = scenario.status === 'errored' ? 'could not run to the end' : plural(messages.length, 'failure');
    const shown = messages.slice(0, MAX_MESSAGES);
    const more = messages.length - shown.length;
    return html`<li class="status-${scenario.status}"><a class="attention-scenario" href="#${scenarioAnchor(index)}"><span class="mini mini-${scenario.status}" aria-hidden="true">${STATUS_ICON[scenario.status]}</span>${scenario.name}</a> <span class="muted">${what}</span>
<ul class="attention-messages">${shown.map(
      (m) => html`<li><a class="attention-message" href="#${m.anchor}">${m.text}</a>${m.source !== undefined ? html` <code class="muted">${m.source}</code>` : ''}</li>`,
    )}${more > 0 ? html`<li><a href="#${scenarioAnchor(index)}">… ${plural(more, 'more failure')}</a></li>` : ''}</ul></li>`;
  })}</ul>
</nav>`;
}

interface FailureLink {
  text: string;
  anchor: string;
  source?: string;
}

/** The same reasons, in the same order, as format.ts failureMessages, each with where it is shown. */
function failureLinks(scenario: ScenarioResult, index: number): FailureLink[] {
  const links: FailureLink[] = [];
  if (scenario.error !== undefined) links.push({ text: scenario.error, anchor: errorAnchor(index) });
  scenario.expectations.forEach((e, i) => {
    if (e.status === 'failed') links.push({ text: expectationMessage(e), anchor: expectationAnchor(index, i), source: formatSource(e.source) });
  });
  for (const issue of scenario.unexpectedIssues) links.push({ text: unexpectedIssueMessage(issue), anchor: unexpectedIssuesAnchor(index) });
  return links;
}
