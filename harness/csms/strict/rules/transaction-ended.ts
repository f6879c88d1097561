/**
 * CD-V004: a CALL about a transaction that has already ended: a 1.6 StopTransaction or MeterValues for a
 * stopped transaction, a 2.0.1 TransactionEvent Updated/Ended after its Ended.
 */
import { referencedTransactionState } from '../transaction-state.js';
import type { RuleDefinition } from '../types.js';

export const transactionEnded: RuleDefinition = {
  id: 'CD-V004',
  name: 'transaction-already-ended',
  severity: 'error',
  phase: 'call',
  protocols: ['ocpp1.6', 'ocpp2.0.1'],
  actions: ['StopTransaction', 'MeterValues', 'TransactionEvent'],
  errorCode: 'PropertyConstraintViolation',
  create: (env) => (call, conn) => {
    const referenced = referencedTransactionState(env, conn.session.id, call.payload);
    if (referenced?.state !== 'ended') return undefined;
    const { transactionId } = referenced;
    return `transaction ${transactionId} has already ended`;
  },
};
