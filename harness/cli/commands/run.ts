import type { Argv } from 'yargs';
import { port, positiveInt, positiveNumber, UsageError } from '../usage.js';

const FORMATS = ['json', 'junit', 'html', 'markdown'] as const;

/** The command's flags; also what a usage error lists as allowed. */
export const runFlags = {
  'grep': { type: 'string', array: true, describe: 'run only scenarios whose name or tag matches (regex, or tag:<tag>); repeatable' },
  'seed': { type: 'string', describe: "override every scenario's seed" },
  'time-scale': { type: 'string', describe: "override every scenario's time scale (simulated seconds per real second)" },
  'bail': { type: 'boolean', default: false, describe: 'stop after the first scenario that fails or errors' },
  'out': { type: 'string', describe: 'directory for the reports [default: reports/runs/<timestamp>/]' },
  'parallel': { type: 'string', default: '2', describe: 'scenarios run at once (in-process CSMS only)' },
  'csms-url': { type: 'string', describe: 'http://host:port: the bundled CSMS running elsewhere; ws://...: a third-party OCPP endpoint' },
  'webhook-port': { type: 'string', describe: 'with a ws:// --csms-url: port of the POST /alerts intake for its alerts (docs/third-party-csms.md)' },
  'format': { type: 'string', array: true, describe: `reports to write: ${FORMATS.join(', ')} [default: all]` },
} as const;

export type ReportFormatName = (typeof FORMATS)[number];

export const runCommand = {
  command: 'run [paths..]',
  describe: 'Run scenario files (default: the bundled suite in scenarios/) and write JSON, JUnit, HTML and Markdown reports',
  builder: (y: Argv) => y.positional('paths', { type: 'string', array: true, describe: 'scenario files or directories' }).options(runFlags),
  handler: async (argv: Record<string, unknown>) => {
    const seed = argv.seed === undefined ? undefined : Number(argv.seed);
    if (seed !== undefined && (!Number.isInteger(seed) || seed < 0)) throw new UsageError(`--seed must be a whole number of 0 or more, got ${JSON.stringify(argv.seed)}`);
    const csmsUrl = argv['csms-url'] === undefined ? undefined : checkCsmsUrl(argv['csms-url']);
    const webhookPort = argv['webhook-port'] === undefined ? undefined : port('webhook-port', argv['webhook-port']);
    if (webhookPort !== undefined && !csmsUrl?.startsWith('ws')) throw new UsageError('--webhook-port is for a third-party CSMS: combine it with a ws:// or wss:// --csms-url');
    const formats = [argv.format ?? []].flat().flatMap((f) => String(f).split(',')).map((f) => f.trim()).filter(Boolean);
    for (const format of formats) {
      if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
    }
    // Loaded on use, so --help and usage errors answer without loading the runner.
    const { runCli } = await import('../run-cli.js');
    process.exitCode = await runCli({
      paths: [argv.paths ?? []].flat().map(String),
      grep: [argv.grep ?? []].flat().map(String),
      ...(seed !== undefined ? { seed } : {}),
      ...(argv['time-scale'] !== undefined ? { timeScale: positiveNumber('time-scale', argv['time-scale']) } : {}),
      bail: argv.bail === true,
      ...(typeof argv.out === 'string' ? { out: argv.out } : {}),
      parallel: positiveInt('parallel', argv.parallel, 64),
      ...(csmsUrl !== undefined ? { csmsUrl } : {}),
      ...(webhookPort !== undefined ? { webhookPort } : {}),
      formats: formats.length > 0 ? (formats as ReportFormatName[]) : [...FORMATS],
    });
  },
};

function checkCsmsUrl(value: unknown): string {
  let url: URL | undefined;
  try {
    url = new URL(String(value));
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) {
    throw new UsageError(`--csms-url must be http://host:port (the bundled CSMS elsewhere) or ws://host:port/path (a third-party OCPP endpoint), got ${JSON.stringify(value)}`);
  }
  return String(value).replace(/\/+$/, '');
}
