/** `--shard i/n`, `--shards n` with `--shard-index` or JOB_COMPLETION_INDEX, `--processes`, `--id-prefix`: what they mean and what they refuse. */
import { describe, expect, it } from 'vitest';
import { identityOf, processesOf, shardOf } from '../../../harness/cli/commands/load-shard-flags.js';

describe('shardOf', () => {
  it('reads --shard i/n as 1-based, --shard-index and JOB_COMPLETION_INDEX as 0-based', () => {
    expect(shardOf({ shard: '2/3' }, {})).toEqual({ index: 1, count: 3 });
    expect(shardOf({ shard: '2/3', shards: '3' }, {})).toEqual({ index: 1, count: 3 });
    expect(shardOf({ shards: '3', 'shard-index': '0' }, {})).toEqual({ index: 0, count: 3 });
    expect(shardOf({ shards: '3' }, { JOB_COMPLETION_INDEX: '2' })).toEqual({ index: 2, count: 3 });
    // The flag wins over the environment.
    expect(shardOf({ shards: '3', 'shard-index': '1' }, { JOB_COMPLETION_INDEX: '2' })).toEqual({ index: 1, count: 3 });
    // Without --shards the environment alone is no shard: a Job's pod that runs a whole fleet stays whole.
    expect(shardOf({}, { JOB_COMPLETION_INDEX: '2' })).toBeUndefined();
    expect(shardOf({}, {})).toBeUndefined();
  });

  it('refuses bad combinations with a line naming the flag', () => {
    const refusal = (argv: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) => () => shardOf(argv, env);
    expect(refusal({ shard: '4/3' })).toThrow('--shard 4/3: i must be from 1 to 3 (1-based; --shard-index is 0-based)');
    expect(refusal({ shard: '0/3' })).toThrow('--shard 0/3: i must be from 1 to 3');
    expect(refusal({ shard: '1/0' })).toThrow('--shard 1/0: the number of shards must be 1 or more');
    expect(refusal({ shard: 'two' })).toThrow('--shard must be i/n, e.g. 2/3 (1-based), got "two"');
    expect(refusal({ shard: '1/3', shards: '4' })).toThrow('--shard 1/3 says 3 shards but --shards says 4');
    expect(refusal({ shard: '1/3', 'shard-index': '0' })).toThrow('--shard and --shard-index both say which shard this is: give one');
    expect(refusal({ 'shard-index': '1' })).toThrow('--shard-index needs --shards (the number of shards)');
    expect(refusal({ shards: '3' })).toThrow('--shards 3 needs --shard-index or $JOB_COMPLETION_INDEX (which shard this is), or use --shard i/n');
    expect(refusal({ shards: '0', 'shard-index': '0' })).toThrow('--shards must be a whole number of 1 or more, got "0"');
    expect(refusal({ shards: '3', 'shard-index': '3' })).toThrow('--shard-index 3 is not a shard of 3: it is 0-based, from 0 to 2');
    expect(refusal({ shards: '3' }, { JOB_COMPLETION_INDEX: '5' })).toThrow('$JOB_COMPLETION_INDEX 5 is not a shard of 3');
    expect(refusal({ shards: '3' }, { JOB_COMPLETION_INDEX: 'x' })).toThrow('$JOB_COMPLETION_INDEX must be a whole number of 0 or more, got "x"');
  });
});

describe('processesOf and identityOf', () => {
  it('--processes defaults to 1 and is not combined with a shard', () => {
    expect(processesOf({}, undefined)).toBe(1);
    expect(processesOf({ processes: '4' }, undefined)).toBe(4);
    expect(() => processesOf({ processes: '0' }, undefined)).toThrow('--processes must be a whole number from 1 to 64, got "0"');
    expect(() => processesOf({ processes: '2' }, { index: 0, count: 2 })).toThrow(/cannot be combined with --shard/);
  });

  it('--first-station and --id-prefix', () => {
    expect(identityOf({ 'first-station': '100', 'id-prefix': 'east-' })).toEqual({ firstStation: 100, idPrefix: 'east-' });
    expect(identityOf({})).toEqual({});
    expect(() => identityOf({ 'id-prefix': 'a b' })).toThrow('--id-prefix must be 1 to 16 characters of A-Z a-z 0-9 . _ -, got "a b"');
    expect(() => identityOf({ 'first-station': '-1' })).toThrow('--first-station must be a whole number of 0 or more, got "-1"');
  });
});

describe('sumProgress (the live line of --processes)', () => {
  it('sums the children\'s counts and rates, shows the slowest p99 so far and the longest elapsed time', async () => {
    const { sumProgress } = await import('../../../harness/cli/commands/load-processes.js');
    const child = (i: number, p99: number | null) => ({ elapsedS: 10 + i, stage: 'hold', stations: 4, connected: 3 + i, booted: 3, callsPerS: 1.5, calls: 100, errors: i, p99SoFarMs: p99, sessionsActive: 2 });
    expect(sumProgress([child(0, 12), undefined, child(2, 40), child(1, null)])).toEqual({
      elapsedS: 12, stage: 'hold', stations: 12, connected: 12, booted: 9, callsPerS: 4.5, calls: 300, errors: 3, p99SoFarMs: 40, sessionsActive: 6,
    });
    expect(sumProgress([undefined, undefined])).toBeUndefined();
    expect(sumProgress([child(0, null)])?.p99SoFarMs).toBeNull();
  });
});

describe('childArgs (the command line of each --processes child)', () => {
  it('passes the flags on, and splits --max-connecting between the processes as it splits the ramp', async () => {
    const { childArgs } = await import('../../../harness/cli/commands/load-processes.js');
    const args = childArgs({ 'stations': '900', 'max-connecting': 301, 'processes': 3 }, 1, 3, 'ws://127.0.0.1:9/ocpp', '/tmp/out', undefined);
    expect(args).toContain('--stations=900');
    expect(args).toContain('--max-connecting=101');
    expect(args.filter((arg) => arg.startsWith('--processes'))).toEqual([]);
    expect(args).toContain('--shard=2/3');
  });
});
