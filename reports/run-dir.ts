import { join } from 'node:path';

/** Where a run's reports go when `--out` is not given. `reports/runs/` is ignored by git. */
export const DEFAULT_RUNS_DIR = join('reports', 'runs');

/**
 * `reports/runs/2025-06-01T14-03-12Z` for a run started at 2025-06-01T14:03:12.345Z: sortable, unique per second,
 * and free of the colons Windows and some CI artifact stores refuse in paths.
 */
export function defaultReportDir(startedAt: string, runsDir: string = DEFAULT_RUNS_DIR): string {
  const stamp = startedAt.replace(/\.\d+(?=Z$)/, '').replace(/:/g, '-');
  return join(runsDir, stamp);
}
