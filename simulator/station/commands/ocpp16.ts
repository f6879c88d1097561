/** Answers to the CSMS → station actions of OCPP 1.6J, one small handler per action. */
import type { CsmsAction16 } from '../../protocol/actions.js';
import { CONFIG_COMMANDS_16 } from './config16.js';
import { FIRMWARE_COMMANDS_16 } from './firmware16.js';
import { LOCAL_AUTH_COMMANDS_16 } from './local-auth16.js';
import { RESERVATION_COMMANDS_16 } from './reservation16.js';
import { SMART_CHARGING_COMMANDS_16, remoteStartProfile16 } from './smart-charging16.js';

import type { Handler16 } from './handler.js';

const reset: Handler16<'Reset'> = (req, control) => {
  control.reset(req.type);
  return { status: 'Accepted' };
};

const unlockConnector: Handler16<'UnlockConnector'> = (req, control) => {
  const { connectorId } = req;
  if (!control.connector(connectorId)) return { status: 'NotSupported' };
  // 1.6: unlocking a connector with a running transaction stops it (reason UnlockCommand).
  const result = control.unlock(connectorId, true);
  return { status: result === 'Unlocked' ? 'Unlocked' : 'UnlockFailed' };
};

const changeAvailability: Handler16<'ChangeAvailability'> = (req, control) => {
  const { connectorId } = req;
  const operative = req.type === 'Operative';
  const ids = connectorId === 0 ? control.connectors().map((c) => c.id) : [connectorId];
  if (connectorId !== 0 && !control.connector(connectorId)) return { status: 'Rejected' };
  return { status: control.changeAvailability(ids, operative) };
};

const triggerMessage: Handler16<'TriggerMessage'> = (req, control, dialect) => {
  const { connectorId } = req;
  if (connectorId !== undefined && connectorId !== 0 && !control.connector(connectorId)) return { status: 'Rejected' };
  const only = connectorId === undefined || connectorId === 0 ? undefined : connectorId;
  switch (req.requestedMessage) {
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
    case 'FirmwareStatusNotification':
      control.firmware.triggerStatus();
      break;
    case 'DiagnosticsStatusNotification':
      control.logUploads.triggerStatus();
      break;
    default:
      return { status: 'NotImplemented' };
  }
  return { status: 'Accepted' };
};

const remoteStartTransaction: Handler16<'RemoteStartTransaction'> = (req, control) => {
  const chargingProfile = remoteStartProfile16(req, control);
  if (chargingProfile === 'Rejected') return { status: 'Rejected' };
  const started = control.remoteStart({ idTag: req.idTag, connectorId: req.connectorId, ...(chargingProfile && { chargingProfile }) });
  return { status: started ? 'Accepted' : 'Rejected' };
};

const remoteStopTransaction: Handler16<'RemoteStopTransaction'> = (req, control) => {
  const stopped = control.remoteStop(String(req.transactionId));
  return { status: stopped ? 'Accepted' : 'Rejected' };
};

const dataTransfer: Handler16<'DataTransfer'> = () => ({ status: 'UnknownVendorId' });

const clearCache: Handler16<'ClearCache'> = (_req, control) => {
  control.authorization.clearCache();
  return { status: 'Accepted' };
};

export const COMMANDS_16: { readonly [A in CsmsAction16]?: Handler16<A> } = {
  Reset: reset,
  UnlockConnector: unlockConnector,
  ChangeAvailability: changeAvailability,
  TriggerMessage: triggerMessage,
  RemoteStartTransaction: remoteStartTransaction,
  RemoteStopTransaction: remoteStopTransaction,
  ...CONFIG_COMMANDS_16,
  DataTransfer: dataTransfer,
  ClearCache: clearCache,
  ...FIRMWARE_COMMANDS_16,
  ...LOCAL_AUTH_COMMANDS_16,
  ...RESERVATION_COMMANDS_16,
  ...SMART_CHARGING_COMMANDS_16,
};
