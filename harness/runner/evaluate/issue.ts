/** `issue: safety-fault, station: S1-CP1, within: 30s`: raised, and raised in time (from the issue's own raisedAt). */
import type { IssueExpectation } from '../scenario/model.js';
import { anchorMs, anchorName, base, ms, place, type EvalContext, type Judgement } from './context.js';
import { issueInScope } from './matching.js';

export function judgeIssue(expectation: IssueExpectation, ctx: EvalContext): Judgement {
  const where = place(expectation);
  const within = ms(expectation.withinMs);
  const common = {
    ...base(expectation, `${expectation.issue} on ${where} within ${within}`, `${expectation.issue} on ${where} raised within ${within} of ${anchorName(expectation.from)}`),
    budgetMs: expectation.withinMs,
  };
  const from = anchorMs(expectation.from, ctx.log);
  if (from === undefined) return { state: 'pending', blocksEarlyEnd: true, result: { ...common, status: 'failed', observed: 'the step it counts from never ran' } };
  const first = [...ctx.log.issues.values()]
    .filter((issue) => issueInScope({ ...expectation, issue: expectation.issue }, issue) && issue.raisedAtMs >= from - ctx.clockSlackMs && issue.raisedAtMs <= ctx.scenario.endMs)
    .sort((a, b) => a.raisedAtMs - b.raisedAtMs)[0];
  if (first) {
    const latencyMs = Math.max(0, first.raisedAtMs - from);
    const observed = `raised after ${ms(latencyMs)}`;
    if (latencyMs <= expectation.withinMs) return { state: 'passed', blocksEarlyEnd: false, result: { ...common, status: 'passed', observed, latencyMs: Math.round(latencyMs) } };
    return fail(common, observed, `${expectation.issue} on ${where} expected within ${within}, ${observed}`, latencyMs);
  }
  const deadline = from + expectation.withinMs;
  if (ctx.horizonMs < deadline && !ctx.ended) return { state: 'pending', blocksEarlyEnd: true, result: { ...common, status: 'failed', observed: 'not raised yet' } };
  const watched = ms(Math.max(0, ctx.horizonMs - from));
  return fail(common, `not raised (watched for ${watched})`, `${expectation.issue} on ${where} expected within ${within}, not raised (watched for ${watched})`);
}

function fail(common: ReturnType<typeof base> & { budgetMs: number }, observed: string, message: string, latencyMs?: number): Judgement {
  return { state: 'failed', blocksEarlyEnd: false, result: { ...common, status: 'failed', observed, message, ...(latencyMs !== undefined ? { latencyMs: Math.round(latencyMs) } : {}) } };
}
