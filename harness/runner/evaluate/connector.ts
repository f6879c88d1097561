/** `connector: { station, connector, status, after }`: the status at the end, or right after the technician left. */
import type { ConnectorExpectation } from '../scenario/model.js';
import { base, ms, type EvalContext, type Judgement } from './context.js';

export function judgeConnector(expectation: ConnectorExpectation, ctx: EvalContext): Judgement {
  const { stationId, connectorId, status } = expectation;
  const subject = `${stationId} connector ${connectorId}`;
  const when = expectation.after === 'end' ? 'at the end' : "after the technician's visit";
  const common = base(expectation, `${subject} ${status} ${when}`, `${subject} ${status} ${when}`);
  const fail = (observed: string): Judgement => ({ state: 'failed', blocksEarlyEnd: false, result: { ...common, status: 'failed', observed, message: `${subject} expected ${status} ${when}, ${observed}` } });

  if (expectation.after === 'end') {
    // Blocks an early end: a status read before the end would not be the status at the end.
    if (!ctx.ended) return { state: 'pending', blocksEarlyEnd: true, result: { ...common, status: 'failed', observed: 'not ended yet' } };
    const now = ctx.connectorStatus(stationId, connectorId);
    return now === status ? { state: 'passed', blocksEarlyEnd: false, result: { ...common, status: 'passed', observed: `${now} at ${ms(ctx.horizonMs)}` } } : fail(`was ${now} at ${ms(ctx.horizonMs)}`);
  }
  // Several work orders on one station (one per faulted connector): the visit that counts is the one for this
  // connector (or for the whole station); another connector's technician may leave while this one is still in a test session.
  const orders = ctx.log.workOrders.filter((w) => w.stationId === stationId && w.change === 'opened');
  const ours = orders.filter((w) => w.connectorId === undefined || w.connectorId === connectorId);
  const left = ctx.log.technician.find(
    (t) => t.type === 'technician-left' && t.stationId === stationId && (ours.length === 0 || ours.some((w) => w.id === t.workOrderId)),
  );
  if (left) {
    const then = left.statuses?.[connectorId] ?? 'unknown';
    const observed = `${then} when the technician left at ${ms(left.atMs)}`;
    return then === status ? { state: 'passed', blocksEarlyEnd: false, result: { ...common, status: 'passed', observed } } : fail(`was ${observed}`);
  }
  const ordered = orders.length > 0;
  if (!ctx.ended) return { state: 'pending', blocksEarlyEnd: ordered, result: { ...common, status: 'failed', observed: ordered ? 'technician on the way' : 'no work order yet' } };
  return fail(ordered ? `the technician had not left by ${ms(ctx.horizonMs)}` : `no technician visited (no work order for ${stationId} by ${ms(ctx.horizonMs)})`);
}
