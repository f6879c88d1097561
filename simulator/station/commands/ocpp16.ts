/** Answers to the CSMS → station actions of OCPP 1.6J, one small handler per action. */
import type { JsonObject } from '../../protocol/frames.js';
import type { StationControl } from '../control.js';
import type { CommandHandler, RegisterCommand, StationDialect } from '../dialect.js';
import { optionalArray, optionalInteger, requiredInteger, requiredString } from './payload.js';

type Handler16 = (payload: JsonObject, control: StationControl, dialect: StationDialect) => JsonObject;

const reset: Handler16 = (payload, control) => {
  control.reset(requiredString(payload, 'type') === 'Hard' ? 'Hard' : 'Soft');
  return { status: 'Accepted' };
};

const unlockConnector: Handler16 = (payload, control) => {
  const connectorId = requiredInteger(payload, 'connectorId');
  if (!control.connector(connectorId)) return { status: 'NotSupported' };
  // 1.6: unlocking a connector with a running transaction stops it (reason UnlockCommand).
  const result = control.unlock(connectorId, true);
  return { status: result === 'Unlocked' ? 'Unlocked' : 'UnlockFailed' };
};

const changeAvailability: Handler16 = (payload, control) => {
  const connectorId = requiredInteger(payload, 'connectorId');
  const operative = requiredString(payload, 'type') === 'Operative';
  const ids = connectorId === 0 ? control.connectors().map((c) => c.id) : [connectorId];
  if (connectorId !== 0 && !control.connector(connectorId)) return { status: 'Rejected' };
  return { status: control.changeAvailability(ids, operative) };
};

const triggerMessage: Handler16 = (payload, control, dialect) => {
  const connectorId = optionalInteger(payload, 'connectorId');
  if (connectorId !== undefined && connectorId !== 0 && !control.connector(connectorId)) return { status: 'Rejected' };
  const only = connectorId === undefined || connectorId === 0 ? undefined : connectorId;
  switch (requiredString(payload, 'requestedMessage')) {
    case 'BootNotification':
      control.triggerBoot();
      break;
    case 'Heartbeat':
      control.triggerHeartbeat();
      break;
    case 'StatusNotification':
      control.triggerStatus(only);
      break;
    case 'MeterValues':
      control.afterReply(() => {
        const targets = only === undefined ? control.connectors() : [control.connector(only)];
        for (const c of targets) {
          if (c) dialect.triggeredMeterValues(c.id, control.sample(c.id), control.transactionOn(c.id)).catch(() => {});
        }
      });
      break;
    default:
      return { status: 'NotImplemented' };
  }
  return { status: 'Accepted' };
};

const remoteStartTransaction: Handler16 = (payload, control) => {
  const started = control.remoteStart({ idTag: requiredString(payload, 'idTag'), connectorId: optionalInteger(payload, 'connectorId') });
  return { status: started ? 'Accepted' : 'Rejected' };
};

const remoteStopTransaction: Handler16 = (payload, control) => {
  const stopped = control.remoteStop(String(requiredInteger(payload, 'transactionId')));
  return { status: stopped ? 'Accepted' : 'Rejected' };
};

const getConfiguration: Handler16 = (payload, control) => {
  const keys = optionalArray(payload, 'key')?.filter((k): k is string => typeof k === 'string');
  const entries = keys === undefined || keys.length === 0 ? control.config.all() : keys.flatMap((k) => control.config.get(k) ?? []);
  const unknownKey = keys?.filter((k) => !control.config.get(k)) ?? [];
  const result: JsonObject = { configurationKey: entries.map((e) => ({ key: e.key, readonly: e.readonly, value: e.value })) };
  if (unknownKey.length > 0) result.unknownKey = unknownKey;
  return result;
};

const changeConfiguration: Handler16 = (payload, control) => ({
  status: control.config.set(requiredString(payload, 'key'), requiredString(payload, 'value')),
});

const dataTransfer: Handler16 = () => ({ status: 'UnknownVendorId' });

const clearCache: Handler16 = () => ({ status: 'Accepted' });

export const COMMANDS_16: Readonly<Record<string, Handler16>> = {
  Reset: reset,
  UnlockConnector: unlockConnector,
  ChangeAvailability: changeAvailability,
  TriggerMessage: triggerMessage,
  RemoteStartTransaction: remoteStartTransaction,
  RemoteStopTransaction: remoteStopTransaction,
  GetConfiguration: getConfiguration,
  ChangeConfiguration: changeConfiguration,
  DataTransfer: dataTransfer,
  ClearCache: clearCache,
};

export function registerCommands16(register: RegisterCommand, control: StationControl, dialect: StationDialect): void {
  for (const [action, handler] of Object.entries(COMMANDS_16)) {
    const bound: CommandHandler = (payload) => handler(payload, control, dialect);
    register(action, bound);
  }
}
