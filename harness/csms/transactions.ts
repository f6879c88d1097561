/**
 * Running transactions, in memory for the hot path (ConcurrentTx needs "who holds this token now")
 * and written through to the store. 1.6 transaction ids come from a counter persisted in SQLite,
 * so they stay unique across CSMS restarts on a file database.
 */
import type { TransactionIdSpace } from './options.js';
import type { Store } from './store.js';
import type { TransactionRow } from './store-schema.js';

const COUNTER = 'transactionId';

export class Transactions {
  private nextId: number;
  private readonly open = new Map<string, TransactionRow>();
  /** Accepted running transactions by token: a refused start does not hold its token. */
  private readonly byToken = new Map<string, TransactionRow>();
  /** 2.0.1 energy register readings of running transactions (in memory only): a station may leave them out of Started or Ended. */
  private readonly registers = new Map<string, { startSeen: boolean; lastWh?: number }>();

  constructor(
    private readonly store: Store,
    private readonly idSpace: TransactionIdSpace = { index: 0, count: 1 },
  ) {
    // The first id after the last one handed out that is this CSMS's own (index + 1 modulo count).
    const after = store.counter(COUNTER) + 1;
    const { index, count } = idSpace;
    this.nextId = after + ((((index + 1 - after) % count) + count) % count);
    for (const row of store.openTransactions()) this.track(row);
  }

  /** A fresh 1.6 transaction id: unique across restarts, and across the workers of one port. */
  allocateId(): number {
    const id = this.nextId;
    this.nextId += this.idSpace.count;
    this.store.setCounter(COUNTER, id);
    return id;
  }

  /** The running, accepted transaction holding `idTag`, if any. */
  holding(idTag: string): TransactionRow | undefined {
    return this.byToken.get(idTag);
  }

  get(stationId: string, transactionId: string): TransactionRow | undefined {
    return this.open.get(key(stationId, transactionId));
  }

  start(row: TransactionRow): void {
    this.track(row);
    this.store.saveTransaction(row);
  }

  /** A 2.0.1 TransactionEvent's energy register reading (undefined: it carried none). The first one is the start if Started had none. */
  noteRegister(row: TransactionRow, wh: number | undefined, started = false): void {
    const k = key(row.stationId, row.transactionId);
    const seen = this.registers.get(k) ?? { startSeen: false };
    this.registers.set(k, seen);
    if (wh === undefined) return;
    if (!seen.startSeen && !started) row.meterStartWh = wh;
    seen.startSeen = true;
    seen.lastWh = wh;
  }

  /** The last register reading noted for the transaction; undefined when none was. */
  lastRegisterWh(stationId: string, transactionId: string): number | undefined {
    return this.registers.get(key(stationId, transactionId))?.lastWh;
  }

  /** Records that the transaction's token was accepted later (2.0.1 authorizes after Started). */
  authorize(row: TransactionRow, idTag: string, authStatus: string): void {
    row.idTag = idTag;
    row.authStatus = authStatus;
    if (authStatus === 'Accepted') this.byToken.set(idTag, row);
    this.store.saveTransaction(row);
  }

  /** Ends a transaction; returns its row, or undefined if it was unknown (e.g. started before a restart on ':memory:'). */
  end(stationId: string, transactionId: string, stop: { meterStopWh: number; stoppedAt: number; reason: string }): TransactionRow | undefined {
    const k = key(stationId, transactionId);
    const row = this.open.get(k);
    if (!row) return undefined;
    this.open.delete(k);
    this.registers.delete(k);
    if (this.byToken.get(row.idTag) === row) this.byToken.delete(row.idTag);
    Object.assign(row, stop);
    this.store.saveTransaction(row);
    return row;
  }

  private track(row: TransactionRow): void {
    this.open.set(key(row.stationId, row.transactionId), row);
    if (row.authStatus === 'Accepted' && row.idTag !== '') this.byToken.set(row.idTag, row);
  }
}

function key(stationId: string, transactionId: string): string {
  return `${stationId}\u0000${transactionId}`;
}
