/**
 * `chargedrill run`: load and check the scenarios (exit 2 on a bad file or an empty selection), then list
 * them, say they are valid, or run them with live progress, write the reports, print every failure, and
 * answer 0 (all passed) or 1. Ctrl-C stops the scenarios in flight, still writes the reports, answers 130.
 */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultReportDir } from '../../reports/run-dir.js';
import type { RunResult, ScenarioResult } from '../../reports/result.js';
import { writeReports, type ReportFormat } from '../../reports/write.js';
import { formatDurationMs as durationText } from '../../simulator/duration.js';
import { unexpectedMessage } from '../runner/evaluate/unexpected.js';
import { prepareOutputDir } from './paths.js';
import { runPreflight } from './run-preflight.js';
import { catalogueFaultParams } from '../runner/fault-validator.js';
import { runSuite } from '../runner/run-suite.js';
import { selectScenarios } from '../runner/scenario/grep.js';
import { loadScenarios } from '../runner/scenario/load.js';
import type { Scenario } from '../runner/scenario/model.js';
import { formatProblem } from '../runner/scenario/problems.js';

export interface RunCliOptions {
  paths: string[];
  grep: string[];
  /** Every one must be carried (AND); ANDs with grep. */
  tags?: string[];
  /** What to do with the selected scenarios; default run. */
  mode?: 'run' | 'list' | 'list-json' | 'validate';
  seed?: number;
  timeScale?: number;
  bail: boolean;
  out?: string;
  parallel: number;
  csmsUrl?: string;
  webhookPort?: number;
  /** Run even when the suite's real duration at the CSMS's time scale is over the bound (run-preflight.ts). */
  allowSlow?: boolean;
  formats: ReportFormat[];
}

export async function runCli(options: RunCliOptions, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const paths = options.paths.length > 0 ? options.paths : [bundledSuite()];
  const suite = await loadScenarios(paths, { validateFaultParams: catalogueFaultParams });
  const mode = options.mode ?? 'run';
  const tags = options.tags ?? [];
  if (suite.problems.length > 0) {
    err.write(`chargedrill: ${suite.problems.length} problem${suite.problems.length === 1 ? '' : 's'} in the scenario files${mode === 'validate' ? '' : '; nothing was run'}\n`);
    for (const problem of suite.problems) err.write(`${formatProblem(problem)}\n`);
    return 2;
  }
  if (suite.scenarios.length === 0) {
    err.write(`chargedrill: no scenario files (.yaml, .yml) in ${paths.join(', ')}\n`);
    return 2;
  }
  const scenarios = selectScenarios(suite.scenarios, { grep: options.grep, tags });
  if (scenarios.length === 0) {
    const names = suite.scenarios.map((s) => s.name).join(', ') || 'none';
    const filters = [...options.grep.map((g) => `--grep ${JSON.stringify(g)}`), ...tags.map((t) => `--tag ${JSON.stringify(t)}`)].join(' ');
    err.write(`chargedrill: no scenario matches ${filters} (scenarios: ${names})\n`);
    return 2;
  }
  if (mode === 'validate') {
    const files = suite.scenarios.length;
    const selected = scenarios.length < files ? `; ${scenarios.length} selected by the filters` : '';
    out.write(`${files} scenario file${files === 1 ? '' : 's'} valid${selected}\n`);
    return 0;
  }
  if (mode === 'list' || mode === 'list-json') {
    out.write(mode === 'list-json' ? `${JSON.stringify(scenarios.map(listEntry), null, 2)}\n` : scenarioListText(scenarios));
    return 0;
  }
  // Before the report folder exists: an unreachable CSMS or an unasked-for hours-long run writes nothing.
  const preflight = await runPreflight(scenarios, options);
  if (!preflight.ok) {
    err.write(`chargedrill: ${preflight.line}\n`);
    return preflight.exitCode;
  }
  for (const note of preflight.notes) err.write(`chargedrill: ${note}\n`);
  // Before anything runs: a run that cannot write its reports at the end would lose them.
  const outDir = options.out ?? defaultReportDir(new Date().toISOString());
  const outProblem = prepareOutputDir(outDir);
  if (outProblem !== undefined) {
    err.write(`chargedrill: ${options.out === undefined ? 'the default report folder (choose one with --out)' : '--out'} ${outDir}: ${outProblem}; nothing was run\n`);
    return 2;
  }
  const interrupt = new AbortController();
  const onSigint = () => {
    err.write('chargedrill: interrupted: stopping the scenarios in flight and writing the reports (Ctrl-C again quits at once)\n');
    interrupt.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    return await runSelected(scenarios, options, outDir, interrupt.signal, out);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function runSelected(scenarios: Scenario[], options: RunCliOptions, outDir: string, signal: AbortSignal, out: NodeJS.WritableStream): Promise<number> {
  out.write(`Running ${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}${options.csmsUrl ? ` against ${options.csmsUrl}` : ''}\n`);
  const result = await runSuite(scenarios, {
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
    ...(options.csmsUrl !== undefined ? { csmsUrl: options.csmsUrl } : {}),
    ...(options.webhookPort !== undefined ? { webhookPort: options.webhookPort } : {}),
    parallel: options.parallel,
    bail: options.bail,
    grep: options.grep,
    ...(options.tags && options.tags.length > 0 ? { tags: options.tags } : {}),
    signal,
    onScenarioEnd: (scenario) => out.write(`${scenarioProgressLine(scenario)}\n`),
  });
  const written = await writeReports(result, outDir, options.formats);
  out.write(`\n${runSummaryText(result)}\n`);
  out.write(`Reports: ${written.join(', ')}\n`);
  // 128 + SIGINT, as shells report a command stopped by Ctrl-C.
  if (result.interrupted) return 130;
  return result.summary.failed + result.summary.errored > 0 ? 1 : 0;
}

/** What --list --json prints per scenario. */
function listEntry(scenario: Scenario): { name: string; protocol: string; tags: string[]; summary: string; file: string } {
  return { name: scenario.name, protocol: scenario.protocol, tags: scenario.tags, summary: scenario.summary, file: scenario.file };
}

/**
 * "crash-loop  ocpp1.6  [firmware, crash-loop]" with the summary and the file indented below it, then a count.
 */
export function scenarioListText(scenarios: readonly Scenario[]): string {
  const blocks = scenarios.map((s) => [`${s.name}  ${s.protocol}  [${s.tags.join(', ')}]`, `    ${s.summary.replace(/\s+/g, ' ').trim()}`, `    ${s.file}`].join('\n'));
  return `${blocks.join('\n')}\n${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}\n`;
}

/** "✓ ground-failure-mid-session (4.1s)" */
export function scenarioProgressLine(scenario: ScenarioResult): string {
  const mark = { passed: '✓', failed: '✗', errored: '✗', skipped: '-', interrupted: '■' }[scenario.status];
  const note = scenario.status === 'errored' ? ` errored: ${scenario.error}` : scenario.status === 'skipped' || scenario.status === 'interrupted' ? ` ${scenario.status}` : '';
  return `${mark} ${scenario.name} (${durationText(scenario.realDurationMs)})${note}`;
}

export function runSummaryText(result: RunResult): string {
  const { summary } = result;
  const lines = [
    `${summary.passed} passed, ${summary.failed} failed, ${summary.errored} errored${summary.skipped ? `, ${summary.skipped} skipped` : ''}` +
      `${summary.interrupted ? `, ${summary.interrupted} interrupted` : ''} ` +
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
