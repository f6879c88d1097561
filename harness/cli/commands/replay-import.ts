/** `chargedrill replay-import <trace>`: a station's recorded OCPP traffic → a scenario that replays it (docs/replay.md). */
import type { Argv } from 'yargs';
import { writableFile } from '../paths.js';
import { durationMs, positiveNumber, UsageError } from '../usage.js';

export const replayImportFlags = {
  'station': { type: 'string', describe: 'the station of the trace to replay (needed when the trace holds several)' },
  'as': { type: 'string', describe: 'its id in the scenario, S<site>-CP<n> [default: the trace id when it ends in one, else S1-CP1]' },
  'protocol': { type: 'string', describe: 'ocpp1.6 or ocpp2.0.1 [default: the one whose messages the trace uses]' },
  'name': { type: 'string', describe: 'scenario name [default: replay-<station>]' },
  'time-scale': { type: 'string', default: '60', describe: 'the scenario\'s time scale' },
  'tail': { type: 'string', default: '5m', describe: 'simulated time observed after the last replayed frame' },
  'expect': { type: 'string', array: true, describe: 'an issue type the replay must raise on the station (repeat or comma-separate); without it the scenario only reports what is raised' },
  'out': { type: 'string', describe: 'scenario file to write [default: print it]' },
} as const;

export const replayImportCommand = {
  command: 'replay-import <trace>',
  describe: "Turn a station's OCPP message log (the CSMS's GET /api/stations/:id/messages export, or JSON lines of frames) into a scenario that replays it",
  builder: (y: Argv) =>
    y
      .positional('trace', { type: 'string', describe: 'the trace file' })
      .options(replayImportFlags)
      .example('$0 replay-import field.json --station ACME-0042 --as S1-CP1 --expect safety-fault --out scenarios/field-rcd.yaml', 'reproduce a ground fault seen in the field')
      .epilog('Then: chargedrill run <out> --validate, and chargedrill run <out>. Exit codes: 0 written, 2 bad input.'),
  handler: async (argv: Record<string, unknown>) => {
    const [{ readFile, writeFile }, { readTrace }, { importReplay }, { isOcppProtocol, PROTOCOLS }, { ISSUE_TYPES }] = await Promise.all([
      import('node:fs/promises'),
      import('../../replay/trace.js'),
      import('../../replay/import.js'),
      import('../../../simulator/protocol/versions.js'),
      import('../../issues/catalogue.js'),
    ]);
    const protocol = argv.protocol === undefined ? undefined : String(argv.protocol);
    if (protocol !== undefined && !isOcppProtocol(protocol)) throw new UsageError(`--protocol must be one of ${PROTOCOLS.join(', ')}, got ${JSON.stringify(protocol)}`);
    const types = Object.keys(ISSUE_TYPES);
    const expect = [argv.expect ?? []].flat().flatMap((e) => String(e).split(',')).map((e) => e.trim()).filter(Boolean);
    for (const type of expect) if (!types.includes(type)) throw new UsageError(`--expect must name issue types from ${types.join(', ')}, got ${JSON.stringify(type)}`);
    const out = argv.out === undefined ? undefined : String(argv.out);
    if (out !== undefined) writableFile('out', out);
    const tracePath = String(argv.trace);
    let text: string;
    try {
      text = await readFile(tracePath, 'utf8');
    } catch (error) {
      throw new UsageError(`${tracePath} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    const trace = readTrace(text);
    const imported = trace.problems.length > 0 ? { ok: false as const, problems: trace.problems } : importReplay(trace.frames, {
      ...(argv.station !== undefined && { traceStation: String(argv.station) }),
      ...(argv.as !== undefined && { as: String(argv.as) }),
      ...(protocol !== undefined && { protocol }),
      ...(argv.name !== undefined && { name: String(argv.name) }),
      timeScale: positiveNumber('time-scale', argv['time-scale']),
      tailMs: durationMs('tail', argv.tail),
      expect: expect as never[],
      source: tracePath,
    });
    if (!imported.ok) {
      process.stderr.write(`chargedrill: ${tracePath} cannot be replayed:\n${imported.problems.map((p) => `  ${p.path === '' ? '' : `${p.path}: `}${p.message}${p.allowed && p.allowed.length > 0 ? ` (allowed: ${p.allowed.join(', ')})` : ''}`).join('\n')}\n`);
      process.exitCode = 2;
      return;
    }
    for (const warning of imported.warnings) process.stderr.write(`chargedrill: warning: ${warning}\n`);
    if (out === undefined) process.stdout.write(imported.yaml);
    else {
      await writeFile(out, imported.yaml);
      process.stdout.write(`wrote ${out}: ${imported.steps} replayed frames\n`);
    }
  },
};
