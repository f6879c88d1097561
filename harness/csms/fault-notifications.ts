/**
 * Which faults a 2.0.1 NotifyEvent reports. 2.0.1 StatusNotification carries no error code: a station
 * names the fault in NotifyEvent (techCode, actualValue or the device-model component). Each alert is
 * mapped to the 1.6 ChargePointErrorCode, so the desk has one vocabulary (GroundFailure → RCD module,
 * ReaderFailure → RFID reader, ...) whatever the station's version (docs/domain.md §3).
 */
import type { Request201 } from '../../simulator/protocol/actions.js';
import { faultClassOf, FAULT_ERROR_CODES, SAFETY_STOPPED_REASONS } from '../../simulator/vocabulary/error-codes.js';

const FAULT_CODES: ReadonlySet<string> = new Set(FAULT_ERROR_CODES);
import type { NotifiedFault } from './events.js';

type NotifyEventRequest = Request201<'NotifyEvent'>;

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

/** A safety or meter code named by `text` (1.6 code or 2.0.1 stoppedReason), else undefined. */
function specificCodeFromText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (FAULT_CODES.has(text) && faultClassOf(text) !== 'generic') return text;
  return Object.hasOwn(SAFETY_STOPPED_REASONS, text) ? SAFETY_STOPPED_REASONS[text] : undefined;
}

/** Any other 1.6 ChargePointErrorCode named by `text`, else undefined. */
function codeFromText(text: string | undefined): string | undefined {
  return text !== undefined && FAULT_CODES.has(text) ? text : undefined;
}

/** The faults a NotifyEvent request reports, each as its 1.6 code; cleared alerts and alerts naming no fault are left out. */
export function faultsOfNotifyEvent(request: NotifyEventRequest): NotifiedFault[] {
  const faults: NotifiedFault[] = [];
  for (const data of request.eventData) {
    if (data.cleared === true) continue;
    const { actualValue, techCode, techInfo, trigger } = data;
    if (CLEAR_VALUES.has(actualValue.toLowerCase())) continue;
    const component = data.component.name;
    // A periodic temperature reading is a measurement, not an alert.
    const alerting = trigger === 'Alerting' || component !== 'TemperatureSensor';
    const byComponent = alerting && Object.hasOwn(COMPONENT_FAULTS, component) ? COMPONENT_FAULTS[component] : undefined;
    // A safety/meter classification wins over a generic code: an RCD alert with techCode OtherError is a ground fault.
    const errorCode =
      specificCodeFromText(techCode) ?? specificCodeFromText(actualValue) ?? byComponent ?? codeFromText(techCode) ?? codeFromText(actualValue);
    if (errorCode === undefined) continue;
    const evse = data.component.evse;
    faults.push({
      errorCode,
      ...(evse !== undefined && { evseId: evse.id }),
      // An EVSE without a connector id is taken as its (usual) single connector 1; no EVSE means the station.
      connectorId: evse === undefined ? 0 : (evse.connectorId ?? 1),
      component,
      variable: data.variable.name,
      actualValue,
      ...(techInfo !== undefined && { techInfo }),
    });
  }
  return faults;
}
