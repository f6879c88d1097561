/** Answers to the CSMS → station actions of OCPP 2.0.1, one small handler per action. */
import { OcppError } from '../../protocol/errors.js';
import { isObject, type JsonObject } from '../../protocol/frames.js';
import { ID_TOKEN_TYPES, isIdTokenType } from '../../protocol/id-tokens.js';
import type { StationControl } from '../control.js';
import type { CommandHandler, RegisterCommand, StationDialect } from '../dialect.js';
import { optionalArray, optionalInteger, optionalObject, requiredInteger, requiredObject, requiredString } from './payload.js';

type Handler201 = (payload: JsonObject, control: StationControl, dialect: StationDialect) => JsonObject;

/** Connector ids an optional `evse` field addresses: all for none or id 0, none when the EVSE is unknown. */
function connectorsOf(control: StationControl, evseId: number | undefined): number[] {
  if (evseId === undefined || evseId === 0) return control.connectors().map((c) => c.id);
  return control.connector(evseId) ? [evseId] : [];
}

const reset: Handler201 = (payload, control) => {
  const type = requiredString(payload, 'type');
  const evseId = optionalInteger(payload, 'evseId');
  if (evseId !== undefined && !control.connector(evseId)) return { status: 'Rejected' };
  if (type === 'Immediate') {
    if (evseId === undefined) control.reset('Hard');
    else control.afterReply(() => control.resetConnector(evseId, 'ImmediateReset'));
    return { status: 'Accepted' };
  }
  return { status: control.resetWhenIdle(evseId) ? 'Accepted' : 'Scheduled' };
};

const unlockConnector: Handler201 = (payload, control) => {
  const evseId = requiredInteger(payload, 'evseId');
  if (!control.connector(evseId) || requiredInteger(payload, 'connectorId') !== 1) return { status: 'UnknownConnector' };
  // 2.0.1 (F05.FR.02): never unlock under an authorized transaction; the CSMS must stop it first.
  return { status: control.unlock(evseId, false) };
};

const changeAvailability: Handler201 = (payload, control) => {
  const operative = requiredString(payload, 'operationalStatus') === 'Operative';
  const evse = optionalObject(payload, 'evse');
  const ids = connectorsOf(control, evse === undefined ? undefined : requiredInteger(evse, 'id'));
  if (ids.length === 0) return { status: 'Rejected' };
  return { status: control.changeAvailability(ids, operative) };
};

const triggerMessage: Handler201 = (payload, control, dialect) => {
  const evse = optionalObject(payload, 'evse');
  const evseId = evse === undefined ? undefined : requiredInteger(evse, 'id');
  const ids = connectorsOf(control, evseId);
  if (ids.length === 0) return { status: 'Rejected' };
  switch (requiredString(payload, 'requestedMessage')) {
    case 'BootNotification':
      // F06.FR.17: a station already accepted refuses to boot again on request.
      if (control.registration === 'Accepted') return { status: 'Rejected' };
      control.triggerBoot();
      break;
    case 'Heartbeat':
      control.triggerHeartbeat();
      break;
    case 'StatusNotification':
      control.triggerStatus(evseId || undefined);
      break;
    case 'MeterValues':
      control.afterReply(() => {
        for (const id of ids) dialect.triggeredMeterValues(id, control.sample(id), control.transactionOn(id)).catch(() => {});
      });
      break;
    default:
      return { status: 'NotImplemented' };
  }
  return { status: 'Accepted' };
};

const requestStartTransaction: Handler201 = (payload, control) => {
  const idToken = requiredObject(payload, 'idToken');
  const type = requiredString(idToken, 'type');
  if (!isIdTokenType(type)) throw new OcppError('PropertyConstraintViolation', `idToken.type must be one of ${ID_TOKEN_TYPES.join(', ')}`);
  // The session keeps the token exactly as the CSMS issued it, type included (an app start's Central stays Central).
  const started = control.remoteStart({
    idTag: requiredString(idToken, 'idToken'),
    idTokenType: type,
    connectorId: optionalInteger(payload, 'evseId'),
    remoteStartId: requiredInteger(payload, 'remoteStartId'),
  });
  return { status: started ? 'Accepted' : 'Rejected' };
};

const requestStopTransaction: Handler201 = (payload, control) => ({
  status: control.remoteStop(requiredString(payload, 'transactionId')) ? 'Accepted' : 'Rejected',
});

interface VariableRequest {
  component: JsonObject;
  variable: JsonObject;
  attributeType?: string;
  attributeValue?: string;
}

function variableRequests(payload: JsonObject, field: string): VariableRequest[] {
  return (optionalArray(payload, field) ?? []).filter(isObject).map((item) => ({
    component: requiredObject(item, 'component'),
    variable: requiredObject(item, 'variable'),
    attributeType: typeof item.attributeType === 'string' ? item.attributeType : undefined,
    attributeValue: typeof item.attributeValue === 'string' ? item.attributeValue : undefined,
  }));
}

/** Resolves a request to a config key, or to the attributeStatus that refuses it. */
function resolveVariable(control: StationControl, request: VariableRequest): { key: string } | { status: string } {
  if (request.attributeType !== undefined && request.attributeType !== 'Actual') return { status: 'NotSupportedAttributeType' };
  const found = control.config.lookup(requiredString(request.component, 'name'), requiredString(request.variable, 'name'));
  return found.ok ? { key: found.key } : { status: found.status };
}

const getVariables: Handler201 = (payload, control) => ({
  getVariableResult: variableRequests(payload, 'getVariableData').map((request) => {
    const resolved = resolveVariable(control, request);
    const base = { component: request.component, variable: request.variable };
    if ('status' in resolved) return { ...base, attributeStatus: resolved.status };
    return { ...base, attributeStatus: 'Accepted', attributeType: 'Actual', attributeValue: control.config.get(resolved.key)?.value ?? '' };
  }),
});

const setVariables: Handler201 = (payload, control) => ({
  setVariableResult: variableRequests(payload, 'setVariableData').map((request) => {
    const resolved = resolveVariable(control, request);
    const base = { component: request.component, variable: request.variable, attributeType: 'Actual' };
    if ('status' in resolved) return { ...base, attributeStatus: resolved.status };
    const result = control.config.set(resolved.key, request.attributeValue ?? '');
    return { ...base, attributeStatus: result === 'Accepted' ? 'Accepted' : 'Rejected' };
  }),
});

const dataTransfer: Handler201 = () => ({ status: 'UnknownVendorId' });

const clearCache: Handler201 = () => ({ status: 'Accepted' });

export const COMMANDS_201: Readonly<Record<string, Handler201>> = {
  Reset: reset,
  UnlockConnector: unlockConnector,
  ChangeAvailability: changeAvailability,
  TriggerMessage: triggerMessage,
  RequestStartTransaction: requestStartTransaction,
  RequestStopTransaction: requestStopTransaction,
  GetVariables: getVariables,
  SetVariables: setVariables,
  DataTransfer: dataTransfer,
  ClearCache: clearCache,
};

export function registerCommands201(register: RegisterCommand, control: StationControl, dialect: StationDialect): void {
  for (const [action, handler] of Object.entries(COMMANDS_201)) {
    const bound: CommandHandler = (payload) => handler(payload, control, dialect);
    register(action, bound);
  }
}
