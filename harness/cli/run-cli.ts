/**
 * `chargedrill run`: load and check the scenarios (exit 2 on a bad file or an empty --grep), run them with
 * live progress, write the reports, print every failure, and answer 0 (all passed) or 1.
 */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultReportDir } from '../../reports/run-dir.js';
import type { RunResult, ScenarioResult } from '../../reports/result.js';
import { writeReports, type ReportFormat } from '../../reports/write.js';
import { formatDurationMs as durationText } from '../../simulator/duration.js';
import { unexpectedMessage } from '../runner/evaluate/unexpected.js';
import { catalogueFaultParams } from '../runner/fault-validator.js';
import { runSuite } from '../runner/run-suite.js';
import { grepScenarios } from '../runner/scenario/grep.js';
import { loadScenarios } from '../runner/scenario/load.js';
import { formatProblem } from '../runner/scenario/problems.js';

export interface RunCliOptions {
  paths: string[];
  grep: string[];
  seed?: number;
  timeScale?: number;
  bail: boolean;
  out?: string;
  parallel: number;
  csmsUrl?: string;
  webhookPort?: number;
  formats: ReportFormat[];
}

export async function runCli(options: RunCliOptions, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const paths = options.paths.length > 0 ? options.paths : [bundledSuite()];
  const suite = await loadScenarios(paths, { validateFaultParams: catalogueFaultParams });
  if (suite.problems.length > 0) {
    err.write(`chargedrill: ${suite.problems.length} problem${suite.problems.length === 1 ? '' : 's'} in the scenario files; nothing was run\n`);
    for (const problem of suite.problems) err.write(`${formatProblem(problem)}\n`);
    return 2;
  }
  if (suite.scenarios.length === 0) {
    err.write(`chargedrill: no scenario files (.yaml, .yml) in ${paths.join(', ')}\n`);
    return 2;
  }
  const scenarios = grepScenarios(suite.scenarios, options.grep);
  if (scenarios.length === 0) {
    const names = suite.scenarios.map((s) => s.name).join(', ') || 'none';
    err.write(`chargedrill: no scenario matches --grep ${options.grep.map((g) => JSON.stringify(g)).join(' ')} (scenarios: ${names})\n`);
    return 2;
  }
  out.write(`Running ${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}${options.csmsUrl ? ` against ${options.csmsUrl}` : ''}\n`);
  const result = await runSuite(scenarios, {
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
    ...(options.csmsUrl !== undefined ? { csmsUrl: options.csmsUrl } : {}),
    ...(options.webhookPort !== undefined ? { webhookPort: options.webhookPort } : {}),
    parallel: options.parallel,
    bail: options.bail,
    grep: options.grep,
    onScenarioEnd: (scenario) => out.write(`${scenarioProgressLine(scenario)}\n`),
  });
  const outDir = options.out ?? defaultReportDir(result.startedAt);
  const written = await writeReports(result, outDir, options.formats);
  out.write(`\n${runSummaryText(result)}\n`);
  out.write(`Reports: ${written.join(', ')}\n`);
  return result.summary.failed + result.summary.errored > 0 ? 1 : 0;
}

/** "✓ ground-failure-mid-session (4.1s)" */
export function scenarioProgressLine(scenario: ScenarioResult): string {
  const mark = { passed: '✓', failed: '✗', errored: '✗', skipped: '-' }[scenario.status];
  const note = scenario.status === 'errored' ? ` errored: ${scenario.error}` : scenario.status === 'skipped' ? ' skipped' : '';
  return `${mark} ${scenario.name} (${durationText(scenario.realDurationMs)})${note}`;
}

export function runSummaryText(result: RunResult): string {
  const { summary } = result;
  const lines = [
    `${summary.passed} passed, ${summary.failed} failed, ${summary.errored} errored${summary.skipped ? `, ${summary.skipped} skipped` : ''} ` +
      `of ${summary.scenarios} in ${durationText(result.realDurationMs)}`,
  ];
  for (const scenario of result.scenarios) {
    const messages = [
      ...(scenario.error ? [`errored: ${scenario.error}`] : []),
      ...scenario.expectations.filter((e) => e.status === 'failed').map((e) => `${e.source.file}:${e.source.line}:${e.source.column}: ${e.message ?? e.observed}`),
      ...scenario.unexpectedIssues.map(unexpectedMessage),
      ...scenario.timeline.filter((t) => t.text.startsWith('warning: ')).map((t) => t.text),
    ];
    if (messages.length === 0) continue;
    lines.push(`${scenario.status === 'passed' ? '!' : '✗'} ${scenario.name}`, ...messages.map((m) => `    ${m}`));
  }
  return lines.join('\n');
}

/**
 * The suite shipped with the package: scenarios/ beside harness/ (sources) or beside dist/ (build). The
 * build has a scenarios/ of its own holding only the compiled-in schema, hence the look for YAML files.
 */
function bundledSuite(): string {
  for (const up of ['../../scenarios', '../../../scenarios']) {
    const dir = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(dir) && readdirSync(dir).some((name) => /\.ya?ml$/.test(name))) return dir;
  }
  return 'scenarios';
}
