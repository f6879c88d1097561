import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DDL } from '../../../harness/csms/store-schema.js';
import { checkDelivery, deliveryFailures } from '../../../harness/load/delivery-check.js';
import { DeliveryLog, type SentMessage } from '../../../harness/load/delivery-log.js';

/** A CSMS store with a 1.6 station (S16) and a 2.0.1 station (S201), each with one finished transaction. */
interface Frame {
  stationId: string;
  messageId: string;
  action: string;
  payload: Record<string, unknown>;
}

const start16 = { connectorId: 1, idTag: 'TAG1', meterStart: 100, timestamp: '2026-01-01T10:00:00.000Z' };
const meter16 = { connectorId: 1, transactionId: 7, meterValue: [{ timestamp: '2026-01-01T10:01:00.000Z', sampledValue: [{ value: '150' }] }] };
const stop16 = { transactionId: 7, idTag: 'TAG1', meterStop: 200, timestamp: '2026-01-01T10:02:00.000Z' };
const event = (seqNo: number, eventType: string) => ({ eventType, timestamp: `2026-01-01T10:0${seqNo}:00.000Z`, triggerReason: 'Authorized', seqNo, transactionInfo: { transactionId: 'tx-a' } });

function frames(): Frame[] {
  return [
    { stationId: 'S16', messageId: 'a.1', action: 'StartTransaction', payload: start16 },
    { stationId: 'S16', messageId: 'a.2', action: 'MeterValues', payload: meter16 },
    { stationId: 'S16', messageId: 'a.3', action: 'StopTransaction', payload: stop16 },
    { stationId: 'S201', messageId: 'b.1', action: 'TransactionEvent', payload: event(0, 'Started') },
    { stationId: 'S201', messageId: 'b.2', action: 'TransactionEvent', payload: event(1, 'Updated') },
    { stationId: 'S201', messageId: 'b.3', action: 'TransactionEvent', payload: event(2, 'Ended') },
  ];
}

/** What the stations' log holds when they sent `sent` (in order), built through the log's own frame reader. */
function logOf(sent: Frame[]): Map<string, SentMessage[]> {
  const log = new DeliveryLog();
  for (const f of sent) log.frameOut(f.stationId, JSON.stringify([2, f.messageId, f.action, f.payload]));
  return log.sent;
}

describe('delivery check against the CSMS store', () => {
  let dir: string;
  let dbPath: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'chargedrill-delivery-'));
    dbPath = join(dir, 'csms.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function store(stored: Frame[], transactions: { stationId: string; transactionId: string; stopped: boolean }[] = finished()): void {
    const db = new Database(dbPath);
    db.exec(DDL);
    const insert = db.prepare('INSERT INTO messages (seq, at, stationId, direction, messageType, messageId, action, payload) VALUES (?, ?, ?, ?, 2, ?, ?, ?)');
    stored.forEach((f, i) => insert.run(i + 1, 1_000 + i, f.stationId, 'in', f.messageId, f.action, JSON.stringify(f.payload)));
    // Answers are logged too; the check reads inbound CALLs only.
    db.prepare("INSERT INTO messages (seq, at, stationId, direction, messageType, messageId, action, payload) VALUES (0, 0, 'S16', 'out', 3, 'a.1', 'StartTransaction', '{}')").run();
    const tx = db.prepare(
      'INSERT INTO transactions (stationId, transactionId, connectorId, evseId, idTag, authStatus, meterStartWh, startedAt, meterStopWh, stoppedAt, reason) VALUES (?, ?, 1, NULL, ?, ?, 0, 0, ?, ?, ?)',
    );
    for (const t of transactions) tx.run(t.stationId, t.transactionId, 'TAG1', 'Accepted', t.stopped ? 1 : null, t.stopped ? 1 : null, t.stopped ? 'Local' : null);
    db.close();
  }

  function finished() {
    return [
      { stationId: 'S16', transactionId: '7', stopped: true },
      { stationId: 'S201', transactionId: 'tx-a', stopped: true },
    ];
  }

  it('finds nothing wrong when every message is stored once, in order, and every transaction ended', () => {
    store(frames());
    const check = checkDelivery(dbPath, logOf(frames()));
    expect(check).toEqual({ checked: 6, missing: 0, duplicated: 0, outOfOrder: 0, openTransactions: 0, findings: [] });
    expect(deliveryFailures(check)).toEqual([]);
  });

  it('takes a retry under the same message id, stored twice, as one message', () => {
    const all = frames();
    // The CSMS logged StopTransaction, died before answering, and the station sent it again under its id.
    store([...all.slice(0, 3), all[2] as Frame, ...all.slice(3)]);
    const sent = [...all.slice(0, 3), all[2] as Frame, ...all.slice(3)];
    const log = logOf(sent);
    expect(log.get('S16')?.find((m) => m.messageId === 'a.3')?.attempts).toBe(2);
    expect(checkDelivery(dbPath, log)).toMatchObject({ checked: 6, missing: 0, duplicated: 0, outOfOrder: 0 });
  });

  it('counts a message the store lacks as missing', () => {
    const all = frames();
    store(all.filter((f) => f.messageId !== 'a.2'));
    const check = checkDelivery(dbPath, logOf(all));
    expect(check).toMatchObject({ checked: 6, missing: 1, duplicated: 0, outOfOrder: 0, openTransactions: 0 });
    expect(check.findings).toEqual(["missing: S16 MeterValues a.2 is not in the CSMS's message log"]);
    expect(deliveryFailures(check)).toEqual(["delivery: 1 of 6 transaction messages are missing from the CSMS's store"]);
  });

  it('counts the same message stored under a second message id as duplicated', () => {
    const all = frames();
    const copy: Frame = { ...(all[1] as Frame), messageId: 'a.9' };
    store([...all.slice(0, 2), copy, ...all.slice(2)]);
    const check = checkDelivery(dbPath, logOf(all));
    expect(check).toMatchObject({ missing: 0, duplicated: 1, outOfOrder: 0 });
    expect(check.findings[0]).toMatch(/^duplicated: S16 MeterValues .* is stored under 2 message ids \(a\.2, a\.9\)$/);
  });

  it('counts a transaction opened twice for one start as duplicated', () => {
    store(frames(), [...finished(), { stationId: 'S16', transactionId: '8', stopped: true }]);
    const check = checkDelivery(dbPath, logOf(frames()));
    expect(check).toMatchObject({ duplicated: 1, openTransactions: 0 });
    expect(check.findings).toEqual(['duplicated: S16 has 2 transactions in the CSMS for 1 starts it sent']);
  });

  it('counts messages stored in another order than sent, and a 2.0.1 seqNo that does not go up by one', () => {
    const all = frames();
    // 1.6: the MeterValues stored after the StopTransaction the station sent later.
    store([all[0], all[2], all[1], ...all.slice(3)] as Frame[]);
    const reordered = checkDelivery(dbPath, logOf(all));
    expect(reordered).toMatchObject({ missing: 0, duplicated: 0, outOfOrder: 1 });
    expect(reordered.findings).toEqual(['out of order: S16 StopTransaction a.3 was stored before a.2, which the station sent earlier']);

    rmSync(dbPath);
    // 2.0.1: the station skipped seqNo 1 (Started 0, then Ended 2).
    const skipped = all.filter((f) => f.messageId !== 'b.2');
    store(skipped);
    const gap = checkDelivery(dbPath, logOf(skipped));
    expect(gap).toMatchObject({ missing: 0, outOfOrder: 1 });
    expect(gap.findings).toEqual(['out of order: S201 transaction tx-a seqNo 2 follows 0']);
  });

  it('counts transactions left open and says which', () => {
    store(frames(), [{ stationId: 'S16', transactionId: '7', stopped: false }, { stationId: 'S201', transactionId: 'tx-a', stopped: true }]);
    const check = checkDelivery(dbPath, logOf(frames()));
    expect(check).toMatchObject({ missing: 0, duplicated: 0, outOfOrder: 0, openTransactions: 1 });
    expect(check.findings).toEqual(['open transaction: S16 7 has no stop in the CSMS']);
    expect(deliveryFailures(check)).toEqual(['delivery: 1 transactions are still open in the CSMS after every session ended']);
  });

  it('keeps only transaction messages in the stations\' log', () => {
    const log = new DeliveryLog();
    log.frameOut('S16', JSON.stringify([2, 'x.1', 'Heartbeat', {}]));
    log.frameOut('S16', JSON.stringify([3, 'y.1', {}]));
    log.frameOut('S201', JSON.stringify([2, 'x.2', 'TransactionEvent', event(4, 'Updated')]));
    expect([...log.sent.entries()]).toEqual([['S201', [{ messageId: 'x.2', action: 'TransactionEvent', transactionId: 'tx-a', seqNo: 4, attempts: 1 }]]]);
  });
});
