/**
 * Which fault a station reports, in both protocol versions. 1.6 says it in the StatusNotification
 * errorCode; 2.0.1 has no errorCode there and says it in NotifyEvent (techCode, actualValue or the
 * device-model component) or in TransactionEvent stoppedReason. Everything is mapped to the 1.6 code so the
 * playbook has one vocabulary (GroundFailure → RCD module, ReaderFailure → RFID reader, ...). Safety and
 * meter codes get their own issue types; any other 1.6 code is 'generic' and is carried by connector-faulted.
 */
import { FAULT_ERROR_CODES, SAFETY_ERROR_CODES, SAFETY_STOPPED_REASONS } from '../../simulator/vocabulary/error-codes.js';
import { field, stringField } from './payload.js';

export type FaultClass = 'safety' | 'power-meter' | 'generic';

/**
 * Every 1.6 ChargePointErrorCode but NoError. A 2.0.1 NotifyEvent naming one of these (techCode or
 * actualValue) reports that fault, so e.g. ReaderFailure / ConnectorLockFailure reach the playbook's
 * per-code ladders as they do from a 1.6 StatusNotification.
 */
const FAULT_CODES: ReadonlySet<string> = new Set(FAULT_ERROR_CODES);

export function faultKindOf(errorCode: string): FaultClass {
  if (SAFETY_ERROR_CODES.has(errorCode)) return 'safety';
  if (errorCode === 'PowerMeterFailure') return 'power-meter';
  return 'generic';
}

/**
 * Device-model components whose alert means a fault. An assumption to align with the simulator's
 * NotifyEvent payloads: names follow the 2.0.1 standardized components.
 */
const COMPONENT_FAULTS: Readonly<Record<string, string>> = {
  RCD: 'GroundFailure',
  GroundIsolationProtection: 'GroundFailure',
  OverCurrentProtection: 'OverCurrentFailure',
  TemperatureSensor: 'HighTemperature',
  FiscalMetering: 'PowerMeterFailure',
  ControlMetering: 'PowerMeterFailure',
};

/** Values that report "no problem" for Problem/Tripped-style variables. */
const CLEAR_VALUES: ReadonlySet<string> = new Set(['false', '0', 'off', 'cleared', 'ok', 'noerror']);

export interface NotifiedFault {
  errorCode: string;
  kind: FaultClass;
  evseId: number | undefined;
  connectorId: number;
  component: string | undefined;
  variable: string | undefined;
  actualValue: string | undefined;
  techInfo: string | undefined;
}

/** A safety or meter code named by `text` (1.6 code or 2.0.1 stoppedReason), else undefined. */
function specificCodeFromText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (SAFETY_ERROR_CODES.has(text) || text === 'PowerMeterFailure') return text;
  return SAFETY_STOPPED_REASONS[text];
}

/** Any other 1.6 ChargePointErrorCode named by `text`, else undefined. */
function codeFromText(text: string | undefined): string | undefined {
  return text !== undefined && FAULT_CODES.has(text) ? text : undefined;
}

/**
 * The faults a NotifyEvent request reports, each as its 1.6 code (alerts naming no fault are left out).
 * Callers filter by `kind`: safety-fault and power-meter-failure take theirs, connector-faulted the generic ones.
 */
export function faultsOfNotifyEvent(payload: unknown): NotifiedFault[] {
  const eventData = field(payload, 'eventData');
  if (!Array.isArray(eventData)) return [];
  const faults: NotifiedFault[] = [];
  for (const data of eventData as unknown[]) {
    if (field(data, 'cleared') === true) continue;
    const actualValue = stringField(data, 'actualValue');
    if (actualValue !== undefined && CLEAR_VALUES.has(actualValue.toLowerCase())) continue;
    const component = stringField(data, 'component', 'name');
    const variable = stringField(data, 'variable', 'name');
    const trigger = stringField(data, 'trigger');
    // A periodic temperature reading is a measurement, not an alert.
    const byComponent = component !== undefined && (trigger === 'Alerting' || component !== 'TemperatureSensor') ? COMPONENT_FAULTS[component] : undefined;
    const techCode = stringField(data, 'techCode');
    // A safety/meter classification wins over a generic code: an RCD alert with techCode OtherError is a ground fault.
    const errorCode = specificCodeFromText(techCode) ?? specificCodeFromText(actualValue) ?? byComponent ?? codeFromText(techCode) ?? codeFromText(actualValue);
    if (errorCode === undefined) continue;
    const evseId = field(data, 'component', 'evse', 'id');
    const connectorId = field(data, 'component', 'evse', 'connectorId');
    const hasEvse = typeof evseId === 'number';
    faults.push({
      errorCode,
      kind: faultKindOf(errorCode),
      evseId: hasEvse ? evseId : undefined,
      // An EVSE without a connector id is taken as its (usual) single connector 1; no EVSE means the station.
      connectorId: typeof connectorId === 'number' ? connectorId : hasEvse ? 1 : 0,
      component,
      variable,
      actualValue,
      techInfo: stringField(data, 'techInfo'),
    });
  }
  return faults;
}
