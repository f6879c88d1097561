/**
 * The playbook's SQLite tables, in the CSMS's database or any better-sqlite3 Database: tickets, work
 * orders, escalations, actions and uptime records, so a restarted CSMS keeps its open tickets and its
 * uptime history. Desk writes are rare and written at once; uptime records follow every status change
 * of the fleet, so they are buffered and written in one transaction per `uptimeFlushIntervalMs` (real time).
 */
import type Database from 'better-sqlite3';
import type { ActionRecord, EscalationRecord, Ticket, WorkOrder } from './types.js';
import type { UptimeRecord } from './uptime.js';

const DDL = `
CREATE TABLE IF NOT EXISTS playbook_tickets (
  id TEXT PRIMARY KEY,
  issueId TEXT NOT NULL,
  status TEXT NOT NULL,
  stationId TEXT,
  openedAt INTEGER NOT NULL,
  closedAt INTEGER,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS playbook_tickets_status ON playbook_tickets (status);
CREATE TABLE IF NOT EXISTS playbook_work_orders (
  id TEXT PRIMARY KEY,
  ticketId TEXT NOT NULL,
  status TEXT NOT NULL,
  stationId TEXT NOT NULL,
  part TEXT NOT NULL,
  openedAt INTEGER NOT NULL,
  closedAt INTEGER,
  body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS playbook_escalations (
  id TEXT PRIMARY KEY,
  ticketId TEXT NOT NULL,
  issueId TEXT NOT NULL,
  target TEXT NOT NULL,
  reason TEXT NOT NULL,
  at INTEGER NOT NULL,
  accountManagerInformed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS playbook_escalations_ticket ON playbook_escalations (ticketId);
CREATE TABLE IF NOT EXISTS playbook_actions (
  id TEXT PRIMARY KEY,
  ticketId TEXT NOT NULL,
  issueId TEXT NOT NULL,
  stationId TEXT NOT NULL,
  step TEXT NOT NULL,
  command TEXT NOT NULL,
  at INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS playbook_actions_ticket ON playbook_actions (ticketId);
CREATE TABLE IF NOT EXISTS playbook_uptime (
  kind TEXT NOT NULL,
  stationId TEXT NOT NULL,
  evseId INTEGER,
  connectorId INTEGER,
  atMs INTEGER NOT NULL,
  toMs INTEGER,
  out INTEGER,
  reason TEXT
);
CREATE INDEX IF NOT EXISTS playbook_uptime_station ON playbook_uptime (stationId, atMs);
`;

export interface PlaybookStoreOptions {
  uptimeFlushIntervalMs?: number;
  maxPendingUptimeRows?: number;
}

export interface PlaybookSnapshot {
  /** Every ticket, actions and escalations attached, oldest first. */
  tickets: Ticket[];
  workOrders: WorkOrder[];
  uptime: UptimeRecord[];
}

type Stmt = Database.Statement;

interface RawUptime {
  kind: string;
  stationId: string;
  evseId: number | null;
  connectorId: number | null;
  atMs: number;
  toMs: number | null;
  out: number | null;
  reason: string | null;
}

export class PlaybookStore {
  private readonly upsertTicket: Stmt;
  private readonly upsertWorkOrder: Stmt;
  private readonly insertEscalation: Stmt;
  private readonly upsertAction: Stmt;
  private readonly insertUptime: Stmt;
  private readonly writeUptime: (rows: UptimeRecord[]) => void;
  private readonly uptimeFlushIntervalMs: number;
  private readonly maxPendingUptimeRows: number;
  private pendingUptime: UptimeRecord[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database.Database,
    options: PlaybookStoreOptions = {},
  ) {
    this.uptimeFlushIntervalMs = options.uptimeFlushIntervalMs ?? 100;
    this.maxPendingUptimeRows = options.maxPendingUptimeRows ?? 1_000;
    db.exec(DDL);
    this.upsertTicket = db.prepare(
      `INSERT INTO playbook_tickets (id, issueId, status, stationId, openedAt, closedAt, body) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, closedAt = excluded.closedAt, body = excluded.body`,
    );
    this.upsertWorkOrder = db.prepare(
      `INSERT INTO playbook_work_orders (id, ticketId, status, stationId, part, openedAt, closedAt, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, closedAt = excluded.closedAt, body = excluded.body`,
    );
    this.insertEscalation = db.prepare(
      'INSERT OR IGNORE INTO playbook_escalations (id, ticketId, issueId, target, reason, at, accountManagerInformed) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.upsertAction = db.prepare(
      `INSERT INTO playbook_actions (id, ticketId, issueId, stationId, step, command, at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET body = excluded.body`,
    );
    this.insertUptime = db.prepare(
      'INSERT INTO playbook_uptime (kind, stationId, evseId, connectorId, atMs, toMs, out, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.writeUptime = db.transaction((rows: UptimeRecord[]) => {
      for (const r of rows) {
        if (r.kind === 'excluded') this.insertUptime.run(r.kind, r.stationId, null, null, r.fromMs, r.toMs, null, r.reason);
        else if (r.kind === 'status') this.insertUptime.run(r.kind, r.stationId, r.evseId ?? null, r.connectorId, r.atMs, null, r.out ? 1 : 0, null);
        else this.insertUptime.run(r.kind, r.stationId, null, null, r.atMs, null, r.out ? 1 : 0, null);
      }
    });
  }

  /** Actions and escalations live in their own tables: the ticket row holds the rest. */
  saveTicket(ticket: Ticket): void {
    const { actions: _actions, escalations: _escalations, ...rest } = ticket;
    this.upsertTicket.run(ticket.id, ticket.issueId, ticket.status, ticket.stationId ?? null, ticket.openedAt, ticket.closedAt ?? null, JSON.stringify(rest));
  }

  saveWorkOrder(workOrder: WorkOrder): void {
    this.upsertWorkOrder.run(
      workOrder.id, workOrder.ticketId, workOrder.status, workOrder.stationId, workOrder.part,
      workOrder.openedAt, workOrder.closedAt ?? null, JSON.stringify(workOrder),
    );
  }

  saveEscalation(escalation: EscalationRecord): void {
    this.insertEscalation.run(
      escalation.id, escalation.ticketId, escalation.issueId, escalation.target, escalation.reason, escalation.at,
      escalation.accountManagerInformed ? 1 : 0,
    );
  }

  saveAction(action: ActionRecord): void {
    this.upsertAction.run(action.id, action.ticketId, action.issueId, action.stationId, action.step, action.command, action.at, JSON.stringify(action));
  }

  saveUptime(record: UptimeRecord): void {
    this.pendingUptime.push(record);
    if (this.pendingUptime.length >= this.maxPendingUptimeRows) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.uptimeFlushIntervalMs);
      this.timer.unref();
    }
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pendingUptime.length === 0) return;
    const rows = this.pendingUptime;
    this.pendingUptime = [];
    this.writeUptime(rows);
  }

  load(): PlaybookSnapshot {
    this.flush();
    const actions = new Map<string, ActionRecord[]>();
    for (const row of this.db.prepare('SELECT body FROM playbook_actions ORDER BY rowid').all() as { body: string }[]) {
      const action = JSON.parse(row.body) as ActionRecord;
      push(actions, action.ticketId, action);
    }
    const escalations = new Map<string, EscalationRecord[]>();
    for (const row of this.db.prepare('SELECT * FROM playbook_escalations ORDER BY at, rowid').all() as (Omit<EscalationRecord, 'accountManagerInformed'> & { accountManagerInformed: number })[]) {
      const { accountManagerInformed, ...rest } = row;
      push(escalations, row.ticketId, accountManagerInformed === 1 ? { ...rest, accountManagerInformed: true } : rest);
    }
    const tickets = (this.db.prepare('SELECT body FROM playbook_tickets ORDER BY openedAt, rowid').all() as { body: string }[]).map((row) => {
      const ticket = JSON.parse(row.body) as Omit<Ticket, 'actions' | 'escalations'>;
      return { ...ticket, actions: actions.get(ticket.id) ?? [], escalations: escalations.get(ticket.id) ?? [] };
    });
    const workOrders = (this.db.prepare('SELECT body FROM playbook_work_orders ORDER BY openedAt, rowid').all() as { body: string }[]).map(
      (row) => JSON.parse(row.body) as WorkOrder,
    );
    const uptime = (this.db.prepare('SELECT * FROM playbook_uptime ORDER BY rowid').all() as RawUptime[]).map(toUptime);
    return { tickets, workOrders, uptime };
  }

  close(): void {
    this.flush();
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function toUptime(row: RawUptime): UptimeRecord {
  if (row.kind === 'excluded') return { kind: 'excluded', stationId: row.stationId, fromMs: row.atMs, toMs: row.toMs ?? row.atMs, reason: row.reason ?? '' };
  if (row.kind === 'status') {
    return { kind: 'status', stationId: row.stationId, connectorId: row.connectorId ?? 0, atMs: row.atMs, out: row.out === 1, ...(row.evseId !== null ? { evseId: row.evseId } : {}) };
  }
  return { kind: row.kind === 'link' ? 'link' : 'silent', stationId: row.stationId, atMs: row.atMs, out: row.out === 1 };
}
