/** Scoring a drill against the playbook: each rule passes and fails, and a failed rule costs exactly its points. */
import { describe, expect, it } from 'vitest';
import { parsePlaybookConfig } from '../../../harness/playbook/config.js';
import { AT_ONCE_ALLOWANCE_MS, drillPlan, type DrillIssueFacts } from '../../../harness/training/drill-plan.js';
import type { DrillAction, ScoreRule } from '../../../harness/training/drill-types.js';
import { RULE_POINTS, scoreDrill } from '../../../harness/training/scoring.js';

const config = parsePlaybookConfig();
const GROUND: DrillIssueFacts = { issueType: 'safety-fault', errorCode: 'GroundFailure' };
const STUCK: DrillIssueFacts = { issueType: 'stuck-finishing' };
const MAX = Object.values(RULE_POINTS).reduce((a, b) => a + b, 0);

let clock = 0;
/** Actions one simulated minute apart unless `afterMs` is given. */
function act(action: Record<string, unknown> & { type: DrillAction['type'] }, afterMs?: number): DrillAction {
  clock = afterMs ?? clock + 60_000;
  return { at: new Date(clock).toISOString(), afterMs: clock, ...action } as DrillAction;
}

function score(facts: DrillIssueFacts, actions: DrillAction[], issueAfterMs = 0) {
  const result = scoreDrill({ plan: drillPlan(facts, config), actions, issueAfterMs });
  const item = (rule: ScoreRule) => result.items.find((i) => i.rule === rule)!;
  return { ...result, item };
}

/** The textbook handling of a ground fault: escalated to field engineering with the RCD module, verified, closed. */
function groundByTheBook(): DrillAction[] {
  clock = 0;
  return [
    act({ type: 'classify', severity: 'critical' }),
    act({ type: 'escalate', tier: 'field-engineering' }),
    act({ type: 'work-order', part: 'RCD / ground-fault module' }),
    act({ type: 'verify', available: true, status: 'Available' }),
    act({ type: 'close' }),
  ];
}

describe('the plan: what the playbook would do', () => {
  it('a ground fault: no ladder, field engineering at once, the RCD module', () => {
    const plan = drillPlan(GROUND, config);
    expect(plan).toMatchObject({ safety: true, firstStep: undefined, escalation: { target: 'field-engineering', required: true }, part: 'RCD / ground-fault module', workOrder: 'required', severity: 'critical' });
    expect(plan.playbook[0]).toEqual({ afterMs: 0, what: 'ChangeAvailability Inoperative (no reset while a safety fault is open)' });
  });

  it('stuck-finishing: the ladder starts with unlock-connector; field engineering only after every rung failed', () => {
    const plan = drillPlan(STUCK, config);
    const ladderMs = config.verifyAvailableWithinMs['unlock-connector'] + config.verifyAvailableWithinMs['soft-reset'] + config.verifyAvailableWithinMs['hard-reset'];
    expect(plan).toMatchObject({ safety: false, firstStep: 'unlock-connector', escalation: { target: 'field-engineering', required: false, withinMs: ladderMs + AT_ONCE_ALLOWANCE_MS }, part: 'connector and cable inspection' });
    expect(plan.playbook.map((s) => s.afterMs).slice(0, 4)).toEqual([0, 120_000, 420_000, ladderMs]);
  });

  it('a reboot loop with the firmware cause goes to the manufacturer without a work order', () => {
    expect(drillPlan({ issueType: 'reboot-loop', likelyCause: 'firmware' }, config)).toMatchObject({ escalation: { target: 'manufacturer' }, workOrder: 'none', firstStep: undefined });
  });
});

describe('scoring', () => {
  it('a ground fault escalated to field engineering with the RCD module, verified and closed, gets full marks', () => {
    const result = score(GROUND, groundByTheBook());
    expect(result.items.filter((i) => !i.passed)).toEqual([]);
    expect(result.total).toBe(MAX);
    expect(result.max).toBe(MAX);
  });

  it('the same escalated to the wrong tier loses exactly right-tier', () => {
    const actions = groundByTheBook().map((a) => (a.type === 'escalate' ? { ...a, tier: 'tier-2' as const } : a));
    const result = score(GROUND, actions);
    expect(result.total).toBe(MAX - RULE_POINTS['right-tier']);
    expect(result.item('right-tier')).toMatchObject({ passed: false, points: 0, detail: 'escalated to tier-2; the escalation matrix sends safety-fault to field-engineering' });
  });

  it('a Reset on a safety fault loses no-reset-on-safety (and, sent first, first-remote-action)', () => {
    clock = 0;
    const reset = act({ type: 'remote-action', action: 'Reset', payload: { type: 'Soft' }, step: 'soft-reset', response: { status: 'Accepted' } });
    const result = score(GROUND, [reset, ...groundByTheBook().map((a) => ({ ...a, afterMs: a.afterMs + 60_000 }))]);
    expect(result.item('no-reset-on-safety')).toMatchObject({ passed: false, points: 0 });
    expect(result.item('first-remote-action')).toMatchObject({ passed: false, points: 0 });
    expect(result.total).toBe(MAX - RULE_POINTS['no-reset-on-safety'] - RULE_POINTS['first-remote-action']);
  });

  it('ChangeAvailability Inoperative first on a safety fault is what the playbook does', () => {
    clock = 0;
    const inoperative = act({ type: 'remote-action', action: 'ChangeAvailability', payload: { connectorId: 1, type: 'Inoperative' }, step: 'make-inoperative', response: { status: 'Accepted' } });
    expect(score(GROUND, [inoperative, ...groundByTheBook()]).item('first-remote-action').passed).toBe(true);
  });

  it('time-to-escalate counts from the issue and fails past the allowance', () => {
    clock = 0;
    const late = [act({ type: 'escalate', tier: 'field-engineering' }, AT_ONCE_ALLOWANCE_MS + 30_000), act({ type: 'work-order', part: 'RCD / ground-fault module' }), act({ type: 'verify', available: true, status: 'Available' }), act({ type: 'close' })];
    expect(score(GROUND, late).item('time-to-escalate').passed).toBe(false);
    // The same moment is in time when the issue was raised a minute after the drill began.
    expect(score(GROUND, late, 60_000).item('time-to-escalate').passed).toBe(true);
    expect(score(GROUND, late).total).toBe(MAX - RULE_POINTS['time-to-escalate']);
  });

  it('right-part fails for the wrong part and for no work order where the field needs one', () => {
    const wrong = groundByTheBook().map((a) => (a.type === 'work-order' ? { ...a, part: 'energy meter' } : a));
    expect(score(GROUND, wrong).item('right-part')).toMatchObject({ passed: false, detail: 'work order for energy meter; the field needs: RCD / ground-fault module' });
    const none = groundByTheBook().filter((a) => a.type !== 'work-order');
    expect(score(GROUND, none).item('right-part').passed).toBe(false);
  });

  it('closed-after-verified fails when the last check found the connector out of service, or there was none', () => {
    const unverified = groundByTheBook().map((a) => (a.type === 'verify' ? { ...a, available: false, status: 'Unavailable' } : a));
    expect(score(GROUND, unverified).item('closed-after-verified')).toMatchObject({ passed: false, detail: 'the last check before closing found Unavailable, not Available' });
    expect(score(GROUND, groundByTheBook().filter((a) => a.type !== 'verify')).item('closed-after-verified').passed).toBe(false);
    expect(score(GROUND, groundByTheBook().filter((a) => a.type !== 'close')).item('closed-after-verified').detail).toBe('the drill was not closed');
  });

  it('stuck-finishing recovered by UnlockConnector needs no escalation and gets full marks', () => {
    clock = 0;
    const actions = [
      act({ type: 'remote-action', action: 'UnlockConnector', payload: { connectorId: 1 }, step: 'unlock-connector', response: { status: 'Unlocked' } }),
      act({ type: 'verify', available: true, status: 'Available' }),
      act({ type: 'close' }),
    ];
    const result = score(STUCK, actions);
    expect(result.items.filter((i) => !i.passed)).toEqual([]);
    expect(result.item('no-reset-on-safety').detail).toBe('not a safety fault (stuck-finishing)');
  });

  it('stuck-finishing started with a hard reset loses first-remote-action; left unrecovered without escalating loses the tier and time', () => {
    clock = 0;
    const actions = [
      act({ type: 'remote-action', action: 'Reset', payload: { type: 'Hard' }, step: 'hard-reset', response: { status: 'Accepted' } }),
      act({ type: 'verify', available: false, status: 'Finishing' }),
      act({ type: 'close' }),
    ];
    const result = score(STUCK, actions);
    expect(result.item('first-remote-action')).toMatchObject({ passed: false, detail: "hard-reset was sent first; the playbook's first step for stuck-finishing is unlock-connector" });
    expect(result.item('no-reset-on-safety').passed).toBe(true);
    expect(result.item('right-tier').passed).toBe(false);
    expect(result.item('time-to-escalate').passed).toBe(false);
  });

  it('an escalate-only issue passes first-remote-action with none and fails it with any remote action', () => {
    clock = 0;
    const escalated = [act({ type: 'escalate', tier: 'tier-1' }), act({ type: 'verify', available: true, status: 'Available' }), act({ type: 'close' })];
    const facts: DrillIssueFacts = { issueType: 'authorization-failures' };
    expect(score(facts, escalated).total).toBe(MAX);
    clock = 0;
    const trigger = act({ type: 'remote-action', action: 'TriggerMessage', payload: { requestedMessage: 'StatusNotification' }, step: 'trigger-status', response: { status: 'Accepted' } });
    expect(score(facts, [trigger, ...escalated]).item('first-remote-action').passed).toBe(false);
    // A work order where no field visit is needed is wrong too.
    expect(score(facts, [...escalated.slice(0, 1), act({ type: 'work-order', part: 'RFID reader' }), ...escalated.slice(1)]).item('right-part').passed).toBe(false);
  });
});
