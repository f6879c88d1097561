import { formatDurationMs } from '../simulator/duration.js';
import { expectationMessage, failedExpectations, formatSource, runPassed, unexpectedIssueMessage } from './format.js';
import type { RunResult, ScenarioResult } from './result.js';

/**
 * A short Markdown summary for CI job pages (GitHub's step summary, GitLab's MR notes): a verdict and totals line,
 * one table row per scenario with what it checks, then each failure's message and where it was written. Details
 * live in the HTML report; this page should be readable at a glance.
 */

/**
 * GitHub refuses a step summary over 1 MiB; a summary this size is already more than anyone reads. Past it, the
 * failures are kept first (they are why the page is opened) and the rest is counted on a "… N more" line.
 */
export const MAX_SUMMARY_BYTES = 64 * 1024;
/** Room kept for the "… N more" lines and the final newline. */
const RESERVE_BYTES = 512;
/** Share of the space the failures may take before the table gets the rest. */
const FAILURES_SHARE = 0.75;
/** A scenario's summary is cut to this many characters in its table row; the HTML report has it whole. */
const MAX_SUMMARY_CHARS = 160;

export function toMarkdown(result: RunResult, maxBytes = MAX_SUMMARY_BYTES): string {
  const s = result.summary;
  const verdict = runPassed(result) ? '✅ **chargedrill: all scenarios passed**' : result.interrupted ? '⏹️ **chargedrill: run interrupted**' : '❌ **chargedrill: scenarios failed**';
  const counts = [
    `${s.passed} passed`,
    s.failed ? `${s.failed} failed` : '',
    s.errored ? `${s.errored} errored` : '',
    s.skipped ? `${s.skipped} skipped` : '',
    s.interrupted ? `${s.interrupted} interrupted` : '',
  ].filter(Boolean);
  const head = [
    `### ${verdict}`,
    '',
    `${s.scenarios} scenario${s.scenarios === 1 ? '' : 's'}: ${counts.join(', ')} · ${s.failedExpectations} of ${s.expectations} expectations failed · ` +
      `${formatDurationMs(result.realDurationMs)} · ${inline(result.tool.name)} ${inline(result.tool.version)}`,
    '',
    '| | Scenario | Checks | File | Protocol | Expectations | Simulated |',
    '|:-:|---|---|---|---|--:|--:|',
  ];
  const rows = result.scenarios.map(row);
  const failures = result.scenarios.filter((sc) => sc.status === 'failed' || sc.status === 'errored').map(failureSection);

  const whole = compose(head, rows, failures);
  if (bytes(whole) <= maxBytes) return whole;

  const budget = maxBytes - bytes(compose(head, [], failures.length > 0 ? [[]] : [])) - RESERVE_BYTES;
  const keptFailures = takeWithin(failures, Math.floor(budget * FAILURES_SHARE));
  const keptRows = takeWithin(rows.map((r) => [r]), budget - blockBytes(keptFailures)).map(([r]) => r as string);
  if (keptRows.length < rows.length) keptRows.push(`| | … ${rows.length - keptRows.length} more scenario${rows.length - keptRows.length === 1 ? '' : 's'} in report.html | | | | | |`);
  if (keptFailures.length < failures.length) keptFailures.push([`… ${failures.length - keptFailures.length} more failing scenario${failures.length - keptFailures.length === 1 ? '' : 's'} in report.html`]);
  return compose(head, keptRows, keptFailures);
}

function compose(head: string[], rows: string[], failures: string[][]): string {
  const lines = [...head, ...rows];
  if (failures.length > 0) {
    lines.push('', '#### Failures');
    for (const block of failures) lines.push('', ...block);
  }
  return `${lines.join('\n')}\n`;
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** What a block adds to the page: its lines, each with its newline, and the blank line before it. */
function blockBytes(blocks: string[][]): number {
  return blocks.reduce((sum, block) => sum + bytes(`\n${block.join('\n')}\n`), 0);
}

/** The leading blocks that fit in `budget` bytes, whole; order is kept. */
function takeWithin(blocks: string[][], budget: number): string[][] {
  const kept: string[][] = [];
  let used = 0;
  for (const block of blocks) {
    used += blockBytes([block]);
    if (used > budget) break;
    kept.push(block);
  }
  return kept;
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
  return `| ${STATUS_EMOJI[scenario.status]} | ${inline(scenario.name)} | ${inline(shorten(scenario.summary))} | ${inline(scenario.file)} | ${scenario.protocol} | ${expectations} | ${simulated} |`;
}

/** Per scenario at most this many lines; the rest is in the HTML report. */
const MAX_MESSAGES = 10;

/** Each reason the scenario did not pass with where it is written: the expectation's line, else the scenario file. */
function failureSection(scenario: ScenarioResult): string[] {
  const file = inline(scenario.file);
  const messages: string[] = [];
  if (scenario.error !== undefined) messages.push(`error: ${inline(scenario.error)} (${file})`);
  for (const e of failedExpectations(scenario)) messages.push(`${inline(expectationMessage(e))} (${inline(formatSource(e.source))})`);
  for (const issue of scenario.unexpectedIssues) messages.push(`${inline(unexpectedIssueMessage(issue))} (${file})`);
  const shown = messages.slice(0, MAX_MESSAGES).map((m) => `- ${m}`);
  if (messages.length > MAX_MESSAGES) shown.push(`- … and ${messages.length - MAX_MESSAGES} more in report.html`);
  return [`**${STATUS_EMOJI[scenario.status]} ${inline(scenario.name)}** (${file})`, '', ...shown];
}

/** One line of at most MAX_SUMMARY_CHARS, cut at a word with an ellipsis. */
function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= MAX_SUMMARY_CHARS) return line;
  const cut = line.slice(0, MAX_SUMMARY_CHARS - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > MAX_SUMMARY_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Text inside a paragraph, list item or table cell: one line, Markdown and HTML characters shown as typed (an escaped `|` keeps a table's columns). */
export function inline(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\\`*_[\]<>&|#]/g, (ch) => `\\${ch}`);
}
