/**
 * What `chargedrill merge` checks before it adds shards' results: they must be parts of one run (same format, tool
 * version, profile, seed and parameters, same shard count) and each shard must be there exactly once. Each refusal
 * is one line naming the files and what differs; the CLI exits 2 with it.
 */
import type { LoadParameters, LoadResult } from './result.js';

/** Shards' results that do not make one run; nothing was merged. */
export class MergeInputError extends Error {
  override readonly name = 'MergeInputError';
}

export interface NamedResult {
  /** Where it was read from, for the messages. */
  file: string;
  result: LoadResult;
}

/** Parameters every shard of one run shares (`url`, `csms` and `argv` may differ: each shard has its own command). */
const SAME_PARAMETERS = [
  'profile', 'stations', 'sites', 'protocol', 'connectors', 'timeScale', 'seed', 'desk', 'behaviours', 'stages', 'faults', 'thresholds',
  'bootTimeoutMs', 'maxDisconnects', 'firstStation', 'idPrefix',
] as const satisfies readonly (keyof LoadParameters)[];

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Refuses results that are not the shards of one run. With `partial`, missing shards are allowed (an interrupted
 * `--processes` run merges what its children wrote); duplicates never are.
 */
export function checkShards(results: readonly NamedResult[], options: { partial?: boolean } = {}): void {
  if (results.length === 0) throw new MergeInputError('nothing to merge: give the result.json of every shard');
  const [first, ...rest] = results as [NamedResult, ...NamedResult[]];
  const unsharded = results.find((r) => r.result.shard === undefined);
  if (unsharded !== undefined) {
    throw new MergeInputError(`${unsharded.file} is not a shard's result (no "shard" field): merge takes the results of chargedrill load --shard i/n`);
  }
  for (const other of rest) {
    const differs = (what: string, a: unknown, b: unknown) =>
      new MergeInputError(`${other.file} is not a shard of the same run as ${first.file}: ${what} ${JSON.stringify(b)} vs ${JSON.stringify(a)}`);
    if (other.result.format !== first.result.format) throw differs('result format', first.result.format, other.result.format);
    if (other.result.tool.version !== first.result.tool.version) throw differs('chargedrill version', first.result.tool.version, other.result.tool.version);
    for (const key of SAME_PARAMETERS) {
      if (!same(first.result.parameters[key], other.result.parameters[key])) throw differs(key, first.result.parameters[key], other.result.parameters[key]);
    }
    const [a, b] = [first.result.shard?.count, other.result.shard?.count];
    if (a !== b) throw differs('shard count', a, b);
  }
  const count = first.result.shard?.count as number;
  const byIndex = new Map<number, string>();
  for (const { file, result } of results) {
    const index = result.shard?.index as number;
    if (!(Number.isInteger(index) && index >= 0 && index < count)) throw new MergeInputError(`${file}: shard index ${index} is not one of 0 to ${count - 1}`);
    const seen = byIndex.get(index);
    if (seen !== undefined) throw new MergeInputError(`shard ${index + 1}/${count} is given twice: ${seen} and ${file}`);
    byIndex.set(index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length > 0 && options.partial !== true) {
    throw new MergeInputError(`missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i + 1}/${count}`).join(', ')}: merge needs the result of every shard`);
  }
}
