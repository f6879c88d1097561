/**
 * What the playbook produces: tickets, escalations, work orders and the remote actions it tried.
 * Times (`at`, `...At`) are simulated epoch ms of the shared clock.
 */
import type { Issue, IssueType, Severity } from '../detector/types.js';

export type EscalationTarget =
  | 'tier-1'
  | 'tier-2'
  | 'field-engineering'
  | 'network-it'
  | 'manufacturer'
  | 'platform-leadership'
  | 'engineering'
  | 'management';

/** One rung of the remote-recovery ladder (docs/domain.md §5); config.ts lists them in the order the desk climbs them. */
export type LadderStep = 'trigger-status' | 'unlock-connector' | 'soft-reset' | 'hard-reset';

/** A ladder rung, or one of the commands that are not ladder rungs. */
export type ActionStep = LadderStep | 'make-inoperative' | 'test-session-start' | 'test-session-stop';

/** One real command sent to a station, with its answer or why it failed. */
export interface ActionRecord {
  id: string;
  issueId: string;
  ticketId: string;
  stationId: string;
  step: ActionStep;
  /** The OCPP action as sent (it differs per protocol version). */
  command: string;
  request: Record<string, unknown>;
  response?: Record<string, unknown>;
  error?: string;
  /** When the command was sent. */
  at: number;
  /** Whether the connector (or station) was verified back within the step's window; absent when not checked. */
  verified?: boolean;
  /** Set instead of sending, e.g. a reset skipped because a safety fault is open on the station. */
  skipped?: string;
}

export interface EscalationRecord {
  id: string;
  issueId: string;
  ticketId: string;
  target: EscalationTarget;
  reason: string;
  at: number;
  accountManagerInformed?: boolean;
}

/** A few entries of the station's message log, as the injected `messageLog` returned them. */
export type MessageLogExcerpt = unknown[];

/**
 * How a ticket ended. `remote`: the desk's remote action was verified (first-contact resolution);
 * `field`: closed after a work order; `escalated`: resolved after an escalation without a work order;
 * `self-cleared`: the issue resolved before the desk did anything; `superseded`: another issue took it over.
 */
export type TicketResolution = 'remote' | 'field' | 'escalated' | 'self-cleared' | 'superseded';

export interface Ticket {
  id: string;
  issueId: string;
  issueType: IssueType;
  issueCode: string;
  severity: Severity;
  /** The issue as last seen (kept so a restarted CSMS can keep handling the ticket). */
  issue: Issue;
  stationId?: string;
  evseId?: number;
  connectorId?: number;
  siteId?: string;
  status: 'open' | 'closed';
  /** Who holds the ticket now: the desk until the first escalation. */
  assignedTo: 'desk' | EscalationTarget;
  /** The part a field visit needs, from the error code. */
  part?: string;
  openedAt: number;
  /** When the desk's remote action was verified. */
  recoveredAt?: number;
  issueResolvedAt?: number;
  closedAt?: number;
  resolution?: TicketResolution;
  /** Everything tried so far, in order. */
  actions: ActionRecord[];
  escalations: EscalationRecord[];
  workOrderIds: string[];
  messageLog: MessageLogExcerpt;
  notes: string[];
}

export interface WorkOrder {
  id: string;
  ticketId: string;
  issueId: string;
  stationId: string;
  evseId?: number;
  /** Absent for a station-wide visit (any connector back to Available closes it). */
  connectorId?: number;
  siteId?: string;
  part: string;
  reason: string;
  status: 'open' | 'closed';
  openedAt: number;
  technicianDueAt: number;
  closedAt?: number;
  /** The status event that proved the connector back in service. */
  verifiedBy?: { seq: number; at: number; connectorId: number; evseId?: number; status: string };
  /** Snapshot of what the desk tried before dispatching. */
  actionsTried: ActionRecord[];
  messageLog: MessageLogExcerpt;
}

export type Change = 'opened' | 'updated' | 'closed';

export interface PlaybookEvents {
  action: [action: ActionRecord];
  escalation: [escalation: EscalationRecord];
  ticket: [event: { ticket: Ticket; change: Change }];
  'work-order': [event: { workOrder: WorkOrder; change: Change }];
  /** A handler threw or a store write failed; the playbook carries on. */
  'internal-error': [error: unknown, where: string];
}
