/**
 * The part (or kind of visit) a technician needs, by 1.6 error code (docs/domain.md §5) or, without one,
 * by issue type (the issue catalogue's `part`).
 */
import type { Issue } from '../detector/types.js';
import { ISSUE_TYPES } from '../issues/catalogue.js';

export const PART_BY_ERROR_CODE: Readonly<Record<string, string>> = {
  GroundFailure: 'RCD / ground-fault module',
  PowerMeterFailure: 'energy meter',
  ConnectorLockFailure: 'lock actuator',
  ReaderFailure: 'RFID reader',
  HighTemperature: 'thermal inspection / cooling',
  OverCurrentFailure: 'power electronics inspection',
  OverVoltage: 'power electronics inspection',
  UnderVoltage: 'power electronics inspection',
};

export function errorCodeOf(issue: Issue): string | undefined {
  const code = issue.details['errorCode'];
  return typeof code === 'string' ? code : undefined;
}

export function partFor(issue: Issue): string {
  const code = errorCodeOf(issue);
  return (code !== undefined ? PART_BY_ERROR_CODE[code] : undefined) ?? ISSUE_TYPES[issue.type].part;
}
