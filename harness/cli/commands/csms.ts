import type { Argv } from 'yargs';
import { listenOnMetricsPort, metricsPortFlag } from '../metrics-flag.js';
import { writableFile } from '../paths.js';
import { durationMs, port, positiveNumber, UsageError } from '../usage.js';

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
} as const;

export const csmsCommand = {
  command: 'csms',
  describe: 'Run the bundled reference CSMS (OCPP 1.6J and 2.0.1 at /ocpp/<stationId>, HTTP API at /api)',
  builder: (y: Argv) => y.options(csmsFlags),
  handler: async (argv: Record<string, unknown>) => {
    const level = String(argv['log-level']);
    if (!LOG_LEVELS.includes(level)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(level)}`);
    // OCPP intervals are whole seconds; a skew of 0 is allowed (any timestamp ahead of the CSMS is recorded).
    const heartbeatMs = durationMs('heartbeat-interval', argv['heartbeat-interval'], { minMs: 1_000 });
    const maxClockSkewS = durationMs('max-clock-skew', argv['max-clock-skew'], { min: 0 }) / 1_000;
    const allowList =
      typeof argv.allow === 'string' ? argv.allow.split(',').map((id) => id.trim()).filter((id) => id.length > 0) : undefined;
    if (argv.desk === false && argv.config !== undefined) throw new UsageError('--config configures the desk: it cannot be combined with --no-desk');
    const dbPath = String(argv.db);
    if (dbPath !== ':memory:') writableFile('db', dbPath);
    const ocppPort = port('port', argv.port);
    const metricsPort = argv['metrics-port'] === undefined ? undefined : port('metrics-port', argv['metrics-port']);
    if (metricsPort !== undefined && metricsPort !== 0 && metricsPort === ocppPort) throw new UsageError(`--metrics-port must differ from --port (both ${ocppPort})`);
    // Loaded on use, so --help and usage errors answer without loading the CSMS.
    const [{ pino }, { ScaledClock }, { startReferenceCsms }, { loadDeskConfigFile, DeskConfigFileError }] = await Promise.all([
      import('pino'),
      import('../../../simulator/clock.js'),
      import('../../reference-csms.js'),
      import('../../desk/config-file.js'),
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
    // Listening first: a metrics port in use is a usage error before the CSMS opens anything.
    const metrics = metricsPort === undefined ? undefined : await startCsmsMetricsEndpoint(String(argv.host), metricsPort);
    const { csms, desk: runningDesk } = await startReferenceCsms({
      host: String(argv.host),
      port: ocppPort,
      dbPath,
      clock: new ScaledClock({ timeScale: positiveNumber('time-scale', argv['time-scale']) }),
      heartbeatIntervalS: Math.round(heartbeatMs / 1_000),
      allowList,
      strict: argv.strict === true,
      maxClockSkewS,
      logger,
      ...(desk !== undefined ? { desk } : {}),
    }).catch(async (error: unknown) => {
      await metrics?.server.close();
      // SQLite's own words ("file is not a database") do not say which file or flag.
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && /^SQLITE_(CANTOPEN|NOTADB|READONLY|PERM|CORRUPT)/.test(code)) throw new UsageError(`--db ${dbPath}: ${(error as Error).message}`);
      throw error;
    });
    if (metrics) {
      metrics.metrics.attach(csms, runningDesk);
      process.stdout.write(`chargedrill CSMS metrics at ${metrics.server.url} (Prometheus)\n`);
    }
    process.stdout.write(`chargedrill CSMS listening on ${csms.url} (OCPP at ${csms.ocppUrl}/<stationId>, API at ${csms.url}/api)\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
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
