import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
// A table without imports: cheap enough to load for --help.
import { BEHAVIOUR_PROFILES, type BehaviourProfileName } from '../../../simulator/station/behaviour.js';
import { LOAD_EXIT } from '../../load/result.js';
import { prepareOutputDir } from '../paths.js';
import { loadProgressLine, loadSummaryText } from '../summary.js';
import { listenOnMetricsPort } from '../metrics-flag.js';
import { durationMs, nonNegativeNumber, port, positiveInt, positiveNumber, UsageError, wsUrl } from '../usage.js';
import { controlOptions } from './control-flags.js';
import { chaosFlag, loadFlags, loadSecurity } from './load-flags.js';

export { loadFlags } from './load-flags.js';

const describe =
  'Run a load test: a fleet of virtual charge points ramped against a CSMS (the bundled one in its own process unless --url is given). ' +
  'Exit 0 passed, 1 the run failed (nothing connected, a station did not boot in time, disconnects, unanswered calls), 2 bad input, 130 interrupted';

async function handler(argv: Record<string, unknown>): Promise<void> {
  const stations = positiveInt('stations', argv.stations, 19_000);
  const protocol = String(argv.protocol);
  if (protocol !== 'ocpp1.6' && protocol !== 'ocpp2.0.1' && protocol !== 'mix') {
    throw new UsageError(`--protocol must be one of ocpp1.6, ocpp2.0.1, mix, got ${JSON.stringify(argv.protocol)}`);
  }
  const sites = argv.sites === undefined ? Math.max(1, Math.floor(stations / 10)) : positiveInt('sites', argv.sites, stations);
  const seed = Number(argv.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a whole number of 0 or more, got ${JSON.stringify(argv.seed)}`);
  const behaviours = String(argv.behaviours).split(',').map((name) => name.trim());
  const known = Object.keys(BEHAVIOUR_PROFILES);
  for (const name of behaviours) {
    if (!known.includes(name)) throw new UsageError(`--behaviours must list profiles from ${known.join(', ')}, got ${JSON.stringify(name)}`);
  }
  const maxDisconnects = Number(argv['max-disconnects']);
  if (!Number.isInteger(maxDisconnects) || maxDisconnects < 0) {
    throw new UsageError(`--max-disconnects must be a whole number of 0 or more, got ${JSON.stringify(argv['max-disconnects'])}`);
  }
  const url = argv.url === undefined ? undefined : wsUrl('url', argv.url);
  if (url !== undefined && (argv['in-process'] === true || argv.desk === false)) {
    throw new UsageError('--in-process and --no-desk set up the bundled CSMS: they cannot be combined with --url');
  }
  const out = typeof argv.out === 'string' ? argv.out : undefined;
  if (out !== undefined) {
    const problem = prepareOutputDir(out);
    if (problem !== undefined) throw new UsageError(`--out ${out}: ${problem}`);
  }
  const rampPerS = positiveNumber('ramp', argv.ramp);
  // 0: stop right after the ramp (once every station has booted or the boot timeout passed).
  const holdMs = durationMs('duration', argv.duration, { min: 0 });
  const sessionsPerHour = nonNegativeNumber('sessions-per-hour', argv['sessions-per-hour']);
  const security = loadSecurity(argv);
  const chaos = await chaosFlag(argv.chaos);
  const metricsPort = argv['metrics-port'] === undefined ? undefined : port('metrics-port', argv['metrics-port']);
  const control = controlOptions(argv, (line) => (argv.json ? process.stderr : process.stdout).write(`${line}\n`));
  const options = {
    ...(url !== undefined && { url }),
    csms: argv['in-process'] === true ? ('in-process' as const) : ('child-process' as const),
    desk: argv.desk !== false,
    stations,
    sites,
    protocol,
    connectors: positiveInt('connectors', argv.connectors, 32),
    seed,
    timeScale: positiveNumber('time-scale', argv['time-scale']),
    bootTimeoutMs: durationMs('boot-timeout', argv['boot-timeout']),
    maxDisconnects,
    behaviours: behaviours as BehaviourProfileName[],
    stopGraceMs: durationMs('stop-grace', argv['stop-grace'], { min: 0 }),
    ...(security !== undefined && { security }),
    ...(chaos !== undefined && { chaos }),
    ...(control !== undefined && { control }),
    argv: process.argv.slice(2),
  } as const;
  // Loaded on use, so --help and usage errors answer without loading the fleet and the CSMS.
  const { LoadInputError, runLoad, stagesFromFlags } = await import('../../load/engine.js');
  // Before the run: a metrics port in use is a usage error and nothing has started.
  const metrics =
    metricsPort === undefined ? undefined : await listenOnMetricsPort(async () => (await import('../../load/prometheus.js')).createLoadMetrics({ port: metricsPort }));
  if (metrics) process.stderr.write(`chargedrill load metrics at ${metrics.url} (Prometheus)\n`);
  const abort = new AbortController();
  // The first Ctrl-C ends the run cleanly and writes the partial result; a second one quits at once.
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(LOAD_EXIT.interrupted);
    process.stderr.write('chargedrill: stopping (Ctrl-C again to quit at once)\n');
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result = await runLoad({
      ...options,
      stages: stagesFromFlags({ stations, rampPerS, durationMs: holdMs, sessionsPerHour }),
      signal: abort.signal,
      onStart: (info) => process.stderr.write(`chargedrill: load against ${info.url}${bundledNote(info.csms)}\n`),
      onProgress: (progress) => {
        metrics?.setProgress(progress);
        process.stderr.write(`${loadProgressLine(progress)}\n`);
      },
      ...(metrics && { metrics }),
    }).catch((error: unknown) => {
      // Options the engine refuses are bad input, like a bad flag: nothing ran.
      throw error instanceof LoadInputError ? new UsageError(error.message) : error;
    });
    if (out !== undefined) writeFileSync(join(out, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
    if (argv.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else process.stdout.write(`CSMS: ${result.parameters.url}${bundledNote(result.parameters.csms)}\n${loadSummaryText(result)}\n`);
    for (const failure of result.failures) process.stderr.write(`chargedrill: ${failure}\n`);
    process.exitCode = result.exitCode;
  } finally {
    await metrics?.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
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
