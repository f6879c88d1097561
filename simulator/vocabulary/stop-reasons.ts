/** Why a transaction stopped: 1.6 StopTransaction reason and 2.0.1 TransactionEvent stoppedReason (docs/domain.md §2). */
import type { StopTransactionRequest } from '../protocol/generated/ocpp16.js';
import type { ReasonEnumType } from '../protocol/generated/ocpp201.js';

/** 1.6 Reason. */
export type StopReason16 = NonNullable<StopTransactionRequest['reason']>;

export const STOP_REASONS_16 = [
  'EmergencyStop',
  'EVDisconnected',
  'HardReset',
  'Local',
  'Other',
  'PowerLoss',
  'Reboot',
  'Remote',
  'SoftReset',
  'UnlockCommand',
  'DeAuthorized',
] as const satisfies readonly StopReason16[];

/** 2.0.1 ReasonEnumType, sent as transactionInfo.stoppedReason. */
export type StoppedReason201 = ReasonEnumType;

export const STOPPED_REASONS_201 = [
  'DeAuthorized',
  'EmergencyStop',
  'EnergyLimitReached',
  'EVDisconnected',
  'GroundFault',
  'ImmediateReset',
  'Local',
  'LocalOutOfCredit',
  'MasterPass',
  'Other',
  'OvercurrentFault',
  'PowerLoss',
  'PowerQuality',
  'Reboot',
  'Remote',
  'SOCLimitReached',
  'StoppedByEV',
  'TimeLimitReached',
  'Timeout',
] as const satisfies readonly StoppedReason201[];

export function isStopReason16(reason: string): reason is StopReason16 {
  return (STOP_REASONS_16 as readonly string[]).includes(reason);
}

export function isStoppedReason201(reason: string): reason is StoppedReason201 {
  return (STOPPED_REASONS_201 as readonly string[]).includes(reason);
}
