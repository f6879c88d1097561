/**
 * The CSMS's SQLite store. Writes are buffered and flushed in one SQLite transaction every
 * `flushIntervalMs` (real time) or once `maxPendingRows` rows are waiting, so thousands of stations
 * booting at once cost a few transactions instead of thousands of fsyncs on the event loop.
 * Station, connector and transaction rows are coalesced by key (last write wins) before a flush;
 * messages are appended. Reads flush first, so they see every write made so far.
 */
import Database from 'better-sqlite3';
import { DDL } from './store-schema.js';
import type { ConnectorRow, MessageRow, StationRow, TransactionRow, ViolationRow } from './store-schema.js';

export interface StoreOptions {
  /** A file path, or ':memory:'. */
  dbPath: string;
  flushIntervalMs?: number;
  maxPendingRows?: number;
}

export const STORE_DEFAULTS = { flushIntervalMs: 50, maxPendingRows: 2_000 } as const;

type Db = Database.Database;
type Stmt = Database.Statement;

interface Statements {
  upsertStation: Stmt;
  updateConnector: Stmt;
  insertConnector: Stmt;
  upsertTransaction: Stmt;
  insertMessage: Stmt;
  upsertCounter: Stmt;
  insertViolation: Stmt;
}

/** Filters of `Store.violations`; every one given must match. */
export interface ViolationFilter {
  stationId?: string;
  rule?: string;
  /** The newest `limit` rows. */
  limit?: number;
}

export class Store {
  private readonly db: Db;
  private readonly stmts: Statements;
  private readonly flushIntervalMs: number;
  private readonly maxPendingRows: number;
  private readonly writeAll: () => void;

  private pendingStations = new Map<string, StationRow>();
  private pendingConnectors = new Map<string, ConnectorRow>();
  private pendingTransactions = new Map<string, TransactionRow>();
  private pendingCounters = new Map<string, number>();
  private pendingMessages: MessageRow[] = [];
  private pendingViolations: ViolationRow[] = [];
  private pendingCount = 0;
  /** A transaction row or counter is waiting: what the CSMS answers with must be committed first (see commitAnswered). */
  private answerPending = false;
  private readonly fileBacked: boolean;
  private timer: NodeJS.Timeout | undefined;
  private readonly readStatements = new Map<string, Stmt>();
  private closed = false;

  constructor(options: StoreOptions) {
    this.flushIntervalMs = options.flushIntervalMs ?? STORE_DEFAULTS.flushIntervalMs;
    this.maxPendingRows = options.maxPendingRows ?? STORE_DEFAULTS.maxPendingRows;
    this.db = new Database(options.dbPath);
    this.fileBacked = options.dbPath !== ':memory:';
    if (this.fileBacked) {
      // WAL: readers (HTTP API) don't block the flush, and commits don't fsync the whole DB.
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
    }
    this.db.exec(DDL);
    this.stmts = prepare(this.db);
    this.writeAll = this.db.transaction(() => this.writePending());
  }

  /**
   * The database itself, for parts of the CSMS that keep their own tables in the same file (the desk's
   * issues, tickets, uptime). They must not touch the tables above, and must write before `close()`.
   */
  get database(): Db {
    return this.db;
  }

  saveStation(row: StationRow): void {
    this.pendingStations.set(row.id, row);
    this.touched();
  }

  saveConnector(row: ConnectorRow): void {
    this.pendingConnectors.set(`${row.stationId}\u0000${row.evseId ?? ''}\u0000${row.connectorId}`, row);
    this.touched();
  }

  saveTransaction(row: TransactionRow): void {
    this.pendingTransactions.set(`${row.stationId}\u0000${row.transactionId}`, row);
    this.answerPending = true;
    this.touched();
  }

  setCounter(name: string, value: number): void {
    this.pendingCounters.set(name, value);
    this.answerPending = true;
    this.touched();
  }

  /**
   * Called before a station's CALL is answered: commits now if a transaction row or a counter is waiting, so a
   * CSMS killed right after answering StartTransaction (its transactionId) or a stop still has them on restart.
   * Everything else waits for the next timed flush, unless `always` (a transaction-related message: once answered
   * the station forgets it, so its frame in the log must survive a crash). A no-op on ':memory:', which survives no crash anyway.
   */
  commitAnswered(always = false): void {
    if ((always || this.answerPending) && this.fileBacked) this.flush();
  }

  addMessage(row: MessageRow): void {
    this.pendingMessages.push(row);
    this.touched();
  }

  addViolation(row: ViolationRow): void {
    this.pendingViolations.push(row);
    this.touched();
  }

  /** Writes everything buffered in one SQLite transaction. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pendingCount === 0 || this.closed) return;
    this.writeAll();
  }

  counter(name: string): number {
    this.flush();
    const row = this.query('SELECT value FROM counters WHERE name = ?').get(name) as { value: number } | undefined;
    return row?.value ?? 0;
  }

  stations(): StationRow[] {
    this.flush();
    return (this.query('SELECT * FROM stations ORDER BY id').all() as RawStation[]).map(toStation);
  }

  station(id: string): StationRow | undefined {
    this.flush();
    const row = this.query('SELECT * FROM stations WHERE id = ?').get(id) as RawStation | undefined;
    return row && toStation(row);
  }

  connectors(stationId: string): ConnectorRow[] {
    this.flush();
    return this.query('SELECT * FROM connectors WHERE stationId = ? ORDER BY evseId, connectorId').all(stationId) as ConnectorRow[];
  }

  /** Every station's connectors in one query (for listing all stations). */
  allConnectors(): Map<string, ConnectorRow[]> {
    this.flush();
    const rows = this.query('SELECT * FROM connectors ORDER BY stationId, evseId, connectorId').all() as ConnectorRow[];
    const byStation = new Map<string, ConnectorRow[]>();
    for (const row of rows) {
      const list = byStation.get(row.stationId);
      if (list) list.push(row);
      else byStation.set(row.stationId, [row]);
    }
    return byStation;
  }

  /** Transactions that have started and not ended (used to rebuild in-memory state on start). */
  openTransactions(): TransactionRow[] {
    this.flush();
    return this.query('SELECT * FROM transactions WHERE stoppedAt IS NULL').all() as TransactionRow[];
  }

  transactions(stationId: string): TransactionRow[] {
    this.flush();
    return this.query('SELECT * FROM transactions WHERE stationId = ? ORDER BY startedAt, rowid').all(stationId) as TransactionRow[];
  }

  /**
   * One transaction of a station, running or ended. Asked for every 2.0.1 Started (is its id new?): a waiting
   * row is the newest of its key, any other is already in the database, so this read needs no flush.
   */
  transaction(stationId: string, transactionId: string): TransactionRow | undefined {
    const pending = this.pendingTransactions.get(`${stationId}\u0000${transactionId}`);
    if (pending) return { ...pending };
    return this.query('SELECT * FROM transactions WHERE stationId = ? AND transactionId = ?').get(stationId, transactionId) as TransactionRow | undefined;
  }

  /** Protocol violations, oldest first; with `limit`, the newest `limit` of them. */
  violations(filter: ViolationFilter = {}): ViolationRow[] {
    this.flush();
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.stationId !== undefined) {
      where.push('stationId = ?');
      args.push(filter.stationId);
    }
    if (filter.rule !== undefined) {
      where.push('rule = ?');
      args.push(filter.rule);
    }
    const sql = `SELECT * FROM violations ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY rowid DESC`;
    const rows = (filter.limit === undefined ? this.query(sql).all(...args) : this.query(`${sql} LIMIT ?`).all(...args, filter.limit)) as ViolationRow[];
    return rows.reverse();
  }

  /** The message log of one station, oldest first; with `limit`, the newest `limit` messages. */
  messagesFor(stationId: string, options: { limit?: number } = {}): MessageRow[] {
    this.flush();
    const rows = (
      options.limit === undefined
        ? this.query('SELECT * FROM messages WHERE stationId = ? ORDER BY rowid').all(stationId)
        : this.query('SELECT * FROM messages WHERE stationId = ? ORDER BY rowid DESC LIMIT ?').all(stationId, options.limit).reverse()
    ) as RawMessage[];
    return rows.map(toMessage);
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.db.close();
  }

  /** A read statement, prepared once: the desk reads message logs on every escalation. */
  private query(sql: string): Stmt {
    let stmt = this.readStatements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.readStatements.set(sql, stmt);
    }
    return stmt;
  }

  private touched(): void {
    if (this.closed) return;
    if (++this.pendingCount >= this.maxPendingRows) {
      this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushIntervalMs);
      this.timer.unref();
    }
  }

  private writePending(): void {
    const s = this.stmts;
    for (const r of this.pendingStations.values()) {
      s.upsertStation.run(r.id, r.siteId, r.protocol, r.vendor, r.model, r.firmware, r.connected ? 1 : 0, r.lastSeenAt, r.bootStatus);
    }
    for (const r of this.pendingConnectors.values()) {
      const args = [r.status, r.errorCode, r.info, r.vendorErrorCode, r.updatedAt, r.stationId, r.evseId, r.connectorId];
      // evseId is null for 1.6, and NULLs never conflict in a unique index: match with IS instead.
      if (s.updateConnector.run(...args).changes === 0) s.insertConnector.run(...args);
    }
    for (const r of this.pendingTransactions.values()) {
      s.upsertTransaction.run(
        r.stationId, r.transactionId, r.connectorId, r.evseId, r.idTag, r.authStatus,
        r.meterStartWh, r.startedAt, r.meterStopWh, r.stoppedAt, r.reason,
      );
    }
    for (const [name, value] of this.pendingCounters) s.upsertCounter.run(name, value);
    for (const m of this.pendingMessages) {
      s.insertMessage.run(m.seq, m.at, m.stationId, m.direction, m.messageType, m.messageId, m.action, JSON.stringify(m.payload) ?? 'null');
    }
    this.pendingStations = new Map();
    this.pendingConnectors = new Map();
    this.pendingTransactions = new Map();
    this.pendingCounters = new Map();
    for (const v of this.pendingViolations) {
      s.insertViolation.run(v.seq, v.at, v.stationId, v.rule, v.ruleName, v.severity, v.message, v.frameSeq, v.messageId, v.action);
    }
    this.pendingMessages = [];
    this.pendingViolations = [];
    this.pendingCount = 0;
    this.answerPending = false;
  }
}

interface RawStation extends Omit<StationRow, 'connected' | 'siteId'> {
  site: string;
  connected: number;
}

interface RawMessage extends Omit<MessageRow, 'payload'> {
  payload: string;
}

function toStation({ site, connected, ...rest }: RawStation): StationRow {
  return { ...rest, siteId: site, connected: connected === 1 };
}

function toMessage(row: RawMessage): MessageRow {
  return { ...row, payload: JSON.parse(row.payload) as unknown };
}

function prepare(db: Db): Statements {
  return {
    upsertStation: db.prepare(
      `INSERT INTO stations (id, site, protocol, vendor, model, firmware, connected, lastSeenAt, bootStatus)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET site = excluded.site, protocol = excluded.protocol, vendor = excluded.vendor,
         model = excluded.model, firmware = excluded.firmware, connected = excluded.connected,
         lastSeenAt = excluded.lastSeenAt, bootStatus = excluded.bootStatus`,
    ),
    updateConnector: db.prepare(
      `UPDATE connectors SET status = ?, errorCode = ?, info = ?, vendorErrorCode = ?, updatedAt = ?
       WHERE stationId = ? AND evseId IS ? AND connectorId = ?`,
    ),
    insertConnector: db.prepare(
      `INSERT INTO connectors (status, errorCode, info, vendorErrorCode, updatedAt, stationId, evseId, connectorId)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    upsertTransaction: db.prepare(
      `INSERT INTO transactions (stationId, transactionId, connectorId, evseId, idTag, authStatus, meterStartWh,
         startedAt, meterStopWh, stoppedAt, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (stationId, transactionId) DO UPDATE SET connectorId = excluded.connectorId, evseId = excluded.evseId,
         idTag = excluded.idTag, authStatus = excluded.authStatus, meterStartWh = excluded.meterStartWh,
         startedAt = excluded.startedAt, meterStopWh = excluded.meterStopWh, stoppedAt = excluded.stoppedAt,
         reason = excluded.reason`,
    ),
    insertMessage: db.prepare(
      `INSERT INTO messages (seq, at, stationId, direction, messageType, messageId, action, payload)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    upsertCounter: db.prepare(
      'INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
    ),
    insertViolation: db.prepare(
      `INSERT INTO violations (seq, at, stationId, rule, ruleName, severity, message, frameSeq, messageId, action)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
}
