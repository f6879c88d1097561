import { formatDurationMs } from '../simulator/duration.js';
import { expectationMessage, failedExpectations, formatSource, runPassed, unexpectedIssueMessage } from './format.js';
import type { RunResult, ScenarioResult } from './result.js';

/**
 * A short Markdown summary for CI job pages (GitHub's step summary, GitLab's MR notes): a verdict and totals line,
 * one table row per scenario, then the failure messages of the scenarios that did not pass. Details live in the
 * HTML report; this page should be readable at a glance.
 */
export function toMarkdown(result: RunResult): string {
  const s = result.summary;
  const verdict = runPassed(result) ? '✅ **chargedrill: all scenarios passed**' : result.interrupted ? '⏹️ **chargedrill: run interrupted**' : '❌ **chargedrill: scenarios failed**';
  const counts = [
    `${s.passed} passed`,
    s.failed ? `${s.failed} failed` : '',
    s.errored ? `${s.errored} errored` : '',
    s.skipped ? `${s.skipped} skipped` : '',
    s.interrupted ? `${s.interrupted} interrupted` : '',
  ].filter(Boolean);
  const lines = [
    `### ${verdict}`,
    '',
    `${s.scenarios} scenarios: ${counts.join(', ')} · ${s.failedExpectations} of ${s.expectations} expectations failed · ` +
      `${formatDurationMs(result.realDurationMs)} · ${inline(result.tool.name)} ${inline(result.tool.version)}`,
    '',
    '| | Scenario | File | Protocol | Expectations | Simulated |',
    '|:-:|---|---|---|--:|--:|',
    ...result.scenarios.map(row),
  ];
  const notPassed = result.scenarios.filter((sc) => sc.status === 'failed' || sc.status === 'errored');
  if (notPassed.length > 0) {
    lines.push('', '#### Failures');
    for (const scenario of notPassed) lines.push('', ...failureSection(scenario));
  }
  return `${lines.join('\n')}\n`;
}

const STATUS_EMOJI: Record<ScenarioResult['status'], string> = {
  passed: '✅',
  failed: '❌',
  errored: '💥',
  skipped: '⏭️',
  interrupted: '⏹️',
};

function row(scenario: ScenarioResult): string {
  const total = scenario.expectations.length;
  const passed = total - failedExpectations(scenario).length;
  const expectations = scenario.status === 'skipped' || total === 0 ? '–' : `${passed}/${total}`;
  const simulated = scenario.status === 'skipped' ? '–' : formatDurationMs(scenario.simulatedDurationMs);
  return `| ${STATUS_EMOJI[scenario.status]} | ${inline(scenario.name)} | ${inline(scenario.file)} | ${scenario.protocol} | ${expectations} | ${simulated} |`;
}

/** Per scenario at most this many lines; the rest is in the HTML report. */
const MAX_MESSAGES = 10;

function failureSection(scenario: ScenarioResult): string[] {
  const messages: string[] = [];
  if (scenario.error !== undefined) messages.push(`error: ${inline(scenario.error)}`);
  for (const e of failedExpectations(scenario)) messages.push(`${inline(expectationMessage(e))} (${inline(formatSource(e.source))})`);
  for (const issue of scenario.unexpectedIssues) messages.push(inline(unexpectedIssueMessage(issue)));
  const shown = messages.slice(0, MAX_MESSAGES).map((m) => `- ${m}`);
  if (messages.length > MAX_MESSAGES) shown.push(`- … and ${messages.length - MAX_MESSAGES} more in report.html`);
  return [`**${STATUS_EMOJI[scenario.status]} ${inline(scenario.name)}** (${inline(scenario.file)})`, '', ...shown];
}

/** Text inside a paragraph, list item or table cell: one line, Markdown and HTML characters shown as typed (an escaped `|` keeps a table's columns). */
function inline(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\\`*_[\]<>&|#]/g, (ch) => `\\${ch}`);
}
