import type { Argv } from 'yargs';
// A table without imports: cheap enough to load for --help.
import { BEHAVIOUR_PROFILES, type BehaviourProfileName } from '../../../simulator/station/behaviour.js';
import { listenOnMetricsPort, metricsPortFlag } from '../metrics-flag.js';
import type { ChaosOptions } from '../../../simulator/transport/chaos.js';
import { fleetProgressLine, fleetSummaryText } from '../summary.js';
import { authSecret, securityProfile } from '../security-flags.js';
import { controlFlags, controlOptions } from './control-flags.js';
import { durationMs, nonNegativeNumber, port, positiveInt, positiveNumber, UsageError, wsUrl } from '../usage.js';

/** The command's flags; also what a usage error lists as allowed. */
export const fleetFlags = {
  'url': { type: 'string', describe: 'CSMS OCPP base URL, e.g. ws://127.0.0.1:9000/ocpp (station ids are appended)' },
  'stations': { type: 'string', default: '100', describe: 'number of stations (one process holds up to about 19,000)' },
  'sites': { type: 'string', describe: 'number of sites the stations are dealt to [default: stations / 10, at least 1]' },
  'protocol': { type: 'string', default: 'ocpp1.6', describe: 'ocpp1.6, ocpp2.0.1 or mix (half each)' },
  'connectors': { type: 'string', default: '2', describe: 'connectors per station' },
  'ramp': { type: 'string', default: '100', describe: 'stations started per second' },
  'duration': { type: 'string', default: '30s', describe: 'how long to run after the ramp (real time)' },
  'seed': { type: 'string', default: '1', describe: 'seed for identities and session mix' },
  'time-scale': { type: 'string', default: '1', describe: 'simulated seconds per real second' },
  'sessions-per-hour': { type: 'string', default: '0', describe: 'mean charging sessions per station per simulated hour' },
  'boot-timeout': { type: 'string', describe: 'real time allowed for all stations to boot [default: twice the ramp + 10s]' },
  'behaviours': { type: 'string', default: 'reference', describe: 'vendor behaviour profiles, comma-separated, dealt to stations by seed: reference, vendor-a, vendor-b (docs/behaviour-profiles.md)' },
  'stop-grace': { type: 'string', default: '5s', describe: 'real time the end of the run waits for the CSMS to answer the stops of running sessions' },
  'json': { type: 'boolean', default: false, describe: 'print the summary as JSON' },
  'metrics-port': metricsPortFlag('the stations (on 127.0.0.1)'),
  'security-profile': { type: 'string', default: '0', describe: 'OCPP security profile of every station: 0 none, 1 Basic auth, 2 Basic auth over TLS, 3 TLS client certificates (docs/security.md)' },
  'certs': { type: 'string', describe: 'chargedrill certs directory: stations/<id>.pem/.key (profile 3), ca.pem, and the bundled CSMS\'s csms.pem/.key' },
  'ca': { type: 'string', describe: 'PEM CA the CSMS certificate is checked against (profiles 2-3) [default: ca.pem in --certs]' },
  'auth-secret': { type: 'string', describe: 'secret each station\'s Basic auth password is derived from, as given to the CSMS (profiles 1-2; default $CHARGEDRILL_AUTH_SECRET)' },
  'chaos': { type: 'string', describe: 'network chaos on every station, e.g. latency=50ms,jitter=20ms,drop=1% (keys: docs/robustness.md)' },
  ...controlFlags,
} as const;

export const fleetCommand = {
  command: 'fleet',
  describe: 'Run a fleet of virtual charge points against a CSMS (the bundled one in-process unless --url is given)',
  builder: (y: Argv) => y.options(fleetFlags),
  handler: async (argv: Record<string, unknown>) => {
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
    const metricsPort = argv['metrics-port'] === undefined ? undefined : port('metrics-port', argv['metrics-port']);
    const security = fleetSecurity(argv);
    if (security && argv.url !== undefined && security.profile >= 2 !== String(argv.url).startsWith('wss:')) {
      throw new UsageError(`--security-profile ${security.profile} ${security.profile >= 2 ? 'needs a wss:// --url' : 'needs a ws:// --url'}, got ${JSON.stringify(argv.url)}`);
    }
    const chaos = argv.chaos === undefined ? undefined : await chaosFlag(argv.chaos);
    // Loaded on use, so --help and usage errors answer without loading the fleet and the CSMS.
    const { runFleet } = await import('../../load/fleet-run.js');
    // Before the run: a metrics port in use is a usage error and nothing has started.
    const metrics =
      metricsPort === undefined ? undefined : await listenOnMetricsPort(async () => (await import('../../load/prometheus.js')).createLoadMetrics({ port: metricsPort }));
    if (metrics) process.stderr.write(`chargedrill fleet metrics at ${metrics.url} (Prometheus)\n`);
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const result = await runFleet({
      csmsUrl: argv.url === undefined ? undefined : wsUrl('url', argv.url),
      stations,
      sites,
      protocol,
      connectors: positiveInt('connectors', argv.connectors, 32),
      rampPerS: positiveNumber('ramp', argv.ramp),
      // 0: stop right after the ramp (once every station has booted or the boot timeout passed).
      durationMs: durationMs('duration', argv.duration, { min: 0 }),
      seed,
      timeScale: positiveNumber('time-scale', argv['time-scale']),
      sessionsPerHour: nonNegativeNumber('sessions-per-hour', argv['sessions-per-hour']),
      bootTimeoutMs: argv['boot-timeout'] === undefined ? undefined : durationMs('boot-timeout', argv['boot-timeout']),
      behaviours: behaviours as BehaviourProfileName[],
      stopGraceMs: durationMs('stop-grace', argv['stop-grace'], { min: 0 }),
      ...(chaos !== undefined && { chaos }),
      signal: abort.signal,
      ...(security && { security }),
      control: controlOptions(argv, (line) => (argv.json ? process.stderr : process.stdout).write(`${line}\n`)),
      onProgress: (elapsedS, snapshot) => process.stderr.write(`${fleetProgressLine(elapsedS, snapshot)}\n`),
      ...(metrics && { metrics }),
    }).finally(() => metrics?.close());
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    const { snapshot } = result;
    if (argv.json) {
      process.stdout.write(`${JSON.stringify({ ...result }, null, 2)}\n`);
    } else {
      process.stdout.write(
        `CSMS: ${result.csmsUrl}${result.embeddedCsms ? ' (bundled, in-process)' : ''}\n` +
          `${fleetSummaryText(snapshot, result.elapsedS)}\n` +
          (result.bootAllMs === undefined ? '' : `  all ${snapshot.stations} stations booted in ${(result.bootAllMs / 1_000).toFixed(2)}s\n`),
      );
    }
    if (snapshot.notBooted > 0) {
      const why = Object.entries(result.connectFailures ?? {}).map(([reason, n]) => `${n} × ${reason}`);
      process.stderr.write(`chargedrill: ${snapshot.notBooted} of ${snapshot.stations} stations failed to boot${why.length > 0 ? `; last connect failure: ${why.join(', ')}` : ''}\n`);
      process.exitCode = 1;
    }
  },
};

/** The security flags as the run's options (undefined for profile 0); what a profile lacks is a usage error. */
function fleetSecurity(argv: Record<string, unknown>) {
  const profile = securityProfile('security-profile', argv['security-profile']);
  const certsDir = typeof argv.certs === 'string' ? argv.certs : undefined;
  const caPath = typeof argv.ca === 'string' ? argv.ca : undefined;
  const secret = authSecret(argv['auth-secret']);
  if (profile === 0) {
    const stray = ['certs', 'ca', 'auth-secret'].find((flag) => argv[flag] !== undefined);
    if (stray !== undefined) throw new UsageError(`--${stray} needs --security-profile 1, 2 or 3`);
    return undefined;
  }
  if ((profile === 1 || profile === 2) && secret === undefined) throw new UsageError(`--security-profile ${profile} needs --auth-secret (or CHARGEDRILL_AUTH_SECRET), as given to the CSMS`);
  if (profile >= 2 && certsDir === undefined && caPath === undefined) throw new UsageError(`--security-profile ${profile} needs --ca or --certs (the CA of the CSMS certificate)`);
  if (profile === 3 && certsDir === undefined) throw new UsageError('--security-profile 3 needs --certs, the directory chargedrill certs wrote the station certificates to');
  if (profile >= 2 && argv.url === undefined && certsDir === undefined) throw new UsageError(`the bundled CSMS needs its certificate for --security-profile ${profile}: give --certs`);
  return { profile, ...(certsDir !== undefined && { certsDir }), ...(caPath !== undefined && { caPath }), ...(secret !== undefined && { authSecret: secret }) };
}

/** `--chaos`: a chaos spec read by the same function load profiles use. */
async function chaosFlag(value: unknown): Promise<ChaosOptions> {
  const { parseChaosSpec } = await import('../../../simulator/transport/chaos.js');
  try {
    return parseChaosSpec(String(value));
  } catch (error) {
    throw new UsageError(`--chaos: ${(error as Error).message}`);
  }
}
