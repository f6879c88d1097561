import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { clockStartFor } from '../../../harness/csms/clock-anchor.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});
const dbFile = () => join((dir = mkdtempSync(join(tmpdir(), 'chargedrill-anchor-'))), 'csms.db');

describe('the CSMS clock across a restart on the same database', () => {
  it('continues the first run\'s timeline at the same time scale instead of starting again at the wall clock', () => {
    const db = dbFile();
    const wall = Date.UTC(2026, 0, 1, 12);
    expect(clockStartFor(db, 60, wall)).toEqual({ startEpochMs: wall, kind: 'new' });
    // Killed, restarted one real hour later: 60 simulated hours have passed on the timeline.
    const later = wall + 3_600_000;
    expect(clockStartFor(db, 60, later)).toEqual({ startEpochMs: wall + 3_600_000 * 60, kind: 'resumed' });
  });

  it('never resumes before the newest recorded frame', () => {
    const db = dbFile();
    const wall = Date.UTC(2026, 0, 1, 12);
    clockStartFor(db, 1, wall);
    const sqlite = new Database(db);
    sqlite.exec("CREATE TABLE messages (seq INTEGER, at INTEGER, stationId TEXT, direction TEXT, messageType INTEGER, messageId TEXT, action TEXT, payload TEXT)");
    sqlite.prepare("INSERT INTO messages VALUES (1, ?, 'S1-CP1', 'in', 2, 'm1', 'Heartbeat', '{}')").run(wall + 50_000);
    sqlite.close();
    expect(clockStartFor(db, 1, wall + 10_000).startEpochMs).toBe(wall + 50_000);
  });

  it('re-anchors at another time scale from where the old timeline had got to', () => {
    const db = dbFile();
    const wall = Date.UTC(2026, 0, 1, 12);
    clockStartFor(db, 60, wall);
    const restart = clockStartFor(db, 10, wall + 60_000);
    expect(restart).toEqual({ startEpochMs: wall + 60_000 * 60, kind: 're-anchored' });
    // From then on the new scale holds.
    expect(clockStartFor(db, 10, wall + 120_000).startEpochMs).toBe(wall + 60_000 * 60 + 60_000 * 10);
  });

  it('an in-memory database starts at the wall clock', () => {
    expect(clockStartFor(':memory:', 60, 1_000)).toEqual({ startEpochMs: 1_000, kind: 'new' });
  });
});
