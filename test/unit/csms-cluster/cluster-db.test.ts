import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { claimWorkerCount, workerDbPath } from '../../../harness/csms-cluster/cluster-db.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});
const dbFile = () => join((dir = mkdtempSync(join(tmpdir(), 'chargedrill-workers-'))), 'csms.db');

describe('the database files of a CSMS with workers', () => {
  it('gives each worker its own file beside --db, and keeps :memory: in memory', () => {
    expect(workerDbPath('/data/csms.db', 0)).toBe('/data/csms.db.worker-0');
    expect(workerDbPath('/data/csms.db', 11)).toBe('/data/csms.db.worker-11');
    expect(workerDbPath(':memory:', 3)).toBe(':memory:');
  });

  it('records the worker count and accepts the same count again', () => {
    const file = dbFile();
    claimWorkerCount(file, 3);
    claimWorkerCount(file, 3);
    const db = new Database(file);
    expect(db.prepare('SELECT workers FROM csms_workers').all()).toEqual([{ workers: 3 }]);
    db.close();
  });

  it('refuses another count: the sites would land on workers whose files never saw them', () => {
    const file = dbFile();
    claimWorkerCount(file, 3);
    expect(() => claimWorkerCount(file, 4)).toThrow('was written by 3 CSMS workers, each site\'s stations in its worker\'s file: start with --workers 3, or give a new --db');
  });

  it('refuses a file a single CSMS wrote its stations to, and takes one without stations', () => {
    const file = dbFile();
    const db = new Database(file);
    db.exec("CREATE TABLE stations (id TEXT PRIMARY KEY, site TEXT NOT NULL); INSERT INTO stations VALUES ('S1-CP1', 'S1')");
    db.close();
    expect(() => claimWorkerCount(file, 2)).toThrow(/holds the stations of a CSMS run without --workers/);
    const empty = join(dir as string, 'empty.db');
    const emptyDb = new Database(empty);
    emptyDb.exec('CREATE TABLE stations (id TEXT PRIMARY KEY)');
    emptyDb.close();
    expect(() => claimWorkerCount(empty, 2)).not.toThrow();
  });
});
