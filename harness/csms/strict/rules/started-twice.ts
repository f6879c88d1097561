/**
 * CD-V005: a 2.0.1 TransactionEvent Started for a transactionId this station has already started. A
 * Started sent again because its answer was lost counts too: the CSMS processed it once.
 */
import { transactionState } from '../transaction-state.js';
import type { RuleDefinition } from '../types.js';

export const startedTwice: RuleDefinition = {
  id: 'CD-V005',
  name: 'transaction-started-twice',
  severity: 'error',
  phase: 'call',
  protocols: ['ocpp2.0.1'],
  actions: ['TransactionEvent'],
  errorCode: 'PropertyConstraintViolation',
  create: (env) => (call, conn) => {
    if (call.payload.eventType !== 'Started') return undefined;
    const { transactionId } = call.payload.transactionInfo as { transactionId: string };
    const state = transactionState(env, conn.session.id, transactionId);
    return state === 'unknown' ? undefined : `transaction ${transactionId} was already Started (${state})`;
  },
};
