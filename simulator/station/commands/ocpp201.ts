/** Answers to the CSMS → station actions of OCPP 2.0.1, one small handler per action. */
import type { CsmsAction201 } from '../../protocol/actions.js';
import type { StationControl } from '../control.js';
import { DEVICE_MODEL_COMMANDS_201 } from './devmodel201.js';
import { FIRMWARE_COMMANDS_201 } from './firmware201.js';
import { LOCAL_AUTH_COMMANDS_201 } from './local-auth201.js';
import { RESERVATION_COMMANDS_201 } from './reservation201.js';
import { SMART_CHARGING_COMMANDS_201, remoteStartProfile201 } from './smart-charging201.js';

import type { Handler201 } from './handler.js';

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
  // Each EVSE has one connector, numbered 1 on it.
  if (ids.length === 0 || (req.evse?.connectorId !== undefined && req.evse.connectorId !== 1)) return { status: 'Rejected' };
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
    case 'TransactionEvent': {
      // F06: an Updated event for each transaction in scope; with none there is nothing to send.
      const running = ids.flatMap((id) => control.transactionOn(id) ?? []);
      if (running.length === 0 || !dialect.triggeredTransactionEvent) return { status: 'Rejected' };
      control.afterReply(() => {
        for (const tx of running) dialect.triggeredTransactionEvent?.(tx, control.sample(tx.connectorId)).catch(() => {});
      });
      break;
    }
    case 'FirmwareStatusNotification':
      control.firmware.triggerStatus();
      break;
    case 'LogStatusNotification':
      control.logUploads.triggerStatus();
      break;
    // Certificate signing (security profiles 2 and 3) and Local Controller firmware publishing are not built.
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

const dataTransfer: Handler201<'DataTransfer'> = () => ({ status: 'UnknownVendorId' });

// C11: a station whose Authorization Cache is disabled (AuthCacheCtrlr.Enabled false) rejects the request.
const clearCache: Handler201<'ClearCache'> = (_req, control) => ({ status: control.authorization.clearCache() ? 'Accepted' : 'Rejected' });

export const COMMANDS_201: { readonly [A in CsmsAction201]?: Handler201<A> } = {
  Reset: reset,
  UnlockConnector: unlockConnector,
  ChangeAvailability: changeAvailability,
  TriggerMessage: triggerMessage,
  RequestStartTransaction: requestStartTransaction,
  RequestStopTransaction: requestStopTransaction,
  ...DEVICE_MODEL_COMMANDS_201,
  DataTransfer: dataTransfer,
  ClearCache: clearCache,
  ...FIRMWARE_COMMANDS_201,
  ...LOCAL_AUTH_COMMANDS_201,
  ...RESERVATION_COMMANDS_201,
  ...SMART_CHARGING_COMMANDS_201,
};
