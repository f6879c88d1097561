/**
 * OCPP 1.6 ChargePointErrorCode, the one fault vocabulary both versions are mapped to (2.0.1 has no
 * error code in StatusNotification; docs/domain.md §3), and which codes are safety faults.
 */
import type { StatusNotificationRequest } from '../protocol/generated/ocpp16.js';
import type { StoppedReason201 } from './stop-reasons.js';

/** 1.6 ChargePointErrorCode (NoError included). */
export type ChargePointErrorCode = StatusNotificationRequest['errorCode'];

export const CHARGE_POINT_ERROR_CODES = [
  'ConnectorLockFailure',
  'EVCommunicationError',
  'GroundFailure',
  'HighTemperature',
  'InternalError',
  'LocalListConflict',
  'NoError',
  'OtherError',
  'OverCurrentFailure',
  'PowerMeterFailure',
  'PowerSwitchFailure',
  'ReaderFailure',
  'ResetFailure',
  'UnderVoltage',
  'OverVoltage',
  'WeakSignal',
] as const satisfies readonly ChargePointErrorCode[];

/** Every 1.6 code that reports a fault: all but NoError. */
export const FAULT_ERROR_CODES: readonly Exclude<ChargePointErrorCode, 'NoError'>[] = CHARGE_POINT_ERROR_CODES.filter(
  (code): code is Exclude<ChargePointErrorCode, 'NoError'> => code !== 'NoError',
);

/** Codes of faults that are a hazard: field engineering at once, never a remote reset (docs/domain.md §3). */
export const SAFETY_ERROR_CODES: ReadonlySet<string> = new Set<ChargePointErrorCode>(['GroundFailure', 'HighTemperature', 'OverCurrentFailure', 'OverVoltage', 'UnderVoltage']);

const SAFETY_STOPPED = { GroundFault: 'GroundFailure', OvercurrentFault: 'OverCurrentFailure' } as const satisfies Partial<Record<StoppedReason201, ChargePointErrorCode>>;

/** 2.0.1 stoppedReason values that are safety faults, with the 1.6 code they correspond to. */
export const SAFETY_STOPPED_REASONS: Readonly<Record<string, ChargePointErrorCode>> = SAFETY_STOPPED;

/** The stoppedReason of a transaction a fault with `errorCode` ended: its safety reason, else Other. */
export function stoppedReasonOfFault(errorCode: ChargePointErrorCode): keyof typeof SAFETY_STOPPED | 'Other' {
  for (const [reason, code] of Object.entries(SAFETY_STOPPED)) if (code === errorCode) return reason as keyof typeof SAFETY_STOPPED;
  return 'Other';
}

/** How the desk treats a reported fault: safety and meter faults get issue types of their own, the rest are generic. */
export type FaultClass = 'safety' | 'power-meter' | 'generic';

export function faultClassOf(errorCode: string): FaultClass {
  if (SAFETY_ERROR_CODES.has(errorCode)) return 'safety';
  if (errorCode === 'PowerMeterFailure') return 'power-meter';
  return 'generic';
}
