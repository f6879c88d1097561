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
  const left = ctx.log.technician.find((t) => t.type === 'technician-left' && t.stationId === stationId);
  if (left) {
    const then = left.statuses?.[connectorId] ?? 'unknown';
    const observed = `${then} when the technician left at ${ms(left.atMs)}`;
    return then === status ? { state: 'passed', blocksEarlyEnd: false, result: { ...common, status: 'passed', observed } } : fail(`was ${observed}`);
  }
  const ordered = ctx.log.workOrders.some((w) => w.stationId === stationId && w.change === 'opened');
  if (!ctx.ended) return { state: 'pending', blocksEarlyEnd: ordered, result: { ...common, status: 'failed', observed: ordered ? 'technician on the way' : 'no work order yet' } };
  return fail(ordered ? `the technician had not left by ${ms(ctx.horizonMs)}` : `no technician visited (no work order for ${stationId} by ${ms(ctx.horizonMs)})`);
}
