/**
 * The 2.0.1 device model as the station shows it: the configuration store's variables (config-keys.ts)
 * plus live ones read from the station's state (ChargingStation, EVSE and Connector availability,
 * ClockCtrlr.DateTime). GetVariables, SetVariables, GetBaseReport and GetReport all resolve here.
 */
import type { ComponentType, ReportDataType, VariableType } from '../protocol/generated/ocpp201.js';
import { isoTime } from './sampled-values.js';
import { dataTypeOf } from './config-keys.js';
import type { ConfigEntry } from './config-store.js';
import type { StationControl } from './control.js';
import { toConnectorStatus201 } from '../vocabulary/connector-status.js';
import { evseOfConnector } from '../vocabulary/evse.js';

type Characteristics = NonNullable<ReportDataType['variableCharacteristics']>;

export interface DeviceVariable {
  component: ComponentType;
  variable: VariableType;
  value: string;
  mutability: 'ReadOnly' | 'ReadWrite';
  characteristics: Characteristics;
  /** The configuration key behind a stored variable; absent for live ones (always read-only). */
  key?: string;
}

/** AC Type 2 sockets on three phases: what the simulated chargers are. */
const CONNECTOR_TYPE = 'cType2';
const SUPPLY_PHASES = '3';

const live = (component: ComponentType, name: string, value: string, dataType: Characteristics['dataType'], extra: Partial<Characteristics> = {}): DeviceVariable => ({
  component,
  variable: { name },
  value,
  mutability: 'ReadOnly',
  characteristics: { dataType, supportsMonitoring: false, ...extra },
});

function stored(entry: ConfigEntry): DeviceVariable {
  const { spec } = entry;
  const component: ComponentType = { name: spec.component as string, ...(spec.componentInstance !== undefined && { instance: spec.componentInstance }) };
  const variable: VariableType = { name: spec.variable as string, ...(spec.variableInstance !== undefined && { instance: spec.variableInstance }) };
  const characteristics: Characteristics = {
    dataType: dataTypeOf(spec.kind),
    supportsMonitoring: false,
    ...(spec.unit !== undefined && { unit: spec.unit }),
    ...(spec.values !== undefined && { valuesList: spec.values.join(',') }),
  };
  return { component, variable, value: entry.value, mutability: entry.readonly ? 'ReadOnly' : 'ReadWrite', characteristics, key: entry.key };
}

const AVAILABILITY = 'Available,Occupied,Reserved,Unavailable,Faulted';

/** Every variable the station has right now, stored ones first, then the live ones per EVSE. */
export function deviceVariables(control: StationControl): DeviceVariable[] {
  const variables = control.config.variables201().map(stored);
  const states = control.connectors().map((c) => toConnectorStatus201(c.status, control.transactionOn(c.id) !== undefined));
  const station: ComponentType = { name: 'ChargingStation' };
  const stationState = states.every((s) => s === states[0]) ? (states[0] ?? 'Unavailable') : states.includes('Available') ? 'Available' : 'Occupied';
  variables.push(
    live(station, 'AvailabilityState', stationState, 'OptionList', { valuesList: AVAILABILITY }),
    live(station, 'Available', 'true', 'boolean'),
    live(station, 'SupplyPhases', SUPPLY_PHASES, 'integer'),
    live({ name: 'ClockCtrlr' }, 'DateTime', isoTime(control.now()), 'dateTime'),
  );
  control.connectors().forEach((connector, index) => {
    const evse = evseOfConnector(connector.id);
    const state = states[index] as string;
    const evseComponent: ComponentType = { name: 'EVSE', evse: { id: evse.id } };
    const connectorComponent: ComponentType = { name: 'Connector', evse: { id: evse.id, connectorId: evse.connectorId } };
    variables.push(
      live(evseComponent, 'AvailabilityState', state, 'OptionList', { valuesList: AVAILABILITY }),
      live(evseComponent, 'Available', 'true', 'boolean'),
      live(evseComponent, 'Power', String(Math.round(control.sample(connector.id).powerW)), 'decimal', { unit: 'W' }),
      live(evseComponent, 'SupplyPhases', SUPPLY_PHASES, 'integer'),
      live(connectorComponent, 'AvailabilityState', state, 'OptionList', { valuesList: AVAILABILITY }),
      live(connectorComponent, 'Available', 'true', 'boolean'),
      live(connectorComponent, 'ConnectorType', CONNECTOR_TYPE, 'string'),
      live(connectorComponent, 'SupplyPhases', SUPPLY_PHASES, 'integer'),
    );
  });
  return variables;
}

/** Whether a component is the one a request names: absent request fields match anything when `wildcards`. */
export function sameComponent(have: ComponentType, want: ComponentType, wildcards: boolean): boolean {
  if (have.name !== want.name) return false;
  const eq = <T>(a: T | undefined, b: T | undefined) => a === b || (wildcards && b === undefined);
  return eq(have.instance, want.instance) && eq(have.evse?.id, want.evse?.id) && eq(have.evse?.connectorId, want.evse?.connectorId);
}

export function sameVariable(have: VariableType, want: VariableType, wildcards: boolean): boolean {
  return have.name === want.name && (have.instance === want.instance || (wildcards && want.instance === undefined));
}

export type Resolution = { found: DeviceVariable } | { status: 'UnknownComponent' | 'UnknownVariable' };

/** The variable a GetVariables/SetVariables item names exactly, or why there is none. */
export function resolve(variables: readonly DeviceVariable[], component: ComponentType, variable: VariableType): Resolution {
  const inComponent = variables.filter((v) => sameComponent(v.component, component, false));
  if (inComponent.length === 0) return { status: 'UnknownComponent' };
  const found = inComponent.find((v) => sameVariable(v.variable, variable, false));
  return found ? { found } : { status: 'UnknownVariable' };
}

/** A NotifyReport reportData item for one variable (its Actual attribute). */
export function reportData(v: DeviceVariable): ReportDataType {
  return {
    component: v.component,
    variable: v.variable,
    variableAttribute: [{ type: 'Actual', value: v.value, mutability: v.mutability, persistent: v.key !== undefined, constant: false }],
    variableCharacteristics: v.characteristics,
  };
}
