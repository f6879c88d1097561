/** Answers to the CSMS → station actions of OCPP 2.0.1, one small handler per action. */
import type { CsmsAction201, Request201, Response201 } from '../../protocol/actions.js';
import type { JsonObject } from '../../protocol/frames.js';
import type { StationControl } from '../control.js';
import type { RegisterCommand, StationDialect } from '../dialect.js';
import { SMART_CHARGING_COMMANDS_201, remoteStartProfile201 } from './smart-charging201.js';

/** The request arrives validated against the action's schema (see registerCommands201). */
type Handler201<A extends CsmsAction201> = (req: Request201<A>, control: StationControl, dialect: StationDialect) => Response201<A>;

/** Connector ids an optional `evse` field addresses: all for none or id 0, none when the EVSE is unknown. */
function connectorsOf(control: StationControl, evseId: number | undefined): number[] {
  if (evseId === undefined || evseId === 0) return control.connectors().map((c) => c.id);
  return control.connector(evseId) ? [evseId] : [];
}

const reset: Handler201<'Reset'> = (req, control) => {
  const { type, evseId } = req;
  if (evseId !== undefined && !control.connector(evseId)) return { status: 'Rejected' };
  if (type === 'Immediate') {
    if (evseId === undefined) control.reset('Hard');
    else control.afterReply(() => control.resetConnector(evseId, 'ImmediateReset'));
    return { status: 'Accepted' };
  }
  return { status: control.resetWhenIdle(evseId) ? 'Accepted' : 'Scheduled' };
};

const unlockConnector: Handler201<'UnlockConnector'> = (req, control) => {
  const { evseId } = req;
  if (!control.connector(evseId) || req.connectorId !== 1) return { status: 'UnknownConnector' };
  // 2.0.1 (F05.FR.02): never unlock under an authorized transaction; the CSMS must stop it first.
  return { status: control.unlock(evseId, false) };
};

const changeAvailability: Handler201<'ChangeAvailability'> = (req, control) => {
  const operative = req.operationalStatus === 'Operative';
  const ids = connectorsOf(control, req.evse?.id);
  if (ids.length === 0) return { status: 'Rejected' };
  return { status: control.changeAvailability(ids, operative) };
};

const triggerMessage: Handler201<'TriggerMessage'> = (req, control, dialect) => {
  const evseId = req.evse?.id;
  const ids = connectorsOf(control, evseId);
  if (ids.length === 0) return { status: 'Rejected' };
  switch (req.requestedMessage) {
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

const requestStartTransaction: Handler201<'RequestStartTransaction'> = (req, control) => {
  // The session keeps the token exactly as the CSMS issued it, type included (an app start's Central stays Central);
  // the schema has already checked that the type is one of IdTokenEnumType.
  const chargingProfile = remoteStartProfile201(req, control);
  if (chargingProfile && 'refused' in chargingProfile) return { status: 'Rejected', statusInfo: { reasonCode: 'InvalidProfile', additionalInfo: chargingProfile.refused } };
  const started = control.remoteStart({
    idTag: req.idToken.idToken,
    idTokenType: req.idToken.type,
    connectorId: req.evseId,
    remoteStartId: req.remoteStartId,
    ...(chargingProfile && { chargingProfile }),
  });
  return { status: started ? 'Accepted' : 'Rejected' };
};

const requestStopTransaction: Handler201<'RequestStopTransaction'> = (req, control) => ({
  status: control.remoteStop(req.transactionId) ? 'Accepted' : 'Rejected',
});

type VariableRequest = Request201<'GetVariables'>['getVariableData'][number] | Request201<'SetVariables'>['setVariableData'][number];
type VariableRefusal = 'NotSupportedAttributeType' | 'UnknownComponent' | 'UnknownVariable';

/** Resolves a request to a config key, or to the attributeStatus that refuses it. */
function resolveVariable(control: StationControl, request: VariableRequest): { key: string } | { status: VariableRefusal } {
  if (request.attributeType !== undefined && request.attributeType !== 'Actual') return { status: 'NotSupportedAttributeType' };
  const found = control.config.lookup(request.component.name, request.variable.name);
  return found.ok ? { key: found.key } : { status: found.status };
}

const getVariables: Handler201<'GetVariables'> = (req, control) => ({
  getVariableResult: req.getVariableData.map((request): Response201<'GetVariables'>['getVariableResult'][number] => {
    const resolved = resolveVariable(control, request);
    const base = { component: request.component, variable: request.variable };
    if ('status' in resolved) return { ...base, attributeStatus: resolved.status };
    return { ...base, attributeStatus: 'Accepted', attributeType: 'Actual', attributeValue: control.config.get(resolved.key)?.value ?? '' };
  }),
});

const setVariables: Handler201<'SetVariables'> = (req, control) => ({
  setVariableResult: req.setVariableData.map((request): Response201<'SetVariables'>['setVariableResult'][number] => {
    const resolved = resolveVariable(control, request);
    const base = { component: request.component, variable: request.variable, attributeType: 'Actual' } as const;
    if ('status' in resolved) return { ...base, attributeStatus: resolved.status };
    const result = control.config.set(resolved.key, request.attributeValue);
    return { ...base, attributeStatus: result === 'Accepted' ? 'Accepted' : 'Rejected' };
  }),
});

const dataTransfer: Handler201<'DataTransfer'> = () => ({ status: 'UnknownVendorId' });

const clearCache: Handler201<'ClearCache'> = () => ({ status: 'Accepted' });

export const COMMANDS_201: { readonly [A in CsmsAction201]?: Handler201<A> } = {
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
  ...SMART_CHARGING_COMMANDS_201,
};

type UntypedHandler = (payload: JsonObject, control: StationControl, dialect: StationDialect) => JsonObject;

export function registerCommands201(register: RegisterCommand, control: StationControl, dialect: StationDialect): void {
  for (const [action, handler] of Object.entries(COMMANDS_201)) {
    // The transport validated the payload against this action's schema before it calls a handler
    // (TransportOptions.validate, off only for fuzzing), so each handler may read its own request type.
    const untyped = handler as unknown as UntypedHandler;
    register(action, (payload) => untyped(payload, control, dialect));
  }
}
