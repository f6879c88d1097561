/**
 * Commands as the stations received them, so they hold against any CSMS: `command` must arrive in time,
 * `never` must not arrive at all.
 */
import { connectorOfEvse } from '../../../simulator/vocabulary/evse.js';
import type { CommandObservation } from '../observations.js';
import type { CommandExpectation, NeverExpectation } from '../scenario/model.js';
import { anchorMs, anchorName, base, ms, payloadMatches, type EvalContext, type Judgement } from './context.js';

export function judgeCommand(expectation: CommandExpectation, ctx: EvalContext): Judgement {
  const what = describeCommand(expectation.action, expectation.payload);
  const within = ms(expectation.withinMs);
  const common = {
    ...base(expectation, `${what} to ${expectation.stationId} within ${within}`, `${what} received by ${expectation.stationId} within ${within} of ${anchorName(expectation.from)}`),
    budgetMs: expectation.withinMs,
  };
  const from = anchorMs(expectation.from, ctx.log);
  if (from === undefined) return { state: 'pending', blocksEarlyEnd: true, result: { ...common, status: 'failed', observed: 'the step it counts from never ran' } };
  const first = ctx.log.commands.find(
    (c) => c.stationId === expectation.stationId && c.atMs >= from && c.atMs <= ctx.scenario.endMs && matches(c, expectation.action, expectation.payload, expectation.connectorId),
  );
  if (first) {
    const latencyMs = first.atMs - from;
    const observed = `sent after ${ms(latencyMs)}`;
    if (latencyMs <= expectation.withinMs) return { state: 'passed', blocksEarlyEnd: false, result: { ...common, status: 'passed', observed, latencyMs: Math.round(latencyMs) } };
    return { state: 'failed', blocksEarlyEnd: false, result: { ...common, status: 'failed', observed, latencyMs: Math.round(latencyMs), message: `${what} must be sent to ${expectation.stationId} within ${within}, ${observed}` } };
  }
  if (ctx.horizonMs < from + expectation.withinMs && !ctx.ended) return { state: 'pending', blocksEarlyEnd: true, result: { ...common, status: 'failed', observed: 'not sent yet' } };
  const observed = `not sent (watched for ${ms(Math.max(0, ctx.horizonMs - from))})`;
  return { state: 'failed', blocksEarlyEnd: false, result: { ...common, status: 'failed', observed, message: `${what} must be sent to ${expectation.stationId} within ${within}, ${observed}` } };
}

export function judgeNever(expectation: NeverExpectation, ctx: EvalContext): Judgement {
  const what = describeCommand(expectation.action, expectation.payload);
  const to = expectation.stationId ? ` to ${expectation.stationId}` : '';
  const common = base(expectation, `never ${what}${to}`, `${what} never sent${to}`);
  const sent = ctx.log.commands.find((c) => (expectation.stationId === undefined || c.stationId === expectation.stationId) && c.atMs <= ctx.scenario.endMs && matches(c, expectation.action, expectation.payload));
  if (sent) {
    const observed = expectation.stationId ? `sent at ${ms(sent.atMs)}` : `sent to ${sent.stationId} at ${ms(sent.atMs)}`;
    return { state: 'failed', blocksEarlyEnd: false, result: { ...common, status: 'failed', observed, message: `${what} must never be sent${to}, ${observed}` } };
  }
  const observed = `never sent (watched for ${ms(Math.max(0, ctx.horizonMs))})`;
  return { state: ctx.ended ? 'passed' : 'pending', blocksEarlyEnd: false, result: { ...common, status: 'passed', observed } };
}

function matches(command: CommandObservation, action: string, payload: Record<string, unknown> | undefined, connectorId?: number): boolean {
  if (command.action !== action || !payloadMatches(payload, command.payload)) return false;
  if (connectorId === undefined) return true;
  // 1.6 names the connector; 2.0.1 the EVSE (one connector each on virtual stations); absent means the whole station.
  const evse = command.payload['evse'] as { id?: unknown } | undefined;
  const evseId = command.payload['evseId'] ?? evse?.id;
  const named = command.payload['connectorId'] ?? (typeof evseId === 'number' ? connectorOfEvse(evseId) : evseId);
  return named === undefined || named === connectorId;
}

function describeCommand(action: string, payload: Record<string, unknown> | undefined): string {
  return payload && Object.keys(payload).length > 0 ? `${action} ${JSON.stringify(payload)}` : action;
}
