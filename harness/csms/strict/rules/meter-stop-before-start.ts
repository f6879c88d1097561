/**
 * CD-V012: a transaction ends with a lower register reading than it started with: 1.6 meterStop below
 * the StartTransaction's meterStart, or a 2.0.1 Ended event's register below the Started event's.
 */
import { transactionReadings } from '../readings.js';
import type { RuleDefinition, RuleEnv } from '../types.js';

/** The reading a transaction started with, if the CSMS knows it. */
export function startReadingWh(env: RuleEnv, stationId: string, protocol: string, transactionId: string): number | undefined {
  if (protocol === 'ocpp1.6') return env.transactions.get(stationId, transactionId)?.meterStartWh;
  return env.readings.get(stationId, transactionId)?.startWh;
}

export const meterStopBeforeStart: RuleDefinition = {
  id: 'CD-V012',
  name: 'meter-stop-before-start',
  severity: 'error',
  phase: 'call',
  protocols: ['ocpp1.6', 'ocpp2.0.1'],
  actions: ['StopTransaction', 'TransactionEvent'],
  errorCode: 'PropertyConstraintViolation',
  create: (env) => (call, conn) => {
    const { id, protocol } = conn.session;
    const tx = transactionReadings(protocol, call);
    if (tx?.stopWh === undefined) return undefined;
    const startWh = startReadingWh(env, id, protocol, tx.transactionId);
    if (startWh === undefined || tx.stopWh >= startWh) return undefined;
    return `transaction ${tx.transactionId} ends at ${tx.stopWh} Wh, below its start of ${startWh} Wh`;
  },
};
