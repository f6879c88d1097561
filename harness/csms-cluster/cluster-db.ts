/**
 * The files of `chargedrill csms --workers N --db FILE`: FILE is the primary's (the clock anchor and the worker
 * count), and worker k keeps its stations, message log, transactions and desk in `FILE.worker-k`, a store of its
 * own as a single CSMS keeps one (same batching, same crash guarantees). A restart with the same N finds every site
 * on the worker and file it was on; another N would scatter sites over files that never saw them, so it is refused.
 */
import Database from 'better-sqlite3';

export class WorkerCountError extends Error {}

/** Worker `index`'s database beside `dbPath`; ':memory:' stays in memory. */
export function workerDbPath(dbPath: string, index: number): string {
  return dbPath === ':memory:' ? dbPath : `${dbPath}.worker-${index}`;
}

const DDL = `CREATE TABLE IF NOT EXISTS csms_workers (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  workers INTEGER NOT NULL
)`;

/**
 * Records `workers` in the primary's file, or checks it against the count recorded there. Throws a
 * WorkerCountError if the file was written with another count, or by a single CSMS (stations of its own).
 */
export function claimWorkerCount(dbPath: string, workers: number): void {
  if (dbPath === ':memory:') return;
  const db = new Database(dbPath);
  try {
    db.exec(DDL);
    const row = db.prepare('SELECT workers FROM csms_workers WHERE id = 1').get() as { workers: number } | undefined;
    if (row !== undefined && row.workers !== workers) {
      throw new WorkerCountError(`was written by ${row.workers} CSMS workers, each site's stations in its worker's file: start with --workers ${row.workers}, or give a new --db`);
    }
    if (row === undefined && singleCsmsStations(db) > 0) {
      throw new WorkerCountError('holds the stations of a CSMS run without --workers: give a new --db for --workers, or run without --workers');
    }
    db.prepare('INSERT INTO csms_workers (id, workers) VALUES (1, ?) ON CONFLICT (id) DO NOTHING').run(workers);
  } finally {
    db.close();
  }
}

function singleCsmsStations(db: Database.Database): number {
  const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'stations'").get();
  if (table === undefined) return 0;
  return (db.prepare('SELECT COUNT(*) AS n FROM stations').get() as { n: number }).n;
}
