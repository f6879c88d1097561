/**
 * CD-V013: within a transaction, an energy register reading lower than the one before it (MeterValues of
 * a 1.6 transaction, the meter values of 2.0.1 TransactionEvents, the stop reading). A stop reading below
 * the start is left to CD-V012, so one defect is reported once.
 */
import { transactionReadings } from '../readings.js';
import type { RuleDefinition } from '../types.js';
import { startReadingWh } from './meter-stop-before-start.js';

export const meterRegisterBackwards: RuleDefinition = {
  id: 'CD-V013',
  name: 'meter-register-backwards',
  severity: 'error',
  phase: 'call',
  protocols: ['ocpp1.6', 'ocpp2.0.1'],
  actions: ['MeterValues', 'StopTransaction', 'TransactionEvent'],
  errorCode: 'PropertyConstraintViolation',
  create: (env) => (call, conn) => {
    const { id, protocol } = conn.session;
    const tx = transactionReadings(protocol, call);
    if (!tx) return undefined;
    const startWh = tx.stage === 'start' ? undefined : startReadingWh(env, id, protocol, tx.transactionId);
    let previous = tx.stage === 'start' ? undefined : (env.readings.get(id, tx.transactionId)?.lastWh ?? startWh);
    const readings = tx.stopWh !== undefined && protocol === 'ocpp1.6' ? [...tx.readingsWh, tx.stopWh] : tx.readingsWh;
    for (const [i, wh] of readings.entries()) {
      const isStop = tx.stage === 'end' && i === readings.length - 1;
      if (isStop && startWh !== undefined && wh < startWh) return undefined;
      if (previous !== undefined && wh < previous) {
        return `transaction ${tx.transactionId}: register ${wh} Wh after ${previous} Wh`;
      }
      previous = wh;
    }
    return undefined;
  },
};
