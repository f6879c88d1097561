/**
 * CD-V006: a 2.0.1 TransactionEvent whose seqNo is lower than one the transaction already sent: seqNo
 * increments with every event of a transaction. An equal seqNo is a retransmission and is left to the
 * other rules. Known for transactions started since the CSMS started.
 */
import type { RuleDefinition } from '../types.js';

export const seqNoBackwards: RuleDefinition = {
  id: 'CD-V006',
  name: 'seqno-backwards',
  severity: 'error',
  phase: 'call',
  protocols: ['ocpp2.0.1'],
  actions: ['TransactionEvent'],
  errorCode: 'PropertyConstraintViolation',
  create: () => {
    const highest = new Map<string, number>();
    return (call, conn) => {
      const { transactionId } = call.payload.transactionInfo as { transactionId: string };
      const seqNo = call.payload.seqNo as number;
      const key = `${conn.session.id}\u0000${transactionId}`;
      const before = highest.get(key);
      if (call.payload.eventType === 'Ended') highest.delete(key);
      else highest.set(key, Math.max(seqNo, before ?? seqNo));
      if (before === undefined || seqNo >= before) return undefined;
      return `transaction ${transactionId}: seqNo ${seqNo} after ${before}`;
    };
  },
};
