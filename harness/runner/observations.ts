/**
 * Everything a scenario can assert, as timestamped observations. Times are simulated ms since the
 * scenario's start (after the fleet booted); each kind of observation has its own list so expectations
 * read only what they need, and the timeline for the report is kept alongside.
 */
import { EventEmitter } from 'node:events';
import type { TimelineEntry, TimelineKind } from '../../reports/result.js';
import type { EscalationTarget } from '../issues/teams.js';

export interface IssueObservation {
  id: string;
  type: string;
  code: string;
  severity: string;
  stationId?: string;
  siteId?: string;
  /** The station's connector (2.0.1: the EVSE id, as scenario files count connectors). */
  connectorId?: number;
  parentId?: string;
  raisedAtMs: number;
  resolvedAtMs?: number;
  /** Where it came from: the bundled CSMS's desk, or a third party's alert. */
  source: 'desk' | 'alert';
}

export interface EscalationObservation {
  id: string;
  issueId: string;
  target: EscalationTarget;
  reason: string;
  atMs: number;
}

/** A CALL the CSMS sent, as the station received it (works against any CSMS). */
export interface CommandObservation {
  stationId: string;
  action: string;
  payload: Record<string, unknown>;
  atMs: number;
}

export interface WorkOrderObservation {
  id: string;
  stationId: string;
  connectorId?: number;
  part: string;
  change: 'opened' | 'updated' | 'closed';
  atMs: number;
}

export interface TechnicianObservation {
  type: 'technician-arrived' | 'technician-repaired' | 'technician-recommissioned' | 'technician-test-session' | 'technician-left';
  stationId: string;
  workOrderId: string;
  atMs: number;
  /** On `technician-left`: each connector's status at that moment, in the scenario protocol's words. */
  statuses?: Record<number, string>;
}

/** A scripted session the CSMS refused: the token's status in its answer. */
export interface SessionRefusedObservation {
  stationId: string;
  connectorId: number;
  idTag: string;
  /** Invalid, Blocked, Expired, ConcurrentTx, NotAtThisLocation, ... */
  status: string;
  atMs: number;
}

export interface StepObservation {
  index: number;
  atMs: number;
}

export interface ObservationEvents {
  changed: [];
}

export class ObservationLog extends EventEmitter<ObservationEvents> {
  readonly issues = new Map<string, IssueObservation>();
  readonly escalations: EscalationObservation[] = [];
  readonly commands: CommandObservation[] = [];
  readonly workOrders: WorkOrderObservation[] = [];
  readonly technician: TechnicianObservation[] = [];
  readonly refusedSessions: SessionRefusedObservation[] = [];
  /** When each step actually ran, by step index: `within` counts from here. */
  readonly steps = new Map<number, StepObservation>();
  readonly timeline: TimelineEntry[] = [];
  /** Things the run could not do as asked (e.g. CSMS set-up that cannot be applied remotely). */
  readonly warnings: string[] = [];

  constructor(
    /** Simulated epoch ms of the scenario's time 0. */
    readonly startEpochMs: number,
  ) {
    super();
  }

  /** Scenario ms of a simulated epoch instant. */
  relative(epochMs: number): number {
    return epochMs - this.startEpochMs;
  }

  issueRaised(issue: IssueObservation, text: string): void {
    if (this.issues.has(issue.id)) return;
    this.issues.set(issue.id, issue);
    this.note(issue.raisedAtMs, 'issue-raised', text, issue);
  }

  issueResolved(id: string, atMs: number, text: string): void {
    const issue = this.issues.get(id);
    if (!issue || issue.resolvedAtMs !== undefined) return;
    issue.resolvedAtMs = atMs;
    this.note(atMs, 'issue-resolved', text, issue);
  }

  escalation(escalation: EscalationObservation): void {
    this.escalations.push(escalation);
    const issue = this.issues.get(escalation.issueId);
    this.note(escalation.atMs, 'escalation', `escalated to ${escalation.target}: ${escalation.reason}`, issue ?? {});
  }

  command(command: CommandObservation): void {
    this.commands.push(command);
    this.note(command.atMs, 'command', `${command.stationId} received ${command.action} ${JSON.stringify(command.payload)}`, { stationId: command.stationId });
  }

  workOrder(workOrder: WorkOrderObservation): void {
    this.workOrders.push(workOrder);
    this.note(workOrder.atMs, 'work-order', `work order ${workOrder.id} ${workOrder.change} (${workOrder.part})`, workOrder);
  }

  technicianEvent(event: TechnicianObservation, text: string): void {
    this.technician.push(event);
    this.note(event.atMs, 'technician', text, { stationId: event.stationId });
  }

  sessionRefused(refusal: SessionRefusedObservation): void {
    this.refusedSessions.push(refusal);
    const where = { stationId: refusal.stationId, connectorId: refusal.connectorId };
    this.note(refusal.atMs, 'session-refused', `${refusal.stationId} connector ${refusal.connectorId}: session refused (${refusal.status}) for token ${refusal.idTag}`, where);
  }

  step(index: number, atMs: number): void {
    this.steps.set(index, { index, atMs });
    this.emit('changed');
  }

  /** A timeline entry that no expectation reads (desk actions, station statuses, steps). */
  note(atMs: number, kind: TimelineKind, text: string, where: { stationId?: string; siteId?: string; connectorId?: number } = {}): void {
    this.timeline.push({
      // Whole ms are plenty for a report; verdicts use the exact times of the observation lists.
      atMs: Math.round(atMs),
      kind,
      text,
      ...(where.stationId ? { stationId: where.stationId } : {}),
      ...(where.connectorId !== undefined ? { connectorId: where.connectorId } : {}),
      ...(where.siteId ? { siteId: where.siteId } : {}),
    });
    this.emit('changed');
  }

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  sortedTimeline(): TimelineEntry[] {
    // Stable: entries at the same moment keep the order they were observed in.
    return this.timeline.map((entry, i) => ({ entry, i })).sort((a, b) => a.entry.atMs - b.entry.atMs || a.i - b.i).map(({ entry }) => entry);
  }
}
