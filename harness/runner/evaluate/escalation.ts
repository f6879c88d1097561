/**
 * `escalation: field-engineering, within: 1m`: an issue in scope was handed to that team in time. Other
 * teams first are fine (Tier 2, then the field); only the expected team in time passes.
 */
import { siteOfStation } from '../../../simulator/vocabulary/site.js';
import type { EscalationObservation, ObservationLog } from '../observations.js';
import type { EscalationExpectation } from '../scenario/model.js';
import { anchorMs, anchorName, base, ms, place, type EvalContext, type Judgement } from './context.js';

export function judgeEscalation(expectation: EscalationExpectation, ctx: EvalContext): Judgement {
  const { target } = expectation;
  const within = ms(expectation.withinMs);
  const scope = expectation.issue ? `${expectation.issue} on ${place(expectation)}` : expectation.stationId || expectation.siteId ? place(expectation) : undefined;
  const common = {
    ...base(expectation, `escalation to ${target} within ${within}`, `${scope ? `${scope} ` : ''}escalated to ${target} within ${within} of ${anchorName(expectation.from)}`),
    budgetMs: expectation.withinMs,
  };
  const from = anchorMs(expectation.from, ctx.log);
  if (from === undefined) return { state: 'pending', blocksEarlyEnd: true, result: { ...common, status: 'failed', observed: 'the step it counts from never ran' } };
  const seen = ctx.log.escalations.filter((e) => e.atMs >= from - ctx.clockSlackMs && e.atMs <= ctx.scenario.endMs && inScope(expectation, e, ctx.log)).sort((a, b) => a.atMs - b.atMs);
  const right = seen.find((e) => e.target === target);
  const after = (e: EscalationObservation) => ms(Math.max(0, e.atMs - from));
  if (right && right.atMs - from <= expectation.withinMs) {
    return { state: 'passed', blocksEarlyEnd: false, result: { ...common, status: 'passed', observed: `went to ${target} after ${after(right)}`, latencyMs: Math.round(Math.max(0, right.atMs - from)) } };
  }
  const deadline = from + expectation.withinMs;
  if (!right && ctx.horizonMs < deadline && !ctx.ended) return { state: 'pending', blocksEarlyEnd: true, result: { ...common, status: 'failed', observed: 'not escalated yet' } };
  const others = seen.filter((e) => e.target !== target && e.atMs - from <= expectation.withinMs);
  let observed: string;
  let message: string;
  if (others.length > 0) {
    observed = `went to ${others.map((e) => `${e.target} after ${after(e)}`).join(', then ')}`;
    message = `escalation expected to ${target}, ${observed}`;
  } else if (right) {
    observed = `went to ${target} after ${after(right)}`;
    message = `escalation to ${target} expected within ${within}, ${observed}`;
  } else {
    observed = `no escalation (watched for ${ms(Math.max(0, ctx.horizonMs - from))})`;
    message = `escalation to ${target} expected within ${within}, ${observed}`;
  }
  return { state: 'failed', blocksEarlyEnd: false, result: { ...common, status: 'failed', observed, message, ...(right ? { latencyMs: Math.round(Math.max(0, right.atMs - from)) } : {}) } };
}

/** The escalated issue is the expectation's type, station and site where it names them. */
function inScope(expectation: EscalationExpectation, escalation: EscalationObservation, log: ObservationLog): boolean {
  if (expectation.issue === undefined && expectation.stationId === undefined && expectation.siteId === undefined) return true;
  const issue = log.issues.get(escalation.issueId);
  if (!issue) return false;
  if (expectation.issue !== undefined && issue.type !== expectation.issue) return false;
  if (expectation.stationId !== undefined && issue.stationId !== expectation.stationId) return false;
  const site = issue.siteId ?? (issue.stationId ? siteOfStation(issue.stationId) : undefined);
  return expectation.siteId === undefined || site === expectation.siteId;
}
