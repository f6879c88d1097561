/**
 * The detector's issues in SQLite (table `issues`), in the CSMS's database: the full history for
 * `GET /api/issues`, and the open ones for `Detector.restore` after a restart. Issues change in bursts
 * (a site outage updates its issue once per silent station), so writes are coalesced per issue and
 * flushed in one transaction every `flushIntervalMs` (real time); reads flush first.
 */
import type Database from 'better-sqlite3';
import type { Issue } from '../detector/types.js';
import type { IssueType } from '../issues/catalogue.js';

const DDL = `
CREATE TABLE IF NOT EXISTS issues (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  stationId TEXT,
  siteId TEXT,
  raisedAt INTEGER NOT NULL,
  resolvedAt INTEGER,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS issues_open ON issues (resolvedAt, raisedAt);
CREATE INDEX IF NOT EXISTS issues_station ON issues (stationId, raisedAt);
`;

export interface IssueQuery {
  /** true: only open issues; false: only resolved ones; absent: both. */
  open?: boolean;
  type?: IssueType | string;
  stationId?: string;
  siteId?: string;
}

export const ISSUE_STORE_DEFAULTS = { flushIntervalMs: 50 } as const;

export class IssueStore {
  private readonly upsert: Database.Statement;
  private readonly writeAll: (issues: Issue[]) => void;
  /** Live issue objects: serialized at flush time, so the latest state is what is written. */
  private pending = new Map<string, Issue>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly flushIntervalMs: number = ISSUE_STORE_DEFAULTS.flushIntervalMs,
  ) {
    db.exec(DDL);
    this.upsert = db.prepare(
      `INSERT INTO issues (id, type, stationId, siteId, raisedAt, resolvedAt, body) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET resolvedAt = excluded.resolvedAt, body = excluded.body`,
    );
    this.writeAll = db.transaction((issues: Issue[]) => {
      for (const issue of issues) {
        this.upsert.run(
          issue.id, issue.type, issue.stationId ?? null, issue.siteId ?? null,
          issue.raisedAt.simMs, issue.resolvedAt?.simMs ?? null, JSON.stringify(issue),
        );
      }
    });
  }

  save(issue: Issue): void {
    this.pending.set(issue.id, issue);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushIntervalMs);
      this.timer.unref();
    }
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.size === 0) return;
    const issues = [...this.pending.values()];
    this.pending = new Map();
    this.writeAll(issues);
  }

  /** Oldest first. */
  find(query: IssueQuery = {}): Issue[] {
    this.flush();
    const where: string[] = [];
    const args: string[] = [];
    const equal = (column: string, value: string | undefined): void => {
      if (value === undefined) return;
      where.push(`${column} = ?`);
      args.push(value);
    };
    if (query.open === true) where.push('resolvedAt IS NULL');
    if (query.open === false) where.push('resolvedAt IS NOT NULL');
    equal('type', query.type);
    equal('stationId', query.stationId);
    equal('siteId', query.siteId);
    const sql = `SELECT body FROM issues${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY raisedAt, rowid`;
    return (this.db.prepare(sql).all(...args) as { body: string }[]).map((row) => JSON.parse(row.body) as Issue);
  }

  get(id: string): Issue | undefined {
    this.flush();
    const row = this.db.prepare('SELECT body FROM issues WHERE id = ?').get(id) as { body: string } | undefined;
    return row && (JSON.parse(row.body) as Issue);
  }

  close(): void {
    this.flush();
  }
}
