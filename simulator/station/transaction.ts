/** A charging transaction as the station keeps it, and the reasons one can stop for. */
import type { StopReason16, StoppedReason201 } from '../vocabulary/stop-reasons.js';
import type { IdTokenType } from '../protocol/id-tokens.js';

/**
 * Why a transaction stopped, in the station's own words: every 1.6 reason plus the 2.0.1-only ones a
 * fault needs. Each dialect maps it to what its version can say.
 */
export type StationStopReason =
  | StopReason16
  | Extract<StoppedReason201, 'GroundFault' | 'OvercurrentFault' | 'ImmediateReset' | 'EnergyLimitReached' | 'TimeLimitReached' | 'StoppedByEV' | 'Timeout'>;

export interface Transaction {
  /** Station-generated id: the 2.0.1 transactionId; in 1.6 only a local handle until the CSMS assigns one. */
  readonly localId: string;
  /** 1.6: the id the CSMS assigned in its StartTransaction answer, once known. */
  csmsId?: number;
  readonly connectorId: number;
  readonly idTag: string;
  /** 2.0.1: the type the token came with, kept for every message of the session that carries it. */
  readonly idTokenType: IdTokenType;
  readonly startedAtMs: number;
  readonly meterStartWh: number;
  meterStopWh?: number;
  /** 2.0.1: the next TransactionEvent seqNo. */
  seqNo: number;
  /** 2.0.1 RequestStartTransaction correlation id; also marks a remotely started transaction in 1.6. */
  remoteStartId?: number;
  remoteStarted: boolean;
  /** The reservation this transaction fulfils (1.6 StartTransaction / 2.0.1 TransactionEvent Started reservationId). */
  reservationId?: number;
  /** A charging profile's limit of 0 holds the energy back (SuspendedEVSE). */
  evseSuspended?: boolean;
  stopReason?: StationStopReason;
  /** The CSMS's refusal of the token in its StartTransaction / TransactionEvent answer (Blocked, Invalid, ...). */
  refusedStatus?: string;
}

/** The id shown to callers and matched by RemoteStop: the CSMS id in 1.6 once known, else the local one. */
export function transactionId(tx: Transaction): string {
  return tx.csmsId !== undefined ? String(tx.csmsId) : tx.localId;
}

/** A UUID v4-shaped id from a seeded random source, so the same seed gives the same transaction ids. */
export function seededUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((Math.floor(random() * 4) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
