/**
 * CD-V003: a CALL about a transaction the CSMS never knew at this station: a 1.6 StopTransaction or
 * MeterValues with a transactionId the CSMS never issued to it, a 2.0.1 TransactionEvent Updated/Ended
 * for a transactionId that never Started.
 */
import { referencedTransactionState } from '../transaction-state.js';
import type { RuleDefinition } from '../types.js';

export const unknownTransaction: RuleDefinition = {
  id: 'CD-V003',
  name: 'unknown-transaction',
  severity: 'error',
  phase: 'call',
  protocols: ['ocpp1.6', 'ocpp2.0.1'],
  actions: ['StopTransaction', 'MeterValues', 'TransactionEvent'],
  errorCode: 'PropertyConstraintViolation',
  create: (env) => (call, conn) => {
    const referenced = referencedTransactionState(env, conn.session.id, call.payload);
    if (referenced?.state !== 'unknown') return undefined;
    const { transactionId } = referenced;
    return conn.session.protocol === 'ocpp1.6'
      ? `transactionId ${transactionId} was never issued to this station`
      : `transactionId ${transactionId} never Started at this station`;
  },
};
