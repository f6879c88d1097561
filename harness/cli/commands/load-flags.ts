/**
 * `chargedrill load`'s flags (and so those of its alias `fleet`), and the readers of the ones that need more
 * than a number: security profile, network chaos. Each failure names the flag and what is allowed (exit 2).
 */
import type { ChaosOptions } from '../../../simulator/transport/chaos.js';
import { metricsPortFlag } from '../metrics-flag.js';
import { authSecret, securityProfile } from '../security-flags.js';
import { durationMs, UsageError } from '../usage.js';
import { controlFlags } from './control-flags.js';
import { shardFlags } from './load-shard-flags.js';

/** The command's flags; also what a usage error lists as allowed. */
export const loadFlags = {
  'url': { type: 'string', describe: 'CSMS OCPP base URL, e.g. ws://127.0.0.1:9000/ocpp (station ids are appended); repeat it to spread stations over several [default: the bundled CSMS in its own process]' },
  'url-strategy': { type: 'string', describe: 'how stations are dealt to several --url targets: round-robin (by station index) or by-site (a site\'s stations share one) [default: round-robin]' },
  'source-addresses': { type: 'string', describe: 'local addresses to connect from, round-robin by station, past one address\'s ~28,000 ephemeral ports: a range 127.0.0.2-127.0.0.9 or a comma list, IPv4 or IPv6 (docs/load.md)' },
  'profile': { type: 'string', describe: 'load profile: a built-in name (idle, busy-evening, connect-storm, reconnect-storm, authorize-storm, meter-values-flood, heartbeat-flood) or a YAML file; gives stages, faults, thresholds and defaults (docs/load.md)' },
  'threshold': { type: 'string', array: true, describe: 'pass/fail gate, repeatable, e.g. "p99(BootNotification)<500ms" "errors<0.1%" (with the profile\'s; docs/load.md)' },
  'abort-on-fail': { type: 'boolean', default: false, describe: 'the --threshold expressions given here stop the run as soon as they fail on the numbers so far (checked about once a second; k6\'s abortOnFail)' },
  'abort-on-fail-delay': { type: 'string', describe: 'with --abort-on-fail: how long into the run before they are checked, e.g. 10s (k6\'s delayAbortEval) [default: 0s]' },
  'compare': { type: 'string', describe: 'a saved result.json to compare this run with; a regression beyond --tolerance exits 98' },
  'tolerance': { type: 'string', describe: 'how much worse than --compare\'s baseline a metric may get [default: 10%]' },
  'stations': { type: 'string', describe: 'number of stations; more than this machine\'s open files, ports or memory allow is refused before connecting (docs/load.md) [default: 100, or the profile\'s]' },
  'sites': { type: 'string', describe: 'number of sites the stations are dealt to [default: stations / 10, at least 1]' },
  'protocol': { type: 'string', describe: 'ocpp1.6, ocpp2.0.1 or mix (half each) [default: ocpp1.6, or the profile\'s]' },
  'connectors': { type: 'string', describe: 'connectors per station [default: 2, or the profile\'s]' },
  'ramp': { type: 'string', describe: 'stations started per second, without --profile [default: 100]' },
  'duration': { type: 'string', describe: 'how long to hold after the ramp (real time), without --profile [default: 30s]' },
  'seed': { type: 'string', describe: 'seed for identities, session mix and faults [default: 1, or the profile\'s]' },
  'time-scale': { type: 'string', describe: 'simulated seconds per real second [default: 1, or the profile\'s]' },
  'sessions-per-hour': { type: 'string', describe: 'mean charging sessions per station per simulated hour, without --profile [default: 0]' },
  'max-connecting': { type: 'string', describe: 'WebSocket handshakes in flight at most while the ramp starts stations (per process; --processes splits it); past it the ramp waits and the report says for how long [default: the stations the ramp starts in 100 ms, at least 512]' },
  'boot-timeout': { type: 'string', default: '30s', describe: 'real time a station may take from its start to an accepted boot; later fails the run' },
  'max-disconnects': { type: 'string', default: '0', describe: 'connections the CSMS or the network may close before the run counts as failed' },
  'behaviours': { type: 'string', default: 'reference', describe: 'vendor behaviour profiles, comma-separated, dealt to stations by seed: reference, vendor-a, vendor-b (docs/behaviour-profiles.md)' },
  'stop-grace': { type: 'string', default: '5s', describe: 'real time the end of the run waits for the CSMS to answer the stops of running sessions' },
  'json': { type: 'boolean', default: false, describe: 'print the whole result as JSON' },
  'out': { type: 'string', describe: 'directory to write the reports to: result.json, junit.xml, report.html, summary.md' },
  'format': { type: 'string', array: true, describe: 'reports --out writes: json, junit, html, markdown [default: all]' },
  'in-process': { type: 'boolean', default: false, describe: 'run the bundled CSMS in this process (tests; it then shares the fleet\'s file descriptors and CPU)' },
  'desk': { type: 'boolean', default: true, describe: 'the bundled CSMS runs its issue detector and playbook (--no-desk for pure load)' },
  'metrics-port': metricsPortFlag('the stations (on 127.0.0.1)'),
  'security-profile': { type: 'string', default: '0', describe: 'OCPP security profile of every station: 0 none, 1 Basic auth, 2 Basic auth over TLS, 3 TLS client certificates (docs/security.md)' },
  'certs': { type: 'string', describe: 'chargedrill certs directory: stations/<id>.pem/.key (profile 3), ca.pem, and the bundled CSMS\'s csms.pem/.key' },
  'ca': { type: 'string', describe: 'PEM CA the CSMS certificate is checked against (profiles 2-3) [default: ca.pem in --certs]' },
  'auth-secret': { type: 'string', describe: 'secret each station\'s Basic auth password is derived from, as given to the CSMS (profiles 1-2; default $CHARGEDRILL_AUTH_SECRET)' },
  'chaos': { type: 'string', describe: 'network chaos on every station, e.g. latency=50ms,jitter=20ms,drop=1% (keys: docs/robustness.md)' },
  'csms-restart-at': { type: 'string', describe: 'kill -9 the bundled CSMS (own process) this long into the run and restart it on the same database and port, e.g. 20s; checks delivery (docs/load.md "A CSMS crash")' },
  'csms-down-for': { type: 'string', describe: 'with --csms-restart-at: how long the CSMS stays down [default: 2s]' },
  'csms-db': { type: 'string', describe: 'SQLite file of the bundled CSMS (own process), kept after the run; a new file with the delivery check [default: in memory, or a temporary file with --csms-restart-at]' },
  'delivery-check': { type: 'boolean', describe: 'after the run, hold the transaction messages the stations sent against the CSMS\'s store: missing, duplicated, out of order, open transactions fail the run [default: on with --csms-restart-at]' },
  ...controlFlags,
  ...shardFlags,
} as const;

/** The security flags as the run's options (undefined for profile 0); what a profile lacks is a usage error. */
export function loadSecurity(argv: Record<string, unknown>) {
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
  const wrongScheme = [argv.url ?? []].flat().find((url) => profile >= 2 !== String(url).startsWith('wss:'));
  if (wrongScheme !== undefined) {
    throw new UsageError(`--security-profile ${profile} ${profile >= 2 ? 'needs a wss:// --url' : 'needs a ws:// --url'}, got ${JSON.stringify(wrongScheme)}`);
  }
  return { profile, ...(certsDir !== undefined && { certsDir }), ...(caPath !== undefined && { caPath }), ...(secret !== undefined && { authSecret: secret }) };
}

/** `--chaos`: a chaos spec read by the same function load profiles use. */
export async function chaosFlag(value: unknown): Promise<ChaosOptions | undefined> {
  if (value === undefined) return undefined;
  const { parseChaosSpec } = await import('../../../simulator/transport/chaos.js');
  try {
    return parseChaosSpec(String(value));
  } catch (error) {
    throw new UsageError(`--chaos: ${(error as Error).message}`);
  }
}

/** `--csms-restart-at`, `--csms-down-for`, `--csms-db`, `--delivery-check` as the run's options (docs/load.md "A CSMS crash"). */
export function csmsCrashFlags(argv: Record<string, unknown>) {
  const at = argv['csms-restart-at'];
  if (at === undefined && argv['csms-down-for'] !== undefined) throw new UsageError('--csms-down-for needs --csms-restart-at');
  const csmsRestart = at === undefined ? undefined : { atMs: durationMs('csms-restart-at', at), downForMs: durationMs('csms-down-for', argv['csms-down-for'] ?? '2s', { min: 0 }) };
  return {
    ...(csmsRestart !== undefined && { csmsRestart }),
    ...(typeof argv['csms-db'] === 'string' && { csmsDb: argv['csms-db'] }),
    ...(typeof argv['delivery-check'] === 'boolean' && { deliveryCheck: argv['delivery-check'] }),
  };
}
