/**
 * One ticket from open to close (docs/domain.md §5): open it and handle it by its routing (make safe,
 * climb the ladder, escalate, wait for a reachable station), escalate and dispatch field service with the
 * right part, and close it once its issue is over and no work order is open.
 */
import type { Clock } from '../../simulator/clock.js';
import type { Issue } from '../detector/types.js';
import { sendAction } from './actions.js';
import type { PlaybookConfig } from './config.js';
import type { FieldTimers } from './field-timers.js';
import { climbLadder, connectorRefOf, type LadderDeps, type LadderOutcome, type RunState } from './ladder.js';
import { partFor } from './parts.js';
import type { Handling } from './routing.js';
import type { SafetyHolds } from './safety-holds.js';
import type { StationFacts } from './station-facts.js';
import { commandFor } from './station-commands.js';
import type { TicketBook } from './ticket-book.js';
import { OUTAGE_ISSUE_TYPES } from '../issues/catalogue.js';
import type { LadderStep } from '../issues/ladder-steps.js';
import type { EscalationTarget } from '../issues/teams.js';
import type { TimeRule, TimeRules } from './time-rules.js';
import type { Ticket, TicketResolution, WorkOrder } from './types.js';

export interface LifecycleDeps {
  clock: Clock;
  config: PlaybookConfig;
  book: TicketBook;
  timeRules: TimeRules;
  fieldTimers: FieldTimers;
  safety: SafetyHolds;
  facts: StationFacts;
  ladder: LadderDeps;
  /** Keeps asynchronous handling for `idle()` and reports its failure. */
  track(work: Promise<void>): void;
  stopped(): boolean;
}

export class TicketLifecycle {
  /** Ladders being climbed, by ticket id. */
  private readonly runs = new Map<string, RunState>();

  constructor(private readonly deps: LifecycleDeps) {}

  start(issue: Issue, handling: Handling): void {
    const { book, clock, facts } = this.deps;
    const part = OUTAGE_ISSUE_TYPES.has(issue.type) ? partFor(issue) : undefined;
    const ticket = book.open(issue, clock.now(), part, facts.excerpt(issue));
    this.deps.timeRules.arm(ticket);
    this.deps.track(this.execute(ticket, handling));
  }

  /** The ladder being climbed for a ticket, if one is. */
  runOf(ticketId: string): RunState | undefined {
    return this.runs.get(ticketId);
  }

  abortAll(): void {
    for (const run of this.runs.values()) run.aborted = true;
  }

  /** Closes the ticket once its issue is over (or the desk verified recovery) and no work order is open. */
  closeIfDone(ticket: Ticket, recoveredNow = false): void {
    const { book, clock } = this.deps;
    if (ticket.status === 'closed' || book.openWorkOrdersOf(ticket).length > 0) return;
    if (!recoveredNow && ticket.issueResolvedAt === undefined) return;
    let resolution: TicketResolution;
    if (ticket.workOrderIds.length > 0) resolution = 'field';
    else if (ticket.escalations.length > 0) resolution = 'escalated';
    else if (ticket.actions.some((a) => a.skipped === undefined && a.error === undefined)) resolution = 'remote';
    else resolution = 'self-cleared';
    const now = clock.now();
    if (resolution === 'remote') book.update(ticket, (t) => (t.recoveredAt = now));
    this.close(ticket, resolution);
  }

  supersede(ticket: Ticket, note: string): void {
    this.deps.book.update(ticket, (t) => t.notes.push(note));
    this.close(ticket, 'superseded');
  }

  escalate(ticket: Ticket, target: EscalationTarget, reason: string, accountManagerInformed = false): void {
    const { book, clock, facts } = this.deps;
    // The next tier gets the log as it is now, not as it was when the ticket opened.
    book.update(ticket, (t) => (t.messageLog = facts.excerpt(t.issue)));
    book.escalate(ticket, target, reason, clock.now(), accountManagerInformed);
  }

  escalatedTo(ticket: Ticket, target: EscalationTarget): boolean {
    return ticket.escalations.some((e) => e.target === target);
  }

  /** A time rule of the escalation matrix came due (time-rules.ts). */
  timeRuleDue(ticket: Ticket, rule: TimeRule): void {
    const { config } = this.deps;
    if (this.deps.stopped() || ticket.status === 'closed' || this.escalatedTo(ticket, rule)) return;
    if (rule === 'engineering') {
      this.escalate(ticket, 'engineering', `not resolved within ${config.unresolvedToEngineeringMs / 60_000} min`, true);
    } else {
      this.escalate(ticket, 'management', `outage persisting beyond ${config.outageToManagementMs / 60_000} min`);
    }
  }

  /** An unreachable station's time with Tier 2 is over (field-timers.ts). */
  fieldDue(ticket: Ticket): void {
    if (ticket.status === 'closed' || this.deps.stopped()) return;
    const reason = `station still unreachable after ${this.deps.config.offlineTier2ToFieldMs / 60_000} min with Tier 2`;
    this.escalate(ticket, 'field-engineering', reason);
    this.dispatch(ticket, reason);
  }

  private async execute(ticket: Ticket, handling: Handling): Promise<void> {
    const { clock, config, facts, fieldTimers } = this.deps;
    switch (handling.kind) {
      case 'safety':
        return this.makeSafe(ticket);
      case 'ladder':
        return this.finishLadder(ticket, await this.climb(ticket, handling.ladder));
      case 'connectivity':
        if (ticket.stationId !== undefined && facts.isConnected(ticket.stationId)) return this.finishLadder(ticket, await this.climb(ticket, handling.ladder));
        this.escalate(ticket, 'tier-2', 'station unreachable: no connection to the CSMS');
        fieldTimers.arm(ticket, clock.now() + config.offlineTier2ToFieldMs);
        return;
      case 'escalate':
        this.escalate(ticket, handling.target, handling.reason);
        if (handling.workOrder) this.dispatch(ticket, handling.reason);
        return;
      case 'follow-parent':
        return;
    }
  }

  /** Safety first: dispatch at once (not after the station answers), make the connector Inoperative, never reset. */
  private async makeSafe(ticket: Ticket): Promise<void> {
    const { book, facts, ladder } = this.deps;
    const stationId = ticket.stationId;
    const reason = `safety fault ${String(ticket.issue.details['errorCode'] ?? ticket.issueType)}: connector taken out of service, field engineering dispatched`;
    const command = stationId === undefined ? undefined : commandFor('make-inoperative', facts.protocolOf(stationId), connectorRefOf(ticket));
    const sending = stationId !== undefined && command ? sendAction(ladder, ticket, stationId, 'make-inoperative', command) : undefined;
    this.escalate(ticket, 'field-engineering', reason);
    const workOrder = this.dispatch(ticket, reason);
    if (!sending) return;
    await sending;
    if (workOrder) book.updateWorkOrder(workOrder, (wo) => (wo.actionsTried = ticket.actions.map((a) => ({ ...a }))));
  }

  private async climb(ticket: Ticket, steps: readonly LadderStep[]): Promise<LadderOutcome> {
    const run: RunState = { aborted: false, issueResolved: false };
    this.runs.set(ticket.id, run);
    try {
      return await climbLadder(this.deps.ladder, ticket, steps, run);
    } finally {
      this.runs.delete(ticket.id);
    }
  }

  private finishLadder(ticket: Ticket, outcome: LadderOutcome): void {
    if (outcome === 'aborted' || ticket.status === 'closed' || this.deps.stopped()) return;
    if (outcome === 'recovered') {
      this.closeIfDone(ticket, true);
      return;
    }
    const tried = ticket.actions.map((a) => `${a.step}: ${a.skipped ?? a.error ?? String(a.response?.['status'] ?? 'answered')}${a.verified === false ? ', not verified' : ''}`);
    const reason = tried.length > 0 ? `remote recovery exhausted (${tried.join('; ')})` : 'no remote fix for this fault';
    this.escalate(ticket, 'field-engineering', reason);
    this.dispatch(ticket, reason);
  }

  private close(ticket: Ticket, resolution: TicketResolution): void {
    const { book, clock, timeRules, fieldTimers, safety } = this.deps;
    timeRules.disarm(ticket.id);
    fieldTimers.cancel(ticket.id);
    const run = this.runs.get(ticket.id);
    if (run) run.aborted = true;
    if (ticket.stationId !== undefined) safety.release(ticket.stationId, ticket.issueId);
    book.close(ticket, resolution, clock.now());
  }

  private dispatch(ticket: Ticket, reason: string): WorkOrder | undefined {
    const { book, clock, config, facts } = this.deps;
    if (ticket.stationId === undefined || book.openWorkOrdersOf(ticket).length > 0) return undefined;
    const now = clock.now();
    return book.openWorkOrder(ticket, {
      part: ticket.part ?? partFor(ticket.issue),
      reason,
      at: now,
      technicianDueAt: now + config.technicianTravelMs,
      messageLog: facts.excerpt(ticket.issue),
    });
  }
}
