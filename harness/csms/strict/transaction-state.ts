/** Whether the CSMS knows a transaction of a station, from memory first and the store only on a miss. */
import type { RuleEnv } from './types.js';

export type TransactionState = 'open' | 'ended' | 'unknown';

export function transactionState(env: RuleEnv, stationId: string, transactionId: string): TransactionState {
  if (env.transactions.get(stationId, transactionId)) return 'open';
  const row = env.store.transaction(stationId, transactionId);
  if (!row) return 'unknown';
  return row.stoppedAt === null ? 'open' : 'ended';
}

/** The transaction id a CALL refers to (1.6 StopTransaction, MeterValues; 2.0.1 TransactionEvent), if any. */
export function referencedTransaction(payload: Record<string, unknown>): string | undefined {
  if (payload.transactionId !== undefined) return String(payload.transactionId);
  const info = payload.transactionInfo as { transactionId?: string } | undefined;
  return info?.transactionId;
}

/**
 * The transaction a station CALL refers to and what the CSMS knows of it; undefined for a call naming none,
 * and for a 2.0.1 Started (which introduces its id rather than referring to one).
 */
export function referencedTransactionState(env: RuleEnv, stationId: string, payload: Record<string, unknown>): { transactionId: string; state: TransactionState } | undefined {
  if (payload.eventType === 'Started') return undefined;
  const transactionId = referencedTransaction(payload);
  return transactionId === undefined ? undefined : { transactionId, state: transactionState(env, stationId, transactionId) };
}
