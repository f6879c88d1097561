/** The 1.6 messages the test station sends, built the same way by every case. */
import type { JsonObject } from '../../simulator/protocol/frames.js';
import type { CaseContext } from './context.js';

export function bootNotification16(ctx: CaseContext): Promise<JsonObject> {
  return ctx.call('BootNotification', { chargePointVendor: 'chargedrill', chargePointModel: 'CD-Conformance' });
}

export function statusNotification16(ctx: CaseContext, status: string, errorCode = 'NoError', connectorId = ctx.connectorId): Promise<JsonObject> {
  return ctx.call('StatusNotification', { connectorId, errorCode, status, timestamp: ctx.now() });
}

export async function authorize16(ctx: CaseContext, idTag: string): Promise<unknown> {
  const answer = await ctx.call('Authorize', { idTag });
  return (answer['idTagInfo'] as JsonObject)['status'];
}

/**
 * StartTransaction; FAILs when the CSMS hands out a transactionId it already gave in this run (the id must identify
 * one transaction: a reused one merges two sessions' bills). Returns idTagInfo.status.
 */
export async function startTransaction16(ctx: CaseContext, idTag: string, reservationId?: number): Promise<unknown> {
  const answer = await ctx.call('StartTransaction', { connectorId: ctx.connectorId, idTag, meterStart: 0, timestamp: ctx.now(), ...(reservationId !== undefined && { reservationId }) });
  const transactionId = answer['transactionId'] as number;
  ctx.transactionId16 = transactionId;
  if (ctx.memory.transactionIds16.has(transactionId)) {
    ctx.fail('wrong-value', `StartTransaction answer reuses transactionId ${transactionId}, already handed out in this run`, ctx.lastCsmsFrame());
  }
  ctx.memory.transactionIds16.add(transactionId);
  return (answer['idTagInfo'] as JsonObject)['status'];
}

export function stopTransaction16(ctx: CaseContext, reason: string, idTag?: string): Promise<JsonObject> {
  const payload: JsonObject = { transactionId: ctx.transactionId16 ?? 0, meterStop: 1200, timestamp: ctx.now(), reason };
  if (idTag) payload['idTag'] = idTag;
  ctx.transactionId16 = undefined;
  return ctx.call('StopTransaction', payload);
}
