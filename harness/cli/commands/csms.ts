import { readFileSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Argv } from 'yargs';
import { checkListenable, listenUsageError } from '../listen-check.js';
import { listenOnMetricsPort, metricsPortFlag } from '../metrics-flag.js';
import { writableFile } from '../paths.js';
import { authSecret, readFileFlag, securityProfile, stationProfilesFlag } from '../security-flags.js';
import { sqliteUsage } from '../sqlite-usage.js';
import { refuseWithWorkers, startCsmsWorkers, workersFlag, workersFlagSpec } from './csms-workers.js';
import { durationMs, port, positiveNumber, unreadableFile, UsageError } from '../usage.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** The command's flags; also what a usage error lists as allowed. */
export const csmsFlags = {
  'port': { type: 'string', default: '9000', describe: 'TCP port (0 picks a free one)' },
  'host': { type: 'string', default: '127.0.0.1', describe: 'address to listen on' },
  'db': { type: 'string', default: 'chargedrill.db', describe: 'SQLite file for state and the message log, or :memory:' },
  'time-scale': { type: 'string', default: '1', describe: 'simulated seconds per real second' },
  'heartbeat-interval': { type: 'string', default: '5m', describe: 'heartbeat interval handed to stations (simulated)' },
  'allow': { type: 'string', describe: 'comma-separated station ids; others are rejected at connect' },
  'log-level': { type: 'string', default: 'info', describe: LOG_LEVELS.join(', ') },
  'config': { type: 'string', describe: 'desk config file (JSON, or YAML for .yaml/.yml): { detector, playbook, webhooks }; see docs/desk-config.md' },
  'strict': { type: 'boolean', default: false, describe: 'answer CALLs that break a protocol rule with CALLERROR (violations are recorded either way; see docs/codes.md)' },
  'max-clock-skew': { type: 'string', default: '10m', describe: 'how far station timestamps may run ahead of the CSMS clock before a clock-skew warning' },
  'desk': { type: 'boolean', default: true, describe: 'run the issue detector and playbook (--no-desk for pure load tests)' },
  'metrics-port': metricsPortFlag('the CSMS, on --host apart from the API'),
  'security-profile': { type: 'string', default: '0', describe: 'OCPP security profile of every station: 0 none, 1 Basic auth over ws, 2 Basic auth over TLS, 3 TLS client certificates (docs/security.md)' },
  'tls-cert': { type: 'string', describe: 'PEM certificate of the CSMS (profiles 2-3), e.g. csms.pem from chargedrill certs' },
  'tls-key': { type: 'string', describe: 'PEM private key of the CSMS (profiles 2-3)' },
  'tls-ca': { type: 'string', describe: 'PEM CA that signs station certificates (profile 3)' },
  'auth-secret': { type: 'string', describe: 'secret each station\'s Basic auth password is derived from (profiles 1-2; default $CHARGEDRILL_AUTH_SECRET)' },
  'station-profiles': { type: 'string', describe: 'JSON file mapping station ids to their own profile (same listener kind: 0-1 or 2-3)' },
  'accept-tokens': { type: 'string', describe: 'file of accepted idTags / idTokens, one per line; any other token is Invalid [default: every well-formed token is accepted]' },
  'id-tags': { type: 'string', describe: 'YAML file of tokens by answer: accepted, blocked, expired, invalid (lists); with accepted, every other token is Invalid' },
  'control-url': { type: 'string', describe: "a running fleet's control API (chargedrill fleet --control-port): served at /control on this CSMS's port, for the console" },
  'control-token': { type: 'string', describe: 'access token of that control API' },
  'ready-fd': { type: 'string', describe: 'for a parent process: write {"url","ocppUrl"} as one JSON line to this file descriptor once listening, and stop when its other end closes' },
  'workers': workersFlagSpec,
} as const;

/** One token per line; blank lines and surrounding spaces ignored. */
function readTokens(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--accept-tokens ${file}: ${unreadableFile(error)}`);
  }
  return text.split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
}

function httpUrl(flag: string, value: unknown): string {
  let url: URL | undefined;
  try {
    url = new URL(String(value));
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new UsageError(`--${flag} must be an http:// URL such as http://127.0.0.1:9100, got ${JSON.stringify(value)}`);
  return String(value);
}

function fileDescriptor(value: unknown): number {
  const fd = Number(value);
  if (!Number.isInteger(fd) || fd < 3) throw new UsageError(`--ready-fd must be a file descriptor number of 3 or more, got ${JSON.stringify(value)}`);
  return fd;
}

/** Says where it listens on the parent's pipe, and stops when the parent closes it (or is gone). */
function controlledBy(fd: number, ready: { url: string; ocppUrl: string }, stop: () => void): void {
  const control = new Socket({ fd, readable: true, writable: true });
  control.on('error', stop);
  control.on('end', stop);
  control.on('close', stop);
  control.resume();
  control.write(`${JSON.stringify(ready)}\n`);
}

/** Until SIGINT, SIGTERM or (with --ready-fd) the parent's end of the pipe closing. */
function untilStopped(readyFd: number | undefined, running: { url: string; ocppUrl: string }): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    if (readyFd !== undefined) controlledBy(readyFd, { url: running.url, ocppUrl: running.ocppUrl }, resolve);
  });
}

export const csmsCommand = {
  command: 'csms',
  describe: 'Run the bundled reference CSMS (OCPP 1.6J and 2.0.1 at /ocpp/<stationId>, HTTP API at /api)',
  builder: (y: Argv) => y.options(csmsFlags),
  handler: async (argv: Record<string, unknown>) => {
    const level = String(argv['log-level']);
    if (!LOG_LEVELS.includes(level)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(level)}`);
    const workers = workersFlag(argv.workers);
    refuseWithWorkers(argv, workers);
    // OCPP intervals are whole seconds; a skew of 0 is allowed (any timestamp ahead of the CSMS is recorded).
    const heartbeatMs = durationMs('heartbeat-interval', argv['heartbeat-interval'], { minMs: 1_000 });
    const maxClockSkewS = durationMs('max-clock-skew', argv['max-clock-skew'], { min: 0 }) / 1_000;
    const allowList =
      typeof argv.allow === 'string' ? argv.allow.split(',').map((id) => id.trim()).filter((id) => id.length > 0) : undefined;
    if (argv.desk === false && argv.config !== undefined) throw new UsageError('--config configures the desk: it cannot be combined with --no-desk');
    const security = securityOptions(argv);
    const dbPath = String(argv.db);
    if (dbPath !== ':memory:') writableFile('db', dbPath);
    const ocppPort = port('port', argv.port);
    const metricsPort = argv['metrics-port'] === undefined ? undefined : port('metrics-port', argv['metrics-port']);
    if (metricsPort !== undefined && metricsPort !== 0 && metricsPort === ocppPort) throw new UsageError(`--metrics-port must differ from --port (both ${ocppPort})`);
    const acceptedTokens = typeof argv['accept-tokens'] === 'string' ? readTokens(argv['accept-tokens']) : undefined;
    if (acceptedTokens !== undefined && argv['id-tags'] !== undefined) throw new UsageError('--accept-tokens and --id-tags both say which tokens are accepted: give one of them');
    const idTagLists = typeof argv['id-tags'] === 'string' ? await idTagsFlag(argv['id-tags']) : undefined;
    const readyFd = argv['ready-fd'] === undefined ? undefined : fileDescriptor(argv['ready-fd']);
    const controlUrl = argv['control-url'] === undefined ? undefined : httpUrl('control-url', argv['control-url']);
    if (argv['control-token'] !== undefined && controlUrl === undefined) throw new UsageError('--control-token goes with --control-url');
    const listenAt = `--host ${String(argv.host)} --port ${ocppPort}`;
    await checkListenable(listenAt, String(argv.host), ocppPort);
    // Loaded on use, so --help and usage errors answer without loading the CSMS.
    const [{ pino }, { ScaledClock }, { startReferenceCsms }, { loadDeskConfigFile, DeskConfigFileError }, { clockStartFor }] = await Promise.all([
      import('pino'),
      import('../../../simulator/clock.js'),
      import('../../reference-csms.js'),
      import('../../desk/config-file.js'),
      import('../../csms/clock-anchor.js'),
    ]);
    let desk: false | { config: Awaited<ReturnType<typeof loadDeskConfigFile>> } | undefined;
    if (argv.desk === false) desk = false;
    else if (typeof argv.config === 'string') {
      try {
        desk = { config: await loadDeskConfigFile(argv.config) };
      } catch (error) {
        if (error instanceof DeskConfigFileError) throw new UsageError(`--config ${error.message}`);
        throw error;
      }
    }
    const logger = pino({ level }, pino.destination(2));
    // A restart on the same database continues its simulated timeline instead of jumping back to the wall clock.
    const timeScale = positiveNumber('time-scale', argv['time-scale']);
    if (workers > 1) {
      const cluster = await startCsmsWorkers({
        workers,
        host: String(argv.host),
        port: ocppPort,
        listenAt,
        dbPath,
        timeScale,
        heartbeatIntervalS: Math.round(heartbeatMs / 1_000),
        allowList,
        strict: argv.strict === true,
        maxClockSkewS,
        logLevel: level,
        logger,
        security,
        idTags: acceptedTokens !== undefined ? { accepted: acceptedTokens } : idTagLists,
        desk,
        controlUrl,
        controlToken: typeof argv['control-token'] === 'string' ? argv['control-token'] : undefined,
        metricsPort,
      });
      if (cluster.metricsUrl !== undefined) process.stdout.write(`chargedrill CSMS metrics at ${cluster.metricsUrl} (Prometheus)\n`);
      process.stdout.write(`chargedrill CSMS listening on ${cluster.url} (OCPP at ${cluster.ocppUrl}/<stationId>, API at ${cluster.url}/api; ${workers} worker processes)\n`);
      await untilStopped(readyFd, cluster);
      await cluster.close();
      process.stdout.write('chargedrill CSMS stopped\n');
      return;
    }
    const clockStart = sqliteUsage(dbPath, () => clockStartFor(dbPath, timeScale));
    // Listening first: a metrics port in use is a usage error before the CSMS opens anything.
    const metrics = metricsPort === undefined ? undefined : await startCsmsMetricsEndpoint(String(argv.host), metricsPort);
    const { csms, desk: runningDesk } = await startReferenceCsms({
      host: String(argv.host),
      port: ocppPort,
      dbPath,
      clock: new ScaledClock({ timeScale, startEpochMs: clockStart.startEpochMs }),
      heartbeatIntervalS: Math.round(heartbeatMs / 1_000),
      allowList,
      strict: argv.strict === true,
      maxClockSkewS,
      logger,
      security,
      ...(acceptedTokens !== undefined && { idTags: { accepted: acceptedTokens } }),
      ...(idTagLists !== undefined && { idTags: idTagLists }),
      ...(desk !== undefined ? { desk } : {}),
      ...(controlUrl !== undefined && {
        routes: (await import('../../training/control-proxy.js')).controlProxyRoutes(controlUrl, typeof argv['control-token'] === 'string' ? argv['control-token'] : undefined),
        consoleConfig: () => ({ control: true, drills: false, timeScale, paused: false }),
      }),
    }).catch(async (error: unknown) => {
      await metrics?.server.close();
      // SQLite's own words ("file is not a database") do not say which file or flag.
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && /^SQLITE_(CANTOPEN|NOTADB|READONLY|PERM|CORRUPT)/.test(code)) throw new UsageError(`--db ${dbPath}: ${(error as Error).message}`);
      if (error instanceof RangeError && /security/.test(error.message)) throw new UsageError(error.message);
      // Taken between the trial listen and this one.
      const listenError = listenUsageError(listenAt, error);
      if (listenError !== undefined) throw listenError;
      // Unusable TLS material: Node's words, with the flags to look at.
      if (typeof code === 'string' && /^ERR_OSSL|^ERR_SSL/.test(code)) throw new UsageError(`--tls-cert/--tls-key/--tls-ca: ${(error as Error).message}`);
      throw error;
    });
    if (metrics) {
      metrics.metrics.attach(csms, runningDesk);
      process.stdout.write(`chargedrill CSMS metrics at ${metrics.server.url} (Prometheus)\n`);
    }
    process.stdout.write(`chargedrill CSMS listening on ${csms.url} (OCPP at ${csms.ocppUrl}/<stationId>, API at ${csms.url}/api)\n`);
    await untilStopped(readyFd, csms);
    await csms.close();
    metrics?.metrics.detach();
    await metrics?.server.close();
    process.stdout.write('chargedrill CSMS stopped\n');
  },
};

async function startCsmsMetricsEndpoint(host: string, metricsPort: number) {
  const [{ CsmsMetrics }, { serveMetrics }] = await Promise.all([import('../../metrics/csms-metrics.js'), import('../../metrics/exposition-server.js')]);
  const metrics = new CsmsMetrics();
  return { metrics, server: await listenOnMetricsPort(() => serveMetrics(metrics.registry, { host, port: metricsPort })) };
}

/** The security flags as CSMS options; what a profile needs and lacks is a usage error naming the flag. */
function securityOptions(argv: Record<string, unknown>) {
  const profile = securityProfile('security-profile', argv['security-profile']);
  const stationProfiles = argv['station-profiles'] === undefined ? undefined : stationProfilesFlag('station-profiles', argv['station-profiles']);
  const all = [profile, ...Object.values(stationProfiles ?? {})];
  const tlsFlags = ['tls-cert', 'tls-key', 'tls-ca'].filter((flag) => argv[flag] !== undefined);
  if (profile < 2 && tlsFlags.length > 0) throw new UsageError(`--${tlsFlags[0]} is for security profiles 2 and 3 (TLS), but --security-profile is ${profile}`);
  if (profile >= 2 && (argv['tls-cert'] === undefined || argv['tls-key'] === undefined)) {
    throw new UsageError(`--security-profile ${profile} runs on TLS: give --tls-cert and --tls-key (chargedrill certs writes csms.pem and csms.key)`);
  }
  if (all.includes(3) && argv['tls-ca'] === undefined) throw new UsageError('security profile 3 checks station certificates: give --tls-ca (ca.pem from chargedrill certs)');
  const secret = authSecret(argv['auth-secret']);
  if (all.some((p) => p === 1 || p === 2) && secret === undefined) {
    throw new UsageError('security profiles 1 and 2 check Basic auth passwords: give --auth-secret or set CHARGEDRILL_AUTH_SECRET');
  }
  return {
    profile,
    ...(stationProfiles && { stationProfiles }),
    ...(profile >= 2 && {
      tls: {
        cert: readFileFlag('tls-cert', argv['tls-cert']),
        key: readFileFlag('tls-key', argv['tls-key']),
        ...(argv['tls-ca'] !== undefined && { ca: readFileFlag('tls-ca', argv['tls-ca']) }),
      },
    }),
    ...(secret !== undefined && { authSecret: secret }),
  };
}

/** `--id-tags FILE`: loaded on use; every problem names the file, line and column. */
async function idTagsFlag(file: string) {
  const { IdTagsFileError, readIdTagsFile } = await import('../id-tags-file.js');
  try {
    return readIdTagsFile(file);
  } catch (error) {
    if (error instanceof IdTagsFileError) throw new UsageError(`--id-tags ${error.message.split('\n').join('; ')}`);
    throw error;
  }
}
