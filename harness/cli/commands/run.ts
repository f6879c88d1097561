import type { Argv } from 'yargs';
import { checkListenable } from '../listen-check.js';
import { port, positiveInt, positiveNumber, UsageError } from '../usage.js';

const FORMATS = ['json', 'junit', 'html', 'markdown'] as const;

/** The command's flags; also what a usage error lists as allowed. */
export const runFlags = {
  'grep': { type: 'string', array: true, describe: 'only scenarios whose NAME matches (case-insensitive regex; tag:<tag> = --tag <tag>); repeated: any of them' },
  'tag': { type: 'string', array: true, describe: 'only scenarios carrying this tag (the protocol, ocpp1.6 or ocpp2.0.1, counts as one); repeated: all of them; ANDs with --grep' },
  'list': { type: 'boolean', default: false, describe: 'print the selected scenarios (name, protocol, tags, summary, file) and run nothing' },
  'validate': { type: 'boolean', default: false, describe: 'check the scenario files as a run does before starting (schema and meaning), run nothing; exit 0 or 2' },
  'json': { type: 'boolean', default: false, describe: 'with --list: print the list as JSON' },
  'seed': { type: 'string', describe: "override every scenario's seed" },
  'time-scale': { type: 'string', describe: "override every scenario's time scale (simulated seconds per real second)" },
  'bail': { type: 'boolean', default: false, describe: 'stop after the first scenario that fails or errors' },
  'out': { type: 'string', describe: 'directory for the reports [default: reports/runs/<timestamp>/]' },
  'parallel': { type: 'string', default: '2', describe: 'scenarios run at once (in-process CSMS only)' },
  'csms-url': { type: 'string', describe: 'http://host:port: the bundled CSMS running elsewhere; ws://...: a third-party OCPP endpoint' },
  'webhook-port': { type: 'string', describe: 'with a ws:// --csms-url: port of the POST /alerts intake for its alerts (docs/third-party-csms.md)' },
  'allow-slow': { type: 'boolean', default: false, describe: 'against a CSMS elsewhere: run even when the suite would take over 15 min of real time at its time scale (refused otherwise, exit 2)' },
  'format': { type: 'string', array: true, describe: `reports to write: ${FORMATS.join(', ')} [default: all]` },
} as const;

export type ReportFormatName = (typeof FORMATS)[number];

export const runCommand = {
  command: 'run [paths..]',
  describe: 'Run scenario files (default: the bundled suite in scenarios/) and write JSON, JUnit, HTML and Markdown reports',
  builder: (y: Argv) =>
    y
      .positional('paths', { type: 'string', array: true, describe: 'scenario files or directories' })
      .options(runFlags)
      .example('$0 run --tag safety --tag ocpp2.0.1 --list', 'list the 2.0.1 safety scenarios')
      .example("$0 run --grep '^crash-loop$'", 'run one scenario by its exact name')
      .example('$0 run my-scenarios/ --validate', 'check scenario files without running them')
      .epilog('Exit codes: 0 all passed, 1 a scenario failed or errored, 2 bad input, 130 interrupted (Ctrl-C: the scenarios in flight stop and the reports are still written).'),
  handler: async (argv: Record<string, unknown>) => {
    const seed = argv.seed === undefined ? undefined : Number(argv.seed);
    if (seed !== undefined && (!Number.isInteger(seed) || seed < 0)) throw new UsageError(`--seed must be a whole number of 0 or more, got ${JSON.stringify(argv.seed)}`);
    const csmsUrl = argv['csms-url'] === undefined ? undefined : checkCsmsUrl(argv['csms-url']);
    const webhookPort = argv['webhook-port'] === undefined ? undefined : port('webhook-port', argv['webhook-port']);
    if (webhookPort !== undefined && !csmsUrl?.startsWith('ws')) throw new UsageError('--webhook-port is for a third-party CSMS: combine it with a ws:// or wss:// --csms-url');
    // The intake listens on loopback once the suite starts: a port in use is said now, naming the flag.
    if (webhookPort !== undefined) await checkListenable(`--webhook-port ${webhookPort} (on 127.0.0.1)`, '127.0.0.1', webhookPort);
    const formats = [argv.format ?? []].flat().flatMap((f) => String(f).split(',')).map((f) => f.trim()).filter(Boolean);
    for (const format of formats) {
      if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
    }
    const list = argv.list === true;
    const validate = argv.validate === true;
    if (list && validate) throw new UsageError('--list and --validate are two modes: give one (--list checks the files too)');
    if (argv.json === true && !list) throw new UsageError('--json goes with --list');
    const greps = [argv.grep ?? []].flat().map(String);
    const { grepProblem } = await import('../../runner/scenario/grep.js');
    for (const pattern of greps) {
      const problem = grepProblem(pattern);
      if (problem !== undefined) throw new UsageError(`--grep ${JSON.stringify(pattern)}: ${problem}`);
    }
    const tags = [argv.tag ?? []].flat().map(String);
    if (tags.some((tag) => tag.trim() === '')) throw new UsageError('--tag must name a tag, got ""');

    // Loaded on use, so --help and usage errors answer without loading the runner.
    const { runCli } = await import('../run-cli.js');
    process.exitCode = await runCli({
      paths: [argv.paths ?? []].flat().map(String),
      grep: greps,
      tags,
      mode: list ? (argv.json === true ? 'list-json' : 'list') : validate ? 'validate' : 'run',
      ...(seed !== undefined ? { seed } : {}),
      ...(argv['time-scale'] !== undefined ? { timeScale: positiveNumber('time-scale', argv['time-scale']) } : {}),
      bail: argv.bail === true,
      ...(typeof argv.out === 'string' ? { out: argv.out } : {}),
      parallel: positiveInt('parallel', argv.parallel, 64),
      ...(csmsUrl !== undefined ? { csmsUrl } : {}),
      ...(webhookPort !== undefined ? { webhookPort } : {}),
      allowSlow: argv['allow-slow'] === true,
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
