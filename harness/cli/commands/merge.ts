/**
 * `chargedrill merge <results...>`: one result from the results of a sharded load run (`chargedrill load --shard i/n`,
 * e.g. the pods of a Kubernetes Indexed Job), with the same summary, reports and exit codes as a single run
 * (harness/load/merge.ts). Results that are not the shards of one run are refused with exit 2.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { prepareOutputDir } from '../paths.js';
import { UsageError } from '../usage.js';

export const mergeFlags = {
  'json': { type: 'boolean', default: false, describe: 'print the merged result as JSON' },
  'out': { type: 'string', describe: 'directory to write the reports to: result.json, junit.xml, report.html, summary.md' },
  'format': { type: 'string', array: true, describe: 'reports --out writes: json, junit, html, markdown [default: all]' },
} as const;

const describe =
  'Merge the results of a sharded load run (chargedrill load --shard i/n, one result.json or --out directory per shard) into one: counters summed, ' +
  'percentiles from the merged histograms, thresholds evaluated again. Exit codes as load: 0 passed, 1 a shard\'s run failed, 2 bad input (results not of one run, a shard missing or twice), 99 a threshold failed, 130 a shard was interrupted';

/** A result file, or a directory a shard's `--out` wrote (its result.json). */
function resultFile(path: string): string {
  if (!existsSync(path)) throw new UsageError(`${path}: no such file or directory (give each shard's result.json or --out directory)`);
  return statSync(path).isDirectory() ? join(path, 'result.json') : path;
}

async function handler(argv: Record<string, unknown>): Promise<void> {
  const files = [argv.results ?? []].flat().map(String).map(resultFile);
  const out = typeof argv.out === 'string' ? argv.out : undefined;
  if (out !== undefined) {
    const problem = prepareOutputDir(out);
    if (problem !== undefined) throw new UsageError(`--out ${out}: ${problem}`);
  }
  const [{ readLoadResult }, { mergeResults, MergeInputError }, { report, reportFormats }] = await Promise.all([
    import('../../load/compare.js'),
    import('../../load/merge.js'),
    import('./load.js'),
  ]);
  const formats = reportFormats(argv.format, out);
  const named = await Promise.all(
    files.map(async (file) => {
      try {
        return { file, result: await readLoadResult(file) };
      } catch (error) {
        // The message starts with the file already (compare.ts LoadResultFileError).
        throw error instanceof Error && 'problems' in error ? new UsageError(oneLine(error.message)) : error;
      }
    }),
  );
  let merged;
  try {
    merged = mergeResults(named);
  } catch (error) {
    throw error instanceof MergeInputError ? new UsageError(error.message) : error;
  }
  await report(merged, { json: argv.json === true, out, formats, compare: undefined });
}

function oneLine(text: string): string {
  return text.split('\n').map((line) => line.trim()).filter(Boolean).join(' ');
}

export const mergeCommand = {
  command: 'merge <results..>',
  describe,
  builder: (y: Argv) => y.options(mergeFlags).positional('results', { type: 'string', array: true, describe: 'the shards\' result.json files (or their --out directories)' }),
  handler,
};
