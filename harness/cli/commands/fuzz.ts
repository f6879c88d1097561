import type { Argv } from 'yargs';
import { prepareOutputDir } from '../paths.js';
import { durationMs, positiveInt, positiveNumber, UsageError, wsUrl } from '../usage.js';

/** The command's flags; also what a usage error lists as allowed. */
export const fuzzFlags = {
  'csms-url': { type: 'string', describe: 'OCPP endpoint base on this machine, e.g. ws://127.0.0.1:9000/ocpp [default: the bundled CSMS, in-process]' },
  'protocol': { type: 'string', default: 'ocpp1.6', describe: 'ocpp1.6 or ocpp2.0.1' },
  'seed': { type: 'string', default: '1', describe: 'seed of the hostile frames (the same seed sends the same frames)' },
  'frames': { type: 'string', default: '1000', describe: 'hostile frames to send over all cases (each case sends at least its minimum)' },
  'duration': { type: 'string', default: '60s', describe: 'longest the run may take (real time); cases not started by then are reported as not run' },
  'control-stations': { type: 'string', default: '20', describe: 'virtual stations booting and heartbeating beside the fuzzer (0: none)' },
  'control-time-scale': { type: 'string', default: '300', describe: 'simulated seconds per real second of the control fleet (300: a 5m heartbeat every second)' },
  'max-payload': { type: 'string', default: '1048576', describe: "the CSMS's largest accepted message, bytes (the oversize case sends one byte more)" },
  'answer-timeout': { type: 'string', default: '5s', describe: 'how long a frame waits for its answer before it counts as dropped' },
  'case': { type: 'string', array: true, describe: 'only these cases (names as in docs/robustness.md); repeated or comma-separated' },
  'out': { type: 'string', describe: 'directory for fuzz-report.json, fuzz-report.txt and fuzz-junit.xml' },
  'json': { type: 'boolean', default: false, describe: 'print the result as JSON instead of the table' },
} as const;

export const fuzzCommand = {
  command: 'fuzz',
  describe: 'Send a seeded catalogue of hostile OCPP-J input to a CSMS on this machine and check every answer against the spec, with a control fleet beside it',
  builder: (y: Argv) =>
    y
      .options(fuzzFlags)
      .example('$0 fuzz --protocol ocpp2.0.1', 'fuzz the bundled CSMS in-process')
      .example('$0 fuzz --csms-url ws://127.0.0.1:9000/ocpp --out reports/fuzz', 'fuzz a CSMS running on this machine and write the reports')
      .epilog('Exit codes: 0 every frame answered per spec and the control fleet undisturbed, 1 otherwise, 2 bad input (including a target that is not on 127.0.0.0/8 or ::1).'),
  handler: async (argv: Record<string, unknown>) => {
    const protocol = String(argv.protocol);
    if (protocol !== 'ocpp1.6' && protocol !== 'ocpp2.0.1') throw new UsageError(`--protocol must be one of ocpp1.6, ocpp2.0.1, got ${JSON.stringify(argv.protocol)}`);
    const seed = Number(argv.seed);
    if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a whole number of 0 or more, got ${JSON.stringify(argv.seed)}`);
    const controlStations = Number(argv['control-stations']);
    if (!Number.isInteger(controlStations) || controlStations < 0 || controlStations > 1_000) {
      throw new UsageError(`--control-stations must be a whole number from 0 to 1000, got ${JSON.stringify(argv['control-stations'])}`);
    }
    const cases = [argv.case ?? []].flat().flatMap((c) => String(c).split(',')).map((c) => c.trim()).filter(Boolean);
    const out = typeof argv.out === 'string' ? argv.out : undefined;
    if (out !== undefined) {
      const problem = prepareOutputDir(out);
      if (problem !== undefined) throw new UsageError(`--out ${out}: ${problem}`);
    }
    const options = {
      ...(argv['csms-url'] !== undefined && { csmsUrl: wsUrl('csms-url', argv['csms-url']) }),
      protocol: protocol as 'ocpp1.6' | 'ocpp2.0.1',
      seed,
      frames: positiveInt('frames', argv.frames, 1_000_000),
      durationMs: durationMs('duration', argv.duration),
      controlStations,
      controlTimeScale: positiveNumber('control-time-scale', argv['control-time-scale']),
      maxPayloadBytes: positiveInt('max-payload', argv['max-payload'], 256 * 1024 * 1024),
      answerTimeoutMs: durationMs('answer-timeout', argv['answer-timeout']),
      ...(cases.length > 0 && { cases }),
      ...(out !== undefined && { out }),
      json: argv.json === true,
      write: (text: string) => process.stdout.write(text),
      progress: (text: string) => process.stderr.write(`${text}\n`),
    };
    // Loaded on use, so --help and usage errors answer without loading the fuzzer and the CSMS.
    const [{ fuzzCli, FuzzTargetError }, { FUZZ_CASES }] = await Promise.all([import('../../fuzz/fuzz-cli.js'), import('../../fuzz/catalogue.js')]);
    const unknown = cases.filter((name) => !FUZZ_CASES.some((c) => c.name === name));
    if (unknown.length > 0) throw new UsageError(`--case ${unknown.join(', ')} is not a fuzz case; cases: ${FUZZ_CASES.map((c) => c.name).join(', ')}`);
    try {
      process.exitCode = await fuzzCli(options);
    } catch (error) {
      if (error instanceof FuzzTargetError) throw new UsageError(error.message);
      throw error;
    }
  },
};
