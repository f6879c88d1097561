/** SQLite's own words about an unusable --db file ("file is not a database") as a usage error naming the flag and path. */
import { UsageError } from './usage.js';

/** The codes that mean the file itself is unusable (not a bug of ours). */
export function isSqliteFileError(code: unknown): boolean {
  return typeof code === 'string' && /^SQLITE_(CANTOPEN|NOTADB|READONLY|PERM|CORRUPT)/.test(code);
}

/** Runs `open` on the --db file; SQLite's own words become a usage error naming the flag and path. */
export function sqliteUsage<T>(dbPath: string, open: () => T): T {
  try {
    return open();
  } catch (error) {
    if (isSqliteFileError((error as { code?: unknown }).code)) throw new UsageError(`--db ${dbPath}: ${(error as Error).message}`);
    throw error;
  }
}
