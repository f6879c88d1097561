/**
 * What the automatic playbook would do for a drill's issue (docs/domain.md §5), derived from the same
 * escalation matrix (harness/playbook/routing.ts), ladders, windows and parts the desk uses, so a trainee is
 * scored against the desk's own rules and the debrief can show its timeline beside the trainee's.
 */
import type { Issue } from '../detector/types.js';
import { ISSUE_TYPES, type IssueType, type Severity } from '../issues/catalogue.js';
import type { LadderStep } from '../issues/ladder-steps.js';
import type { EscalationTarget } from '../issues/teams.js';
import type { PlaybookConfig } from '../playbook/config.js';
import { partFor } from '../playbook/parts.js';
import { handlingFor } from '../playbook/routing.js';

/** A remote action as a rung of the desk's ladder, or the safety response (ChangeAvailability Inoperative). */
export type RemoteStep = LadderStep | 'make-inoperative';

/** The issue a drill is about: the detector's issue on the drilled station, or what the fault would raise. */
export interface DrillIssueFacts {
  issueType: IssueType;
  errorCode?: string;
  likelyCause?: string;
  /** Whether the station could still be reached when the desk would have acted (connectivity issues). */
  connected?: boolean;
}

export interface PlaybookStepView {
  /** Simulated ms after the issue was raised. */
  afterMs: number;
  what: string;
}

export interface DrillPlan {
  issueType: IssueType;
  errorCode?: string;
  severity: Severity;
  /** A safety fault: never a reset. */
  safety: boolean;
  /** The ladder's first rung; undefined when the desk sends no remote action before escalating. */
  firstStep: RemoteStep | undefined;
  escalation: {
    target: EscalationTarget;
    /** False when the desk escalates only if its remote ladder fails. */
    required: boolean;
    /** Simulated ms after the issue was raised by which the desk would have escalated. */
    withinMs: number;
  };
  /** What a field visit needs, and whether the desk would open a work order at all. */
  part: string;
  workOrder: 'required' | 'if-escalated' | 'none';
  playbook: PlaybookStepView[];
}

/**
 * Slack given to an "at once" row of the matrix: a trainee reads, decides and types; the desk does it in the
 * same millisecond. Simulated time, as every drill time.
 */
export const AT_ONCE_ALLOWANCE_MS = 10 * 60_000;

const STEP_WORDS: Record<RemoteStep, string> = {
  'trigger-status': 'TriggerMessage StatusNotification',
  'unlock-connector': 'UnlockConnector',
  'soft-reset': 'Reset Soft (2.0.1 OnIdle)',
  'hard-reset': 'Reset Hard (2.0.1 Immediate)',
  'make-inoperative': 'ChangeAvailability Inoperative',
};

export function drillPlan(facts: DrillIssueFacts, config: PlaybookConfig): DrillPlan {
  const record = ISSUE_TYPES[facts.issueType];
  const issue = factsAsIssue(facts);
  const handling = handlingFor(issue, config);
  const part = partFor(issue);
  const base = { issueType: facts.issueType, ...(facts.errorCode !== undefined && { errorCode: facts.errorCode }), severity: record.severity, part };
  const timeRules = timeRuleSteps(facts.issueType, config);
  switch (handling.kind) {
    case 'safety':
      return {
        ...base,
        safety: true,
        firstStep: undefined,
        escalation: { target: 'field-engineering', required: true, withinMs: AT_ONCE_ALLOWANCE_MS },
        workOrder: 'required',
        playbook: [
          { afterMs: 0, what: `${STEP_WORDS['make-inoperative']} (no reset while a safety fault is open)` },
          { afterMs: 0, what: `escalate to field-engineering; work order: ${part}` },
          ...timeRules,
        ],
      };
    case 'ladder': {
      const steps: PlaybookStepView[] = [];
      let at = 0;
      for (const step of handling.ladder) {
        steps.push({ afterMs: at, what: `${STEP_WORDS[step]}, then wait up to ${Math.round(config.verifyAvailableWithinMs[step] / 1_000)} s for Available` });
        at += config.verifyAvailableWithinMs[step];
      }
      steps.push({ afterMs: at, what: `${handling.ladder.length > 0 ? 'ladder exhausted: ' : ''}escalate to field-engineering; work order: ${part}` });
      return {
        ...base,
        safety: false,
        firstStep: handling.ladder[0],
        escalation: { target: 'field-engineering', required: handling.ladder.length === 0, withinMs: at + AT_ONCE_ALLOWANCE_MS },
        workOrder: handling.ladder.length === 0 ? 'required' : 'if-escalated',
        playbook: [...steps, ...timeRules],
      };
    }
    case 'connectivity': {
      const grace = config.connectivityGraceMs;
      const reachable = facts.connected === true && handling.ladder.length > 0;
      const steps: PlaybookStepView[] = reachable
        ? [{ afterMs: grace, what: `${STEP_WORDS[handling.ladder[0] as LadderStep]} (the station is still connected)` }]
        : [
            { afterMs: grace, what: 'escalate to tier-2 (the station is unreachable)' },
            { afterMs: grace + config.offlineTier2ToFieldMs, what: `still offline: field-engineering; work order: ${part}` },
          ];
      return {
        ...base,
        safety: false,
        firstStep: reachable ? handling.ladder[0] : undefined,
        escalation: { target: reachable ? 'field-engineering' : 'tier-2', required: !reachable, withinMs: grace + AT_ONCE_ALLOWANCE_MS },
        workOrder: 'if-escalated',
        playbook: [{ afterMs: 0, what: `wait ${Math.round(grace / 1_000)} s of connectivity grace` }, ...steps, ...timeRules],
      };
    }
    case 'follow-parent':
      return {
        ...base,
        safety: false,
        firstStep: undefined,
        escalation: { target: 'network-it', required: true, withinMs: AT_ONCE_ALLOWANCE_MS },
        workOrder: 'none',
        playbook: [{ afterMs: 0, what: "part of a site outage: the site's ticket (network-it) carries it" }, ...timeRules],
      };
    case 'escalate':
      return {
        ...base,
        safety: false,
        firstStep: undefined,
        escalation: { target: handling.target, required: true, withinMs: AT_ONCE_ALLOWANCE_MS },
        workOrder: handling.workOrder ? 'required' : 'none',
        playbook: [{ afterMs: 0, what: `escalate to ${handling.target} (${handling.reason})${handling.workOrder ? `; work order: ${part}` : ''}` }, ...timeRules],
      };
  }
}

/** The matrix's time rows, as the desk would apply them while the issue stays open. */
function timeRuleSteps(issueType: IssueType, config: PlaybookConfig): PlaybookStepView[] {
  return [
    { afterMs: config.unresolvedToEngineeringMs, what: 'if still unresolved: escalate to engineering, account manager informed' },
    ...(ISSUE_TYPES[issueType].outage ? [{ afterMs: config.outageToManagementMs, what: 'if the outage persists: escalate to management' }] : []),
  ];
}

/** The routing and parts functions read an Issue; a drill knows only these facts of it. */
function factsAsIssue(facts: DrillIssueFacts): Issue {
  const record = ISSUE_TYPES[facts.issueType];
  return {
    id: 'drill',
    key: 'drill',
    type: facts.issueType,
    code: record.code,
    severity: record.severity,
    evidence: [],
    raisedAt: { simMs: 0, realMs: 0 },
    details: {
      ...(facts.errorCode !== undefined && { errorCode: facts.errorCode }),
      ...(facts.likelyCause !== undefined && { likelyCause: facts.likelyCause }),
    },
  };
}
