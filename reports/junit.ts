import { formatDurationMs } from '../simulator/duration.js';
import {
  expectationMessage,
  failedExpectations,
  failureMessages,
  formatSeconds,
  formatSource,
  issueWhere,
  unexpectedIssueMessage,
} from './format.js';
import type { RunResult, ScenarioResult } from './result.js';
import { escapeXmlAttribute as attr, escapeXmlText as text } from './xml-escape.js';

/**
 * JUnit XML as CI servers read it (Jenkins, GitLab, GitHub test-report actions): `<testsuites>` for the run, one
 * `<testsuite>` per scenario file, one `<testcase>` per scenario. `time` is real seconds, since that is what CI
 * tracks; simulated times stay in the messages. A scenario that failed gets one `<failure>` listing every failed
 * expectation and unexpected issue; one that could not run to the end gets `<error>`; one cut by --bail `<skipped/>`;
 * one stopped by Ctrl-C `<skipped/>` saying so (JUnit has no status for it, and it neither failed nor broke).
 */
export function toJunitXml(result: RunResult): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const { summary } = result;
  lines.push(
    `<testsuites name="chargedrill" tests="${summary.scenarios}" failures="${summary.failed}" errors="${summary.errored}" ` +
      `skipped="${summary.skipped + (summary.interrupted ?? 0)}" time="${formatSeconds(result.realDurationMs)}" timestamp="${attr(result.startedAt)}">`,
  );
  for (const [file, scenarios] of groupByFile(result.scenarios)) lines.push(...suite(file, scenarios));
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

/** Files in the order their first scenario ran, so the XML follows the run. */
function groupByFile(scenarios: ScenarioResult[]): Map<string, ScenarioResult[]> {
  const byFile = new Map<string, ScenarioResult[]>();
  for (const scenario of scenarios) {
    const list = byFile.get(scenario.file);
    if (list) list.push(scenario);
    else byFile.set(scenario.file, [scenario]);
  }
  return byFile;
}

function suite(file: string, scenarios: ScenarioResult[]): string[] {
  const count = (status: ScenarioResult['status']) => scenarios.filter((s) => s.status === status).length;
  const timeMs = scenarios.reduce((sum, s) => sum + s.realDurationMs, 0);
  const first = scenarios[0];
  const lines = [
    `  <testsuite name="${attr(file)}" tests="${scenarios.length}" failures="${count('failed')}" errors="${count('errored')}" ` +
      `skipped="${count('skipped') + count('interrupted')}" time="${formatSeconds(timeMs)}"${first ? ` timestamp="${attr(first.startedAt)}"` : ''}>`,
  ];
  for (const scenario of scenarios) lines.push(...testcase(scenario));
  lines.push('  </testsuite>');
  return lines;
}

function testcase(scenario: ScenarioResult): string[] {
  const open = `    <testcase classname="${attr(scenario.file)}" name="${attr(scenario.name)}" time="${formatSeconds(scenario.realDurationMs)}"`;
  switch (scenario.status) {
    case 'passed':
      return [`${open}/>`];
    case 'skipped':
      return [`${open}>`, '      <skipped message="not run: an earlier scenario failed and --bail was set, or the run was interrupted"/>', '    </testcase>'];
    case 'interrupted':
      return [`${open}>`, '      <skipped message="interrupted: the run was stopped (Ctrl-C) while this scenario ran"/>', ...systemOut(scenario), '    </testcase>'];
    case 'failed':
      return [`${open}>`, ...problem('failure', 'expectation', scenario), ...systemOut(scenario), '    </testcase>'];
    case 'errored':
      return [`${open}>`, ...problem('error', 'error', scenario), ...systemOut(scenario), '    </testcase>'];
  }
}

/** `message` is the first reason (CI shows it in one line); the body has all of them with expected, observed and where. */
function problem(element: 'failure' | 'error', type: string, scenario: ScenarioResult): string[] {
  const reasons = failureMessages(scenario);
  const message = reasons.length > 1 ? `${reasons[0]} (and ${reasons.length - 1} more)` : (reasons[0] ?? scenario.status);
  return [`      <${element} message="${attr(message)}" type="${type}">${text(problemBody(scenario))}</${element}>`];
}

function problemBody(scenario: ScenarioResult): string {
  const blocks: string[] = [];
  if (scenario.error !== undefined) blocks.push(`error: ${scenario.error}`);
  for (const e of failedExpectations(scenario)) {
    blocks.push(
      [
        expectationMessage(e),
        `  expectation: ${e.title}`,
        `  expected:    ${e.expected}`,
        `  observed:    ${e.observed}`,
        `  at ${formatSource(e.source)}`,
      ].join('\n'),
    );
  }
  for (const issue of scenario.unexpectedIssues) {
    blocks.push(
      [
        unexpectedIssueMessage(issue),
        `  expected:    no ${issue.type} issue ${issueWhere(issue)} (not expected and not allowed by the scenario)`,
        `  observed:    ${issue.type} (${issue.code}, ${issue.severity}) raised at ${formatDurationMs(issue.raisedAtMs)}` +
          (issue.resolvedAtMs !== undefined ? `, resolved at ${formatDurationMs(issue.resolvedAtMs)}` : ''),
        `  at ${scenario.file}`,
      ].join('\n'),
    );
  }
  return `\n${blocks.join('\n\n')}\n      `;
}

/** The timeline of a scenario that did not pass, so the CI page shows what happened without opening the HTML. */
function systemOut(scenario: ScenarioResult): string[] {
  if (scenario.timeline.length === 0) return [];
  const body = scenario.timeline
    .map((entry) => `${formatDurationMs(entry.atMs).padStart(8)}  ${entry.kind.padEnd(14)} ${entry.text}`)
    .join('\n');
  return [`      <system-out>${text(`\n${body}\n`)}      </system-out>`];
}
