/**
 * Holds what the stations sent (delivery-log.ts) against what the CSMS stored (its SQLite file: the message log and
 * the transactions table, harness/csms/store-schema.ts), after the run, the CSMS closed:
 *
 * - missing: a transaction message a station sent that no inbound CALL in the log carries (by station and message
 *   id; a retry reuses its message id, so the CSMS recognises it however often it arrived);
 * - duplicated: the same message stored under two message ids of one station (the same 2.0.1 transactionId and
 *   seqNo, or the same 1.6 start, meter reading or stop), or a transaction opened more than once (more
 *   transaction rows for a station than the starts it sent);
 * - out of order: a message stored before one its station sent earlier, and 2.0.1 seqNos of a transaction that do
 *   not go up by one in the order sent and stored (1.6 keeps StartTransaction, MeterValues, StopTransaction in
 *   station order, which the first rule checks);
 * - open transactions: rows without a stop after every session ended.
 */
import Database from 'better-sqlite3';
import { TRANSACTION_MESSAGE_ACTIONS } from '../../simulator/vocabulary/transaction-messages.js';
import type { SentMessage } from './delivery-log.js';
import type { DeliveryCheck } from './result.js';

/** Examples kept per kind of finding. */
const EXAMPLES = 5;

interface StoredCall {
  /** Position in the log (insertion order survives restarts). */
  position: number;
  messageId: string;
  action: string;
  identity: string;
}

export function checkDelivery(dbPath: string, sent: ReadonlyMap<string, readonly SentMessage[]>): DeliveryCheck {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return judge(readStore(db), sent);
  } finally {
    db.close();
  }
}

interface StoreView {
  calls: Map<string, StoredCall[]>;
  transactionRows: Map<string, number>;
  open: { stationId: string; transactionId: string }[];
}

function readStore(db: Database.Database): StoreView {
  const actions = [...TRANSACTION_MESSAGE_ACTIONS];
  const rows = db
    .prepare(`SELECT rowid AS position, stationId, messageId, action, payload FROM messages WHERE direction = 'in' AND messageType = 2 AND action IN (${actions.map(() => '?').join(', ')}) ORDER BY rowid`)
    .all(...actions) as { position: number; stationId: string; messageId: string; action: string; payload: string }[];
  const calls = new Map<string, StoredCall[]>();
  for (const row of rows) {
    let list = calls.get(row.stationId);
    if (list === undefined) calls.set(row.stationId, (list = []));
    list.push({ position: row.position, messageId: row.messageId, action: row.action, identity: identityOf(row.action, JSON.parse(row.payload) as Record<string, unknown>) });
  }
  const transactionRows = new Map<string, number>();
  for (const row of db.prepare('SELECT stationId, COUNT(*) AS n FROM transactions GROUP BY stationId').all() as { stationId: string; n: number }[]) {
    transactionRows.set(row.stationId, row.n);
  }
  const open = db.prepare('SELECT stationId, transactionId FROM transactions WHERE stoppedAt IS NULL ORDER BY stationId, transactionId').all() as StoreView['open'];
  return { calls, transactionRows, open };
}

/** What makes a message the same message whatever its message id. */
function identityOf(action: string, p: Record<string, unknown>): string {
  switch (action) {
    case 'TransactionEvent':
      return `${action} ${String((p.transactionInfo as { transactionId?: unknown } | undefined)?.transactionId)} #${String(p.seqNo)}`;
    case 'StartTransaction':
      return `${action} ${String(p.connectorId)} ${String(p.idTag)} ${String(p.timestamp)}`;
    case 'StopTransaction':
      return `${action} ${String(p.transactionId)} ${String(p.timestamp)}`;
    default: {
      const first = (p.meterValue as { timestamp?: unknown }[] | undefined)?.[0];
      return `${action} ${String(p.connectorId)} ${String(p.transactionId)} ${String(first?.timestamp)}`;
    }
  }
}

export function judge(store: StoreView, sent: ReadonlyMap<string, readonly SentMessage[]>): DeliveryCheck {
  const result: DeliveryCheck = { checked: 0, missing: 0, duplicated: 0, outOfOrder: 0, openTransactions: store.open.length, findings: [] };
  const examples = { missing: 0, duplicated: 0, outOfOrder: 0 };
  const note = (kind: keyof typeof examples, line: string) => {
    if (examples[kind]++ < EXAMPLES) result.findings.push(line);
  };
  for (const [stationId, messages] of sent) {
    const stored = store.calls.get(stationId) ?? [];
    const firstAt = new Map<string, number>();
    const idsOf = new Map<string, Set<string>>();
    for (const call of stored) {
      if (!firstAt.has(call.messageId)) firstAt.set(call.messageId, call.position);
      let ids = idsOf.get(call.identity);
      if (ids === undefined) idsOf.set(call.identity, (ids = new Set()));
      ids.add(call.messageId);
    }
    let latest = -Infinity;
    let latestId = '';
    const seqNos = new Map<string, number>();
    let starts = 0;
    for (const message of messages) {
      result.checked++;
      if (message.action === 'StartTransaction' || (message.action === 'TransactionEvent' && message.seqNo === 0)) starts++;
      const at = firstAt.get(message.messageId);
      if (at === undefined) {
        result.missing++;
        note('missing', `missing: ${stationId} ${message.action} ${message.messageId} is not in the CSMS's message log`);
        continue;
      }
      if (at < latest) {
        result.outOfOrder++;
        note('outOfOrder', `out of order: ${stationId} ${message.action} ${message.messageId} was stored before ${latestId}, which the station sent earlier`);
      } else {
        latest = at;
        latestId = message.messageId;
      }
      if (message.transactionId !== undefined && message.seqNo !== undefined) {
        const previous = seqNos.get(message.transactionId);
        if (previous !== undefined && message.seqNo !== previous + 1) {
          result.outOfOrder++;
          note('outOfOrder', `out of order: ${stationId} transaction ${message.transactionId} seqNo ${message.seqNo} follows ${previous}`);
        }
        seqNos.set(message.transactionId, message.seqNo);
      }
    }
    for (const [identity, ids] of idsOf) {
      if (ids.size < 2) continue;
      result.duplicated += ids.size - 1;
      note('duplicated', `duplicated: ${stationId} ${identity} is stored under ${ids.size} message ids (${[...ids].join(', ')})`);
    }
    const rows = store.transactionRows.get(stationId) ?? 0;
    if (rows > starts) {
      result.duplicated += rows - starts;
      note('duplicated', `duplicated: ${stationId} has ${rows} transactions in the CSMS for ${starts} starts it sent`);
    }
  }
  for (const open of store.open.slice(0, EXAMPLES)) result.findings.push(`open transaction: ${open.stationId} ${open.transactionId} has no stop in the CSMS`);
  return result;
}

/** The run's failure lines of a delivery check: one per kind of problem found. */
export function deliveryFailures(check: DeliveryCheck): string[] {
  const failures: string[] = [];
  const of = `of ${check.checked} transaction messages`;
  if (check.missing > 0) failures.push(`delivery: ${check.missing} ${of} are missing from the CSMS's store`);
  if (check.duplicated > 0) failures.push(`delivery: ${check.duplicated} transaction messages or transactions are duplicated in the CSMS's store`);
  if (check.outOfOrder > 0) failures.push(`delivery: ${check.outOfOrder} ${of} were stored out of order`);
  if (check.openTransactions > 0) failures.push(`delivery: ${check.openTransactions} transactions are still open in the CSMS after every session ended`);
  return failures;
}
