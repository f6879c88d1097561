/**
 * Energy register readings of running transactions, as the meter rules compare them: the first and the last
 * reading the station reported for each transaction. Only the total active import register counts (no
 * `phase`: a per-phase register is lower than the total and would look like the meter going backwards).
 */
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import type { InboundCall } from './inbound-call.js';

const REGISTER = 'Energy.Active.Import.Register';

interface SampledValue {
  value?: unknown;
  measurand?: unknown;
  phase?: unknown;
  /** 1.6 */
  unit?: unknown;
  /** 2.0.1 */
  unitOfMeasure?: { unit?: unknown; multiplier?: unknown };
}

interface MeterValue {
  sampledValue?: SampledValue[];
}

/** Wh readings of the total import register in `meterValues`, in the order sent. */
export function registerReadingsWh(meterValues: unknown): number[] {
  if (!Array.isArray(meterValues)) return [];
  const out: number[] = [];
  for (const mv of meterValues as MeterValue[]) {
    for (const sv of mv.sampledValue ?? []) {
      // An absent measurand means the register (both versions' default).
      if ((sv.measurand ?? REGISTER) !== REGISTER || sv.phase !== undefined) continue;
      const raw = Number(sv.value);
      if (!Number.isFinite(raw)) continue;
      const unit = sv.unit ?? sv.unitOfMeasure?.unit ?? 'Wh';
      const multiplier = typeof sv.unitOfMeasure?.multiplier === 'number' ? sv.unitOfMeasure.multiplier : 0;
      out.push(raw * (unit === 'kWh' ? 1000 : 1) * 10 ** multiplier);
    }
  }
  return out;
}

/** The readings one CALL reports for one transaction. */
export interface TransactionReadings {
  transactionId: string;
  stage: 'start' | 'update' | 'end';
  readingsWh: number[];
  /** The reading the transaction ended with (1.6 meterStop; the last register reading of a 2.0.1 Ended). */
  stopWh?: number;
}

/** Reads what `call` says about a transaction's register; undefined if it is not about one. */
export function transactionReadings(protocol: OcppProtocol, call: InboundCall): TransactionReadings | undefined {
  const p = call.payload;
  if (protocol === 'ocpp1.6') {
    if (call.action === 'MeterValues' && p.transactionId !== undefined) {
      return { transactionId: String(p.transactionId), stage: 'update', readingsWh: registerReadingsWh(p.meterValue) };
    }
    if (call.action === 'StopTransaction') {
      return { transactionId: String(p.transactionId), stage: 'end', readingsWh: [], stopWh: Number(p.meterStop) };
    }
    return undefined;
  }
  if (call.action !== 'TransactionEvent') return undefined;
  const info = p.transactionInfo as { transactionId: string };
  const readingsWh = registerReadingsWh(p.meterValue);
  const stage = p.eventType === 'Started' ? 'start' : p.eventType === 'Ended' ? 'end' : 'update';
  return { transactionId: info.transactionId, stage, readingsWh, ...(stage === 'end' && readingsWh.length > 0 && { stopWh: readingsWh.at(-1) }) };
}

interface Ledger {
  /** First register reading of the transaction (2.0.1 Started; 1.6 meterStart is on the transaction row). */
  startWh?: number;
  lastWh?: number;
}

export class ReadingLedger {
  private readonly byTransaction = new Map<string, Ledger>();

  get(stationId: string, transactionId: string): Readonly<Ledger> | undefined {
    return this.byTransaction.get(key(stationId, transactionId));
  }

  /** Records a CALL's readings after the rules have compared them with what came before. */
  observe(stationId: string, tx: TransactionReadings): void {
    const k = key(stationId, tx.transactionId);
    if (tx.stage === 'end') {
      this.byTransaction.delete(k);
      return;
    }
    if (tx.readingsWh.length === 0) return;
    const ledger = tx.stage === 'start' ? {} : (this.byTransaction.get(k) ?? {});
    if (tx.stage === 'start') ledger.startWh = tx.readingsWh[0];
    ledger.lastWh = tx.readingsWh.at(-1);
    this.byTransaction.set(k, ledger);
  }
}

function key(stationId: string, transactionId: string): string {
  return `${stationId}\u0000${transactionId}`;
}
