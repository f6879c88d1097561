/**
 * `chargedrill load`'s flags that split a run over processes or machines: `--shard i/n` (or `--shards n` with a
 * 0-based `--shard-index`, or with `JOB_COMPLETION_INDEX` as a Kubernetes Indexed Job sets it), `--processes N`,
 * and `--first-station` / `--id-prefix` for fleets that must never share an id. docs/load.md "Shards, merge and
 * --processes". Every bad combination is a UsageError (exit 2) naming the flag and what is allowed.
 */
import { ID_PREFIX_PATTERN } from '../../../simulator/fleet/plan.js';
import type { ShardSpec } from '../../load/shard.js';
import { UsageError } from '../usage.js';

/** The environment variable a Kubernetes Indexed Job sets to each pod's 0-based completion index. */
export const SHARD_INDEX_ENV = 'JOB_COMPLETION_INDEX';

/** Set in the environment of a `--processes` child: it reports progress over IPC instead of drawing a live line. */
export const LOAD_CHILD_ENV = 'CHARGEDRILL_LOAD_CHILD';

/** Most processes `--processes` starts: each holds its own files, and one machine has a few cores. */
const MAX_PROCESSES = 64;

export const shardFlags = {
  'shard': { type: 'string', describe: 'run part i of n of the fleet (1-based, e.g. 2/3): its stations (ids and seeds as in the whole run) and its share of every stage; merge the results with chargedrill merge' },
  'shards': { type: 'string', describe: 'number of shards, with --shard-index or $JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) giving which one this is' },
  'shard-index': { type: 'string', describe: 'which shard this is, 0-based, with --shards [default: $JOB_COMPLETION_INDEX]' },
  'processes': { type: 'string', default: '1', describe: 'run the fleet as this many child processes (shards of this run), one live line, one merged result' },
  'first-station': { type: 'string', describe: 'plan index of the first station: ids, seeds and tokens of stations N.. of a larger fleet with the same --sites [default: 0]' },
  'csms-api': { type: 'string', hidden: true, describe: 'HTTP API of the bundled CSMS a --processes parent started: the shard watches its issues for detection latency' },
  'id-prefix': { type: 'string', describe: 'put before every station and site id (e.g. east- gives east-S1-CP1), so independent fleets never collide' },
} as const;

function wholeNumber(flag: string, value: unknown, min: number, what = `a whole number of ${min} or more`): number {
  const text = String(value).trim();
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag} must be ${what}, got ${JSON.stringify(value)}`);
  return n;
}

/** The shard this process runs (0-based), or undefined for the whole run. `env` is process.env in the CLI. */
export function shardOf(argv: Record<string, unknown>, env: NodeJS.ProcessEnv): ShardSpec | undefined {
  const count = argv.shards === undefined ? undefined : wholeNumber('--shards', argv.shards, 1);
  if (argv.shard !== undefined) {
    const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(String(argv.shard));
    if (match === null) throw new UsageError(`--shard must be i/n, e.g. 2/3 (1-based), got ${JSON.stringify(argv.shard)}`);
    const [i, n] = [Number(match[1]), Number(match[2])];
    if (n < 1) throw new UsageError(`--shard ${argv.shard}: the number of shards must be 1 or more`);
    if (i < 1 || i > n) throw new UsageError(`--shard ${argv.shard}: i must be from 1 to ${n} (1-based; --shard-index is 0-based)`);
    if (argv['shard-index'] !== undefined) throw new UsageError('--shard and --shard-index both say which shard this is: give one');
    if (count !== undefined && count !== n) throw new UsageError(`--shard ${argv.shard} says ${n} shards but --shards says ${count}`);
    return { index: i - 1, count: n };
  }
  // Set but empty counts as not set, as a shell's `JOB_COMPLETION_INDEX=` would mean.
  const fromEnv = env[SHARD_INDEX_ENV] === '' ? undefined : env[SHARD_INDEX_ENV];
  if (argv['shard-index'] !== undefined || (count !== undefined && fromEnv !== undefined)) {
    if (count === undefined) throw new UsageError('--shard-index needs --shards (the number of shards)');
    const flag = argv['shard-index'] !== undefined ? '--shard-index' : `$${SHARD_INDEX_ENV}`;
    const index = wholeNumber(flag, argv['shard-index'] ?? fromEnv, 0);
    if (index >= count) throw new UsageError(`${flag} ${index} is not a shard of ${count}: it is 0-based, from 0 to ${count - 1}`);
    return { index, count };
  }
  if (count !== undefined) throw new UsageError(`--shards ${count} needs --shard-index or $${SHARD_INDEX_ENV} (which shard this is), or use --shard i/n`);
  return undefined;
}

/** `--processes`: 1 runs in this process as before. */
export function processesOf(argv: Record<string, unknown>, shard: ShardSpec | undefined): number {
  const processes = wholeNumber('--processes', argv.processes ?? 1, 1, `a whole number from 1 to ${MAX_PROCESSES}`);
  if (processes > MAX_PROCESSES) throw new UsageError(`--processes must be a whole number from 1 to ${MAX_PROCESSES}, got ${processes}`);
  if (processes > 1 && shard !== undefined) throw new UsageError('--processes splits the whole run into shards itself: it cannot be combined with --shard/--shards');
  return processes;
}

/** `--first-station` and `--id-prefix`, as run options. */
export function identityOf(argv: Record<string, unknown>): { firstStation?: number; idPrefix?: string } {
  const prefix = argv['id-prefix'] === undefined ? undefined : String(argv['id-prefix']);
  if (prefix !== undefined && !ID_PREFIX_PATTERN.test(prefix)) {
    throw new UsageError(`--id-prefix must be 1 to 16 characters of A-Z a-z 0-9 . _ -, got ${JSON.stringify(prefix)}`);
  }
  return {
    ...(argv['first-station'] !== undefined && { firstStation: wholeNumber('--first-station', argv['first-station'], 0) }),
    ...(prefix !== undefined && { idPrefix: prefix }),
  };
}
