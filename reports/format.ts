import { formatDurationMs } from '../simulator/duration.js';
import { placeText } from '../simulator/vocabulary/place.js';
import type { ExpectationResult, IssueSummary, RunResult, ScenarioResult, SourcePosition } from './result.js';

/** Small shared wording for the text views, so JUnit, Markdown and HTML say the same thing the same way. */

/** The run's verdict as CI reads it: green only when nothing failed or errored. */
export function runPassed(result: RunResult): boolean {
  return result.summary.failed === 0 && result.summary.errored === 0 && result.interrupted !== true;
}

export function formatSource(source: SourcePosition): string {
  return `${source.file}:${source.line}:${source.column}`;
}

/** Real seconds with millisecond precision, as JUnit's `time` attribute wants them. */
export function formatSeconds(ms: number): string {
  return (Math.max(0, ms) / 1_000).toFixed(3);
}

export function failedExpectations(scenario: ScenarioResult): ExpectationResult[] {
  return scenario.expectations.filter((e) => e.status === 'failed');
}

/** The one-sentence failure of an expectation; the runner usually supplies it, else built from its parts. */
export function expectationMessage(expectation: ExpectationResult): string {
  return expectation.message ?? `${expectation.title}: expected ${expectation.expected}, observed ${expectation.observed}`;
}

/** "unexpected issue safety-fault on S1-CP1 connector 1, raised at 3m" */
export function unexpectedIssueMessage(issue: IssueSummary): string {
  return `unexpected issue ${issue.type} ${issueWhere(issue)}, raised at ${formatDurationMs(issue.raisedAtMs)}`;
}

export function issueWhere(issue: Pick<IssueSummary, 'stationId' | 'connectorId' | 'siteId'>): string {
  if (issue.stationId !== undefined) return `on ${placeText(issue)}`;
  return issue.siteId !== undefined ? `at ${placeText(issue)}` : 'network-wide';
}

/** Every reason a scenario did not pass, one line each, in the order a reader should see them. */
export function failureMessages(scenario: ScenarioResult): string[] {
  const lines: string[] = [];
  if (scenario.error !== undefined) lines.push(scenario.error);
  for (const e of failedExpectations(scenario)) lines.push(expectationMessage(e));
  for (const issue of scenario.unexpectedIssues) lines.push(unexpectedIssueMessage(issue));
  return lines;
}
