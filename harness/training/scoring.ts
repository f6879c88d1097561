/**
 * Scores a closed drill against what the automatic playbook would have done (drill-plan.ts, docs/domain.md §5):
 * one item per rule, each passed or failed with its points and why. Pure: the drill book hands in the plan,
 * the trainee's actions and when the issue was raised.
 */
import type { DrillPlan } from './drill-plan.js';
import type { DrillAction, DrillScore, ScoreItem, ScoreRule } from './drill-types.js';

/** Points per rule: a reset on a safety fault weighs most, as it can hurt someone. */
export const RULE_POINTS: Readonly<Record<ScoreRule, number>> = {
  'first-remote-action': 2,
  'no-reset-on-safety': 3,
  'right-tier': 2,
  'time-to-escalate': 1,
  'right-part': 1,
  'closed-after-verified': 1,
};

export interface ScoreInput {
  plan: DrillPlan;
  actions: readonly DrillAction[];
  /** Simulated ms from the drill's start to the issue being raised (0 when not raised). */
  issueAfterMs: number;
}

type Of<T extends DrillAction['type']> = Extract<DrillAction, { type: T }>;

function first<T extends DrillAction['type']>(actions: readonly DrillAction[], type: T): Of<T> | undefined {
  return actions.find((action): action is Of<T> => action.type === type);
}

function minutes(ms: number): string {
  return `${Math.round(ms / 6_000) / 10} min`;
}

export function scoreDrill(input: ScoreInput): DrillScore {
  const { plan, actions } = input;
  const closeIndex = actions.findIndex((action) => action.type === 'close');
  const upToClose = closeIndex < 0 ? actions : actions.slice(0, closeIndex);
  const lastVerify = [...upToClose].reverse().find((action): action is Of<'verify'> => action.type === 'verify');
  const verified = lastVerify?.available === true;
  const escalation = first(actions, 'escalate');
  // Fixed without escalating: only where the desk itself escalates only when its ladder fails.
  const fixedRemotely = escalation === undefined && !plan.escalation.required && verified;

  const item = (rule: ScoreRule, passed: boolean, detail: string): ScoreItem => ({ rule, points: passed ? RULE_POINTS[rule] : 0, max: RULE_POINTS[rule], passed, detail });
  const items = [
    firstRemoteAction(plan, first(actions, 'remote-action'), item),
    noResetOnSafety(plan, actions, item),
    rightTier(plan, escalation, fixedRemotely, item),
    timeToEscalate(plan, escalation, fixedRemotely, input.issueAfterMs, item),
    rightPart(plan, first(actions, 'work-order'), escalation, fixedRemotely, item),
    closeIndex < 0
      ? item('closed-after-verified', false, 'the drill was not closed')
      : verified
        ? item('closed-after-verified', true, 'the connector was verified Available before closing')
        : item('closed-after-verified', false, lastVerify ? `the last check before closing found ${lastVerify.status}, not Available` : 'closed without verifying the connector is Available'),
  ];
  return { items, total: items.reduce((sum, i) => sum + i.points, 0), max: items.reduce((sum, i) => sum + i.max, 0) };
}

type Item = (rule: ScoreRule, passed: boolean, detail: string) => ScoreItem;

function firstRemoteAction(plan: DrillPlan, action: Of<'remote-action'> | undefined, item: Item): ScoreItem {
  const sent = action === undefined ? 'none' : action.step ?? action.action;
  if (plan.firstStep === undefined) {
    // The safety response itself (taking the connector out of service) is what the desk does first.
    if (action === undefined) return item('first-remote-action', true, `none, as the playbook: ${plan.issueType} gets no remote recovery`);
    if (plan.safety && action.step === 'make-inoperative') return item('first-remote-action', true, 'ChangeAvailability Inoperative, as the playbook does on a safety fault');
    return item('first-remote-action', false, `${sent} was sent first; the playbook sends ${plan.safety ? 'only ChangeAvailability Inoperative' : 'no remote action'} for ${plan.issueType}`);
  }
  if (action?.step === plan.firstStep) return item('first-remote-action', true, `${plan.firstStep}, the playbook's first step for ${plan.issueType}`);
  return item('first-remote-action', false, `${sent} was ${action === undefined ? 'sent' : 'sent first'}; the playbook's first step for ${plan.issueType} is ${plan.firstStep}`);
}

function noResetOnSafety(plan: DrillPlan, actions: readonly DrillAction[], item: Item): ScoreItem {
  if (!plan.safety) return item('no-reset-on-safety', true, `not a safety fault (${plan.issueType})`);
  const resets = actions.filter((action) => action.type === 'remote-action' && action.action === 'Reset').length;
  return resets === 0
    ? item('no-reset-on-safety', true, `no Reset on a safety fault${plan.errorCode ? ` (${plan.errorCode})` : ''}`)
    : item('no-reset-on-safety', false, `${resets} Reset${resets > 1 ? 's' : ''} sent on a safety fault${plan.errorCode ? ` (${plan.errorCode})` : ''}: never reset a station with a safety fault open`);
}

function rightTier(plan: DrillPlan, escalation: Of<'escalate'> | undefined, fixedRemotely: boolean, item: Item): ScoreItem {
  const expected = plan.escalation.target;
  if (escalation === undefined) {
    return fixedRemotely
      ? item('right-tier', true, `no escalation needed: recovered remotely (the playbook escalates to ${expected} only when its ladder fails)`)
      : item('right-tier', false, `not escalated; the escalation matrix sends ${plan.issueType} to ${expected}`);
  }
  return escalation.tier === expected
    ? item('right-tier', true, `escalated to ${expected}, as the escalation matrix says`)
    : item('right-tier', false, `escalated to ${escalation.tier}; the escalation matrix sends ${plan.issueType} to ${expected}`);
}

function timeToEscalate(plan: DrillPlan, escalation: Of<'escalate'> | undefined, fixedRemotely: boolean, issueAfterMs: number, item: Item): ScoreItem {
  const within = plan.escalation.withinMs;
  if (escalation === undefined) {
    return fixedRemotely ? item('time-to-escalate', true, 'no escalation needed: recovered remotely') : item('time-to-escalate', false, `not escalated; the playbook escalates within ${minutes(within)}`);
  }
  const took = Math.max(0, escalation.afterMs - issueAfterMs);
  return took <= within
    ? item('time-to-escalate', true, `escalated ${minutes(took)} after the issue, within the ${minutes(within)} allowed`)
    : item('time-to-escalate', false, `escalated ${minutes(took)} after the issue; allowed ${minutes(within)}`);
}

function rightPart(plan: DrillPlan, order: Of<'work-order'> | undefined, escalation: Of<'escalate'> | undefined, fixedRemotely: boolean, item: Item): ScoreItem {
  if (plan.workOrder === 'none') {
    return order === undefined ? item('right-part', true, `no field visit needed for ${plan.issueType}`) : item('right-part', false, `a work order (${order.part}) was opened; ${plan.issueType} needs no field visit`);
  }
  if (order === undefined) {
    if (plan.workOrder === 'if-escalated' && (fixedRemotely || (escalation !== undefined && escalation.tier !== 'field-engineering'))) {
      return item('right-part', true, 'no field visit needed');
    }
    return item('right-part', false, `no work order; the field needs: ${plan.part}`);
  }
  return order.part === plan.part ? item('right-part', true, `work order for ${plan.part}`) : item('right-part', false, `work order for ${order.part}; the field needs: ${plan.part}`);
}
