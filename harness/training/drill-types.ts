/** A scored drill as the drill API shows it (docs/training.md). Times are the training clock's simulated time. */
import type { Severity } from '../issues/catalogue.js';
import type { EscalationTarget } from '../issues/teams.js';
import type { PlaybookStepView, RemoteStep } from './drill-plan.js';

export const DRILL_ACTION_TYPES = ['classify', 'remote-action', 'escalate', 'work-order', 'verify', 'close'] as const;
export type DrillActionType = (typeof DRILL_ACTION_TYPES)[number];

interface ActionStamp {
  /** ISO 8601, simulated. */
  at: string;
  /** Simulated ms since the drill started. */
  afterMs: number;
}

export type DrillAction = ActionStamp &
  (
    | { type: 'classify'; severity: Severity }
    | {
        type: 'remote-action';
        action: string;
        /** The OCPP request as sent. */
        payload: Record<string, unknown>;
        /** The desk's ladder rung this action is, if it is one. */
        step?: RemoteStep;
        /** The station's answer, or why there was none. */
        response?: Record<string, unknown>;
        error?: { code: string; message: string };
      }
    | { type: 'escalate'; tier: EscalationTarget }
    | { type: 'work-order'; part: string }
    | { type: 'verify'; available: boolean; status: string }
    | { type: 'close' }
  );

export type ScoreRule = 'first-remote-action' | 'no-reset-on-safety' | 'right-tier' | 'time-to-escalate' | 'right-part' | 'closed-after-verified';

export interface ScoreItem {
  rule: ScoreRule;
  points: number;
  max: number;
  passed: boolean;
  detail: string;
}

export interface DrillScore {
  items: ScoreItem[];
  total: number;
  max: number;
}

export interface TimelineEntry {
  /** Simulated ms since the drill started. */
  afterMs: number;
  what: string;
}

export interface DrillDebrief {
  issue: { type: string; errorCode?: string; severity: Severity; raisedAfterMs: number; source: 'detector' | 'fault' };
  classification: { given?: Severity; expected: Severity };
  trainee: TimelineEntry[];
  playbook: TimelineEntry[];
}

export interface DrillView {
  id: string;
  trainee: string;
  stationIds: string[];
  connectorId?: number;
  fault: { kind: string; params: Record<string, unknown>; controlFaultId: string };
  state: 'running' | 'closed';
  startedAt: string;
  closedAt?: string;
  actions: DrillAction[];
  score?: DrillScore;
  debrief?: DrillDebrief;
}

/** The playbook's timeline, moved from "after the issue was raised" to "after the drill started". */
export function playbookTimeline(steps: readonly PlaybookStepView[], issueAfterMs: number): TimelineEntry[] {
  return steps.map((step) => ({ afterMs: issueAfterMs + step.afterMs, what: step.what }));
}
