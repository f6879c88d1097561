/**
 * Where a restarted CSMS's simulated clock resumes. A ScaledClock starts at the wall clock, so a CSMS killed
 * after an hour at time scale 60 (60 simulated hours) came back 59 simulated hours in the past: every
 * timestamp, deadline and uptime window ran backwards. The database keeps the clock's anchor (the simulated
 * and wall time it started at, and its scale) so a restart on the same file continues the same timeline, as
 * the fleet's clock (same formula) does; and never resumes before the last frame it recorded.
 */
import Database from 'better-sqlite3';

export interface ClockStart {
  startEpochMs: number;
  /** `resumed` the file's timeline; `new` a first start (or an in-memory database); `re-anchored` another time scale. */
  kind: 'new' | 'resumed' | 're-anchored';
}

interface AnchorRow {
  startEpochMs: number;
  startWallMs: number;
  timeScale: number;
}

const DDL = `CREATE TABLE IF NOT EXISTS clock_anchor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  startEpochMs REAL NOT NULL,
  startWallMs REAL NOT NULL,
  timeScale REAL NOT NULL
)`;

/** Reads (and records) the clock's anchor in the CSMS database at `dbPath`; `:memory:` always starts anew. */
export function clockStartFor(dbPath: string, timeScale: number, wallNowMs = Date.now()): ClockStart {
  if (dbPath === ':memory:') return { startEpochMs: wallNowMs, kind: 'new' };
  const db = new Database(dbPath);
  try {
    db.exec(DDL);
    const anchor = db.prepare('SELECT startEpochMs, startWallMs, timeScale FROM clock_anchor WHERE id = 1').get() as AnchorRow | undefined;
    const lastFrameAt = lastRecordedAt(db);
    let start: ClockStart;
    if (anchor === undefined) {
      start = { startEpochMs: Math.max(wallNowMs, lastFrameAt ?? -Infinity), kind: 'new' };
    } else if (anchor.timeScale === timeScale) {
      // The simulated time the original timeline has reached now, as if the CSMS had never stopped.
      const continued = anchor.startEpochMs + (wallNowMs - anchor.startWallMs) * timeScale;
      return { startEpochMs: Math.max(continued, lastFrameAt ?? -Infinity), kind: 'resumed' };
    } else {
      // Another scale: a new timeline from the last moment the old one recorded.
      const reached = anchor.startEpochMs + (wallNowMs - anchor.startWallMs) * anchor.timeScale;
      start = { startEpochMs: Math.max(reached, lastFrameAt ?? -Infinity), kind: 're-anchored' };
    }
    db.prepare('INSERT INTO clock_anchor (id, startEpochMs, startWallMs, timeScale) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET startEpochMs = excluded.startEpochMs, startWallMs = excluded.startWallMs, timeScale = excluded.timeScale').run(
      start.startEpochMs,
      wallNowMs,
      timeScale,
    );
    return start;
  } finally {
    db.close();
  }
}

/** The simulated time of the newest frame in the message log, if the database has one. */
function lastRecordedAt(db: Database.Database): number | undefined {
  const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'messages'").get();
  if (table === undefined) return undefined;
  const row = db.prepare('SELECT MAX(at) AS at FROM messages').get() as { at: number | null };
  return row.at ?? undefined;
}
