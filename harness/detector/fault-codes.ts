/**
 * Which fault a station reports, in both protocol versions. 1.6 says it in the StatusNotification
 * errorCode; 2.0.1 has no errorCode there and says it in NotifyEvent (techCode, actualValue or the
 * device-model component) or in TransactionEvent stoppedReason. Everything is mapped to the 1.6 code so the
 * playbook has one vocabulary (GroundFailure → RCD module, ReaderFailure → RFID reader, ...). Safety and
 * meter codes get their own issue types; any other 1.6 code is 'generic' and is carried by connector-faulted.
 */

export type FaultKind = 'safety' | 'power-meter' | 'generic';

const SAFETY_ERROR_CODES: ReadonlySet<string> = new Set(['GroundFailure', 'HighTemperature', 'OverCurrentFailure', 'OverVoltage', 'UnderVoltage']);

/**
 * Every 1.6 ChargePointErrorCode but NoError. A 2.0.1 NotifyEvent naming one of these (techCode or
 * actualValue) reports that fault, so e.g. ReaderFailure / ConnectorLockFailure reach the playbook's
 * per-code ladders as they do from a 1.6 StatusNotification.
 */
export const CHARGE_POINT_ERROR_CODES: ReadonlySet<string> = new Set([
  'ConnectorLockFailure',
  'EVCommunicationError',
  'GroundFailure',
  'HighTemperature',
  'InternalError',
  'LocalListConflict',
  'OtherError',
  'OverCurrentFailure',
  'PowerMeterFailure',
  'PowerSwitchFailure',
  'ReaderFailure',
  'ResetFailure',
  'UnderVoltage',
  'OverVoltage',
  'WeakSignal',
]);

export function faultKindOf(errorCode: string): FaultKind {
  if (SAFETY_ERROR_CODES.has(errorCode)) return 'safety';
  if (errorCode === 'PowerMeterFailure') return 'power-meter';
  return 'generic';
}

/** 2.0.1 stoppedReason values that are safety faults, with the 1.6 code they correspond to. */
export const SAFETY_STOPPED_REASONS: Readonly<Record<string, string>> = { GroundFault: 'GroundFailure', OvercurrentFault: 'OverCurrentFailure' };
