/** One judgement per expectation, by kind; and whether the scenario's verdict can still change. */
import type { Expectation } from '../scenario/model.js';
import { judgeCommand, judgeNever } from './command.js';
import { judgeConnector } from './connector.js';
import type { EvalContext, Judgement } from './context.js';
import { judgeEscalation } from './escalation.js';
import { judgeIssue } from './issue.js';
import { judgeMetric, judgeUptime } from './measured.js';
import { unexpectedIssues } from './unexpected.js';

export function judge(expectation: Expectation, ctx: EvalContext): Judgement {
  switch (expectation.kind) {
    case 'issue':
      return judgeIssue(expectation, ctx);
    case 'escalation':
      return judgeEscalation(expectation, ctx);
    case 'command':
      return judgeCommand(expectation, ctx);
    case 'never':
      return judgeNever(expectation, ctx);
    case 'connector':
      return judgeConnector(expectation, ctx);
    case 'uptime':
      return judgeUptime(expectation, ctx);
    case 'metric':
      return judgeMetric(expectation, ctx);
  }
}

/**
 * The scenario can end before `endMs` once it has failed and only `never` and the unexpected-issue check
 * are still open: they cannot turn a failure into a pass, and what they saw so far is true. A pending
 * `within` runs to its deadline so its message says what happened; end statuses and whole-run numbers
 * need the end.
 */
export function canEndEarly(judgements: readonly Judgement[], ctx: EvalContext): boolean {
  const failed = judgements.some((j) => j.state === 'failed') || unexpectedIssues(ctx.scenario, ctx.log).length > 0;
  return failed && !judgements.some((j) => j.state === 'pending' && j.blocksEarlyEnd);
}
