import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
// A table without imports: cheap enough to load for --help.
import { BEHAVIOUR_PROFILES, type BehaviourProfileName } from '../../../simulator/station/behaviour.js';
import { LOAD_EXIT } from '../../load/result.js';
import { prepareOutputDir } from '../paths.js';
import { loadProgressLine, loadSummaryText } from '../summary.js';
import { durationMs, nonNegativeNumber, positiveInt, positiveNumber, UsageError, wsUrl } from '../usage.js';

/** The command's flags (`load` and its alias `fleet`); also what a usage error lists as allowed. */
export const loadFlags = {
  'url': { type: 'string', describe: 'CSMS OCPP base URL, e.g. ws://127.0.0.1:9000/ocpp (station ids are appended) [default: the bundled CSMS in its own process]' },
  'stations': { type: 'string', default: '100', describe: 'number of stations (one process holds up to about 19,000)' },
  'sites': { type: 'string', describe: 'number of sites the stations are dealt to [default: stations / 10, at least 1]' },
  'protocol': { type: 'string', default: 'ocpp1.6', describe: 'ocpp1.6, ocpp2.0.1 or mix (half each)' },
  'connectors': { type: 'string', default: '2', describe: 'connectors per station' },
  'ramp': { type: 'string', default: '100', describe: 'stations started per second' },
  'duration': { type: 'string', default: '30s', describe: 'how long to hold after the ramp (real time)' },
  'seed': { type: 'string', default: '1', describe: 'seed for identities and session mix' },
  'time-scale': { type: 'string', default: '1', describe: 'simulated seconds per real second' },
  'sessions-per-hour': { type: 'string', default: '0', describe: 'mean charging sessions per station per simulated hour' },
  'boot-timeout': { type: 'string', default: '30s', describe: 'real time a station may take from its start to an accepted boot; later fails the run' },
  'max-disconnects': { type: 'string', default: '0', describe: 'connections the CSMS or the network may close before the run counts as failed' },
  'behaviours': { type: 'string', default: 'reference', describe: 'vendor behaviour profiles, comma-separated, dealt to stations by seed: reference, vendor-a, vendor-b (docs/behaviour-profiles.md)' },
  'stop-grace': { type: 'string', default: '5s', describe: 'real time the end of the run waits for the CSMS to answer the stops of running sessions' },
  'json': { type: 'boolean', default: false, describe: 'print the whole result as JSON' },
  'out': { type: 'string', describe: 'directory to write result.json to' },
  'in-process': { type: 'boolean', default: false, describe: 'run the bundled CSMS in this process (tests; it then shares the fleet\'s file descriptors and CPU)' },
  'desk': { type: 'boolean', default: true, describe: 'the bundled CSMS runs its issue detector and playbook (--no-desk for pure load)' },
} as const;

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
    argv: process.argv.slice(2),
  } as const;
  // Loaded on use, so --help and usage errors answer without loading the fleet and the CSMS.
  const { LoadInputError, runLoad, stagesFromFlags } = await import('../../load/engine.js');
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
      onProgress: (progress) => process.stderr.write(`${loadProgressLine(progress)}\n`),
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
