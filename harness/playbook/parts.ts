/** The part (or kind of visit) a technician needs, by 1.6 error code (DOMAIN.md §5) or, without one, by issue type. */
import type { Issue, IssueType } from '../detector/types.js';

const PART_BY_ERROR_CODE: Readonly<Record<string, string>> = {
  GroundFailure: 'RCD / ground-fault module',
  PowerMeterFailure: 'energy meter',
  ConnectorLockFailure: 'lock actuator',
  ReaderFailure: 'RFID reader',
  HighTemperature: 'thermal inspection / cooling',
  OverCurrentFailure: 'power electronics inspection',
  OverVoltage: 'power electronics inspection',
  UnderVoltage: 'power electronics inspection',
};

const PART_BY_ISSUE_TYPE: Partial<Record<IssueType, string>> = {
  'stuck-finishing': 'connector and cable inspection',
  'connector-faulted': 'on-site diagnosis',
  'power-meter-failure': 'energy meter',
  'no-connectivity': 'on-site power cycle and modem check',
  'reboot-loop': 'site power supply (electrician)',
};

export function errorCodeOf(issue: Issue): string | undefined {
  const code = issue.details['errorCode'];
  return typeof code === 'string' ? code : undefined;
}

export function partFor(issue: Issue): string {
  const code = errorCodeOf(issue);
  return (code !== undefined ? PART_BY_ERROR_CODE[code] : undefined) ?? PART_BY_ISSUE_TYPE[issue.type] ?? 'on-site diagnosis';
}
