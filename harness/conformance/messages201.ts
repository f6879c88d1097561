/** The 2.0.1 messages the test station sends, built the same way by every case. */
import type { JsonObject } from '../../simulator/protocol/frames.js';
import type { CaseContext } from './context.js';

export function bootNotification201(ctx: CaseContext, reason = 'PowerUp'): Promise<JsonObject> {
  return ctx.call('BootNotification', { reason, chargingStation: { model: 'CD-Conformance', vendorName: 'chargedrill' } });
}

export function statusNotification201(ctx: CaseContext, connectorStatus: string, evseId = ctx.evseId): Promise<JsonObject> {
  return ctx.call('StatusNotification', { timestamp: ctx.now(), connectorStatus, evseId, connectorId: ctx.connectorId });
}

export function idToken201(idToken: string): JsonObject {
  return { idToken, type: 'Central' };
}

export function authorize201(ctx: CaseContext, token: string): Promise<JsonObject> {
  return ctx.call('Authorize', { idToken: idToken201(token) });
}

export interface TxOptions {
  chargingState?: string;
  stoppedReason?: string;
  remoteStartId?: number;
  idToken?: string;
  offline?: boolean;
}

/** A TransactionEvent of the open transaction (Started opens a new one); seqNo counts up per transaction. */
export function transactionEvent201(ctx: CaseContext, eventType: 'Started' | 'Updated' | 'Ended', triggerReason: string, options: TxOptions = {}): Promise<JsonObject> {
  if (eventType === 'Started' || ctx.transactionId === undefined) ctx.newTransaction();
  const transactionInfo: JsonObject = { transactionId: ctx.transactionId };
  if (options.chargingState) transactionInfo['chargingState'] = options.chargingState;
  if (options.stoppedReason) transactionInfo['stoppedReason'] = options.stoppedReason;
  if (options.remoteStartId !== undefined) transactionInfo['remoteStartId'] = options.remoteStartId;
  const payload: JsonObject = {
    eventType,
    timestamp: ctx.now(),
    triggerReason,
    seqNo: ctx.seqNo++,
    transactionInfo,
    evse: { id: ctx.evseId, connectorId: ctx.connectorId },
    meterValue: [{ timestamp: ctx.now(), sampledValue: [{ value: eventType === 'Started' ? 0 : 1200, measurand: 'Energy.Active.Import.Register' }] }],
  };
  if (options.idToken) payload['idToken'] = idToken201(options.idToken);
  if (options.offline) payload['offline'] = true;
  const done = ctx.call('TransactionEvent', payload);
  if (eventType === 'Ended') ctx.transactionId = undefined;
  return done;
}

/** idTokenInfo.status of an answer, FAILing when it is missing. */
export function idTokenStatus(ctx: CaseContext, answer: JsonObject, what: string): unknown {
  const info = answer['idTokenInfo'] as JsonObject | undefined;
  ctx.present(info, `${what} idTokenInfo`, ctx.lastCsmsFrame());
  return info!['status'];
}
