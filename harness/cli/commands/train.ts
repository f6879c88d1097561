import type { Argv } from 'yargs';
import { writableFile } from '../paths.js';
import { port, positiveInt, positiveNumber, UsageError } from '../usage.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
/** The exit code of a run ended by Ctrl-C, as the shell reports a SIGINT. */
const INTERRUPTED = 130;

/** The command's flags; also what a usage error lists as allowed. */
export const trainFlags = {
  'sites': { type: 'string', default: '2', describe: 'sites of the training network' },
  'stations-per-site': { type: 'string', default: '2', describe: 'stations at each site (ids S<site>-CP<n>)' },
  'connectors': { type: 'string', default: '2', describe: 'connectors per station' },
  'protocol': { type: 'string', default: 'mix', describe: 'ocpp1.6, ocpp2.0.1, or mix (alternating)' },
  'time-scale': { type: 'string', default: '10', describe: 'simulated seconds per real second (the console can pause the clock)' },
  'seed': { type: 'string', default: '1', describe: 'fleet seed: the same seed gives the same stations and cards' },
  'port': { type: 'string', default: '9000', describe: 'TCP port of the CSMS: console, API, /control and OCPP (0 picks a free one)' },
  'host': { type: 'string', default: '127.0.0.1', describe: 'address to listen on; any other than loopback needs an access token (generated when --token is not given)' },
  'token': { type: 'string', describe: 'access token callers off this machine send as "Authorization: Bearer <token>" (default $CHARGEDRILL_TRAIN_TOKEN)' },
  'db': { type: 'string', default: ':memory:', describe: 'SQLite file for the CSMS, or :memory:' },
  'log-level': { type: 'string', default: 'warn', describe: LOG_LEVELS.join(', ') },
} as const;

function protocolFlag(value: unknown): 'ocpp1.6' | 'ocpp2.0.1' | 'mix' {
  const protocol = String(value);
  if (protocol !== 'ocpp1.6' && protocol !== 'ocpp2.0.1' && protocol !== 'mix') throw new UsageError(`--protocol must be one of ocpp1.6, ocpp2.0.1, mix, got ${JSON.stringify(value)}`);
  return protocol;
}

function seedFlag(value: unknown): number {
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a whole number of 0 or more, got ${JSON.stringify(value)}`);
  return seed;
}

async function handler(argv: Record<string, unknown>): Promise<void> {
  const level = String(argv['log-level']);
  if (!LOG_LEVELS.includes(level)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(level)}`);
  const sites = positiveInt('sites', argv.sites, 500);
  const stationsPerSite = positiveInt('stations-per-site', argv['stations-per-site'], 100);
  if (sites * stationsPerSite > 2_000) throw new UsageError(`--sites × --stations-per-site must be at most 2000 stations for a training network, got ${sites * stationsPerSite}`);
  const connectors = positiveInt('connectors', argv.connectors, 10);
  const protocol = protocolFlag(argv.protocol);
  const timeScale = positiveNumber('time-scale', argv['time-scale']);
  const seed = seedFlag(argv.seed);
  const listenPort = port('port', argv.port);
  const host = String(argv.host);
  const tokenGiven = typeof argv.token === 'string' ? argv.token : process.env['CHARGEDRILL_TRAIN_TOKEN'];
  if (tokenGiven !== undefined && tokenGiven.trim().length < 8) throw new UsageError('--token must be at least 8 characters');
  const dbPath = String(argv.db);
  if (dbPath !== ':memory:') writableFile('db', dbPath);

  // Loaded on use, so --help and usage errors answer without loading the CSMS.
  const [{ pino }, { startTraining }] = await Promise.all([import('pino'), import('../../training/session.js')]);
  const logger = pino({ level }, pino.destination(2));
  const session = await startTraining({
    sites,
    stationsPerSite,
    connectors,
    protocol,
    timeScale,
    seed,
    host,
    port: listenPort,
    dbPath,
    logger,
    ...(tokenGiven !== undefined && { token: tokenGiven.trim() }),
  }).catch((error: unknown) => {
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'EACCES') throw new UsageError(`--host ${host} --port ${listenPort}: ${(error as Error).message}`);
    if (typeof code === 'string' && /^SQLITE_/.test(code)) throw new UsageError(`--db ${dbPath}: ${(error as Error).message}`);
    throw error;
  });
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`chargedrill train: console at ${session.url}/ (API ${session.url}/api, fleet control ${session.url}/control, OCPP ${session.csms.ocppUrl}/<stationId>)`);
  if (session.tokenGenerated) out(`access token: ${session.token as string} (callers off this machine send "Authorization: Bearer <token>"; --token sets your own)`);
  out(
    `fleet: ${session.fleet.size} stations at ${sites} site${sites > 1 ? 's' : ''} (${protocol}), time scale ${timeScale}, ` +
      (session.booted ? 'all booted' : `${session.fleet.metrics.bootedCount} booted so far`) +
      '; Ctrl-C to stop',
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await session.close();
  out('chargedrill train stopped');
  process.exitCode = INTERRUPTED;
}

export const trainCommand = {
  command: 'train',
  describe: 'Run a training network: the bundled CSMS with its desk, a fleet of virtual stations, the console, fleet control and scored drills on one port (docs/training.md). Exit 130 on Ctrl-C, 2 on bad input',
  builder: (y: Argv) => y.options(trainFlags),
  handler,
};
