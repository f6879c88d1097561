import type { Argv } from 'yargs';
// A table without imports: cheap enough to load for --help.
import { BEHAVIOUR_PROFILES, type BehaviourProfileName } from '../../../simulator/station/behaviour.js';
import { LOAD_EXIT, type LiveProgress, type LoadResult } from '../../load/result.js';
import { checkListenable } from '../listen-check.js';
import { listenOnMetricsPort } from '../metrics-flag.js';
import { prepareOutputDir } from '../paths.js';
import { durationMs, port, positiveInt, UsageError } from '../usage.js';
import { controlOptions } from './control-flags.js';
import { chaosFlag, csmsCrashFlags, loadFlags, loadSecurity } from './load-flags.js';
import { loadTargets } from './load-targets.js';
import { readRunSettings } from './load-settings.js';
import { identityOf, LOAD_CHILD_ENV, processesOf, shardOf } from './load-shard-flags.js';

export { loadFlags } from './load-flags.js';

const REPORT_FORMATS = ['json', 'junit', 'html', 'markdown'] as const;
type ReportFormat = (typeof REPORT_FORMATS)[number];

const describe =
  'Run a load test: a fleet of virtual charge points through a profile\'s stages (or ramp and hold) against a CSMS (the bundled one in its own process unless --url is given). ' +
  'Exit 0 passed, 1 the run failed (nothing connected, a station did not boot in time, disconnects, unanswered calls), 2 bad input, 98 regression against --compare, 99 a threshold failed, 130 interrupted';

async function handler(argv: Record<string, unknown>): Promise<void> {
  const shard = shardOf(argv, process.env);
  const processes = processesOf(argv, shard);
  const identity = identityOf(argv);
  const settings = await readRunSettings(argv);
  const behaviours = String(argv.behaviours).split(',').map((name) => name.trim());
  const known = Object.keys(BEHAVIOUR_PROFILES);
  for (const name of behaviours) {
    if (!known.includes(name)) throw new UsageError(`--behaviours must list profiles from ${known.join(', ')}, got ${JSON.stringify(name)}`);
  }
  const maxDisconnects = Number(argv['max-disconnects']);
  if (!Number.isInteger(maxDisconnects) || maxDisconnects < 0) {
    throw new UsageError(`--max-disconnects must be a whole number of 0 or more, got ${JSON.stringify(argv['max-disconnects'])}`);
  }
  const maxConnecting = argv['max-connecting'] === undefined ? undefined : positiveInt('max-connecting', argv['max-connecting']);
  const targets = loadTargets(argv);
  const url = targets.urls[0];
  if (url !== undefined && (argv['in-process'] === true || argv.desk === false)) {
    throw new UsageError('--in-process and --no-desk set up the bundled CSMS: they cannot be combined with --url');
  }
  const out = typeof argv.out === 'string' ? argv.out : undefined;
  if (out !== undefined) {
    const problem = prepareOutputDir(out);
    if (problem !== undefined) throw new UsageError(`--out ${out}: ${problem}`);
  }
  const formats = reportFormats(argv.format, out);
  const compare = await compareFlags(argv);
  const security = loadSecurity(argv);
  const chaos = await chaosFlag(argv.chaos);
  const metricsPort = argv['metrics-port'] === undefined ? undefined : port('metrics-port', argv['metrics-port']);
  const csmsApi = typeof argv['csms-api'] === 'string' ? argv['csms-api'] : undefined;
  const crash = csmsCrashFlags(argv);
  if (Object.keys(crash).length > 0 && (processes > 1 || shard !== undefined)) {
    throw new UsageError('--csms-restart-at, --csms-db and --delivery-check need one process with the bundled CSMS: not with --processes or --shard');
  }
  if (processes > 1) (await import('./load-processes.js')).checkProcessesFlags(argv);
  if (processes > settings.stations) throw new UsageError(`--processes ${processes} needs at least as many stations, got ${settings.stations}`);
  // Said before the engine loads: a run past this machine's limits is refused at once (runLoad checks again).
  // A shard checks its own part; --processes checks the whole fleet with each child's share of the files.
  const { preflight } = await import('../../load/preflight.js');
  const csms = argv['in-process'] === true ? 'in-process' : 'child-process';
  const mine = shard === undefined ? settings.stations : Math.ceil(settings.stations / shard.count);
  const { refused } = await preflight({ ...targets, sites: settings.sites, csms, ...(shard === undefined && { processes }) }, mine);
  if (refused !== undefined) throw new UsageError(refused);
  const [{ LoadInputError, runLoad }, { LiveDisplay }] = await Promise.all([import('../../load/engine.js'), import('../../../reports/load/live.js')]);
  const live = new LiveDisplay({ stream: process.stderr });
  const say = (line: string) => live.log(line);
  const control = controlOptions(argv, (line) => (argv.json ? live.log(line) : process.stdout.write(`${line}\n`)));
  // Before the run: a control port in use is a usage error naming the flag, not Node's error after "load against".
  if (control !== undefined) {
    const controlHost = control.host ?? '127.0.0.1';
    await checkListenable(`--control-host ${controlHost} --control-port ${control.port}`, controlHost, control.port);
  }
  // Before the run: a metrics port in use is a usage error and nothing has started.
  const metrics =
    metricsPort === undefined ? undefined : await listenOnMetricsPort(async () => (await import('../../load/prometheus.js')).createLoadMetrics({ port: metricsPort }));
  if (metrics) say(`chargedrill load metrics at ${metrics.url} (Prometheus)`);
  // A child of --processes reports its progress to the parent, which draws the one live line.
  const toParent = process.env[LOAD_CHILD_ENV] === '1' && process.send !== undefined ? process.send.bind(process) : undefined;
  process.channel?.unref();
  const abort = new AbortController();
  // The first Ctrl-C ends the run cleanly and writes the partial result; a second one quits at once.
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(LOAD_EXIT.interrupted);
    live.log('chargedrill: stopping (Ctrl-C again to quit at once)');
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  toParent?.({ ready: true });
  const showProgress = (progress: LiveProgress) => {
    metrics?.setProgress(progress);
    if (toParent !== undefined) toParent({ progress });
    else live.update(progress);
  };
  try {
    const run = processes > 1 ? (await import('./load-processes.js')).runProcesses({
      processes,
      argv,
      url,
      desk: argv.desk !== false,
      bundled: argv['in-process'] === true ? 'in-process' : 'child-process',
      startCsms: async () => {
        const [{ planFleet }, { startBundledCsms }] = await Promise.all([import('../../../simulator/fleet/plan.js'), import('../../load/bundled-csms.js')]);
        const plan = planFleet({ stations: settings.stations, sites: settings.sites, protocol: settings.protocol, seed: settings.seed, connectors: settings.connectors, ...identity });
        return startBundledCsms({
          mode: argv['in-process'] === true ? 'in-process' : 'child-process',
          desk: argv.desk !== false,
          timeScale: settings.timeScale,
          acceptedTokens: plan.flatMap((station) => station.tokens.map((token) => token.idToken)),
          ...(security !== undefined && { security }),
        });
      },
      say,
      onProgress: showProgress,
      signal: abort.signal,
    }) : runLoad({
      ...(url !== undefined && { url }),
      ...(targets.urls.length > 1 && { urls: targets.urls }),
      ...(targets.urlStrategy !== undefined && { urlStrategy: targets.urlStrategy }),
      ...(targets.sourceAddresses !== undefined && { sourceAddresses: targets.sourceAddresses }),
      csms,
      desk: argv.desk !== false,
      stations: settings.stations,
      ...(shard !== undefined && { shard }),
      ...identity,
      ...(csmsApi !== undefined && { csmsApi }),
      sites: settings.sites,
      protocol: settings.protocol,
      connectors: settings.connectors,
      seed: settings.seed,
      timeScale: settings.timeScale,
      stages: settings.stages,
      faults: settings.faults,
      thresholds: settings.thresholds,
      ...(settings.profile !== undefined && { profile: settings.profile.name, profileFile: settings.profile.file }),
      bootTimeoutMs: durationMs('boot-timeout', argv['boot-timeout']),
      maxDisconnects,
      behaviours: behaviours as BehaviourProfileName[],
      stopGraceMs: durationMs('stop-grace', argv['stop-grace'], { min: 0 }),
      ...(maxConnecting !== undefined && { maxConnecting }),
      ...(security !== undefined && { security }),
      // --chaos puts one network on every station and wins over a profile's per-station rules.
      ...(chaos !== undefined ? { chaos } : settings.chaos.length > 0 && { chaos: (await import('../../load/profiles/chaos.js')).chaosChooser(settings.chaos, settings.seed) }),
      ...(control !== undefined && { control }),
      ...crash,
      argv: process.argv.slice(2),
      signal: abort.signal,
      onStart: (info) => say(`chargedrill: load against ${info.url}${bundledNote(info.csms)}`),
      onLog: (line) => say(`chargedrill: ${line}`),
      onProgress: showProgress,
      ...(metrics && { metrics }),
    });
    const result = await run.catch((error: unknown) => {
      if (error instanceof Error && error.name === 'InterruptedBeforeResults') {
        process.exitCode = LOAD_EXIT.interrupted;
        say(`chargedrill: ${error.message}`);
        return undefined;
      }
      // Options the engine refuses are bad input, like a bad flag: nothing ran.
      throw error instanceof LoadInputError ? new UsageError(error.message) : error;
    }).finally(() => live.finish());
    if (result !== undefined) await report(result, { json: argv.json === true, out, formats, compare });
  } finally {
    await metrics?.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Prints the summary (or the JSON), writes the reports, compares with the baseline and sets the exit code. */
export async function report(
  result: LoadResult,
  how: { json: boolean; out: string | undefined; formats: ReportFormat[]; compare: { file: string; baseline: LoadResult; tolerance: number | undefined } | undefined },
): Promise<void> {
  const [{ toSummaryText }, { writeLoadReports }, { applyComparison, compareResults, formatComparison }] = await Promise.all([
    import('../../../reports/load/summary-text.js'),
    import('../../../reports/load/write.js'),
    import('../../load/compare.js'),
  ]);
  // The comparison is part of the result before anything is printed or written, so every report tells the same verdict.
  if (how.compare !== undefined) {
    const comparison = compareResults(how.compare.baseline, result, how.compare.tolerance);
    applyComparison(result, comparison, how.compare.file);
    if (how.json) process.stderr.write(`\n${formatComparison(comparison, { baseline: how.compare.file, current: 'this run' })}\n`);
  }
  if (how.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`${toSummaryText(result)}\n`);
  for (const failure of result.failures) process.stderr.write(`chargedrill: ${failure}\n`);
  if (how.out !== undefined) {
    const written = await writeLoadReports(result, how.out, how.formats);
    process.stderr.write(`chargedrill: reports written: ${written.join(', ')}\n`);
  }
  process.exitCode = result.exitCode;
}

export function reportFormats(value: unknown, out: string | undefined): ReportFormat[] {
  const formats = [value ?? []].flat().flatMap((f) => String(f).split(',')).map((f) => f.trim()).filter(Boolean);
  for (const format of formats) {
    if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
  }
  if (formats.length > 0 && out === undefined) throw new UsageError('--format chooses the reports --out writes: give --out DIR');
  return formats.length > 0 ? (formats as ReportFormat[]) : [...REPORT_FORMATS];
}

/** `--compare FILE [--tolerance 10%]`: the baseline is read before the run, so a bad file costs no run. */
async function compareFlags(argv: Record<string, unknown>) {
  if (argv.compare === undefined) {
    if (argv.tolerance !== undefined) throw new UsageError('--tolerance needs --compare');
    return undefined;
  }
  const file = String(argv.compare);
  const { parseTolerance, readLoadResult } = await import('../../load/compare.js');
  // `prefix` names the flag when the error does not: parseTolerance's already starts with "--tolerance".
  const refused = (prefix: string) => (error: unknown): never => {
    throw error instanceof Error && 'problems' in error ? new UsageError(`${prefix}${oneLine(error.message)}`) : error;
  };
  let tolerance: number | undefined;
  try {
    tolerance = argv.tolerance === undefined ? undefined : parseTolerance(String(argv.tolerance));
  } catch (error) {
    refused('')(error);
  }
  return { file, baseline: await readLoadResult(file).catch(refused('--compare: ')), tolerance };
}

function oneLine(text: string): string {
  return text.split('\n').map((line) => line.trim()).filter(Boolean).join(' ');
}

function bundledNote(csms: 'child-process' | 'in-process' | 'external'): string {
  return csms === 'external' ? '' : csms === 'in-process' ? ' (bundled, in-process)' : ' (bundled, own process)';
}

export const loadCommand = {
  command: 'load',
  describe,
  builder: (y: Argv) => y.options(loadFlags),
  handler,
};

/** The former name, kept: same handler and flags. */
export const fleetCommand = { ...loadCommand, command: 'fleet', describe: 'Alias of load' };
