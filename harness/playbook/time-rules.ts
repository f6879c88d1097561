/**
 * The time-based rows of the escalation matrix (docs/domain.md §5): not resolved within
 * `unresolvedToEngineeringMs` → engineering with the account manager informed; an outage lasting longer
 * than `outageToManagementMs` → management. Both count from when the issue's condition held (raisedAt),
 * not from when the ticket was opened, and are re-armed for open tickets after a restart.
 */
import type { Clock, ClockTimer } from '../../simulator/clock.js';
import { OUTAGE_ISSUE_TYPES } from '../issues/catalogue.js';
import type { PlaybookConfig } from './config.js';
import type { Ticket } from './types.js';

export type TimeRule = 'engineering' | 'management';

export class TimeRules {
  private readonly timers = new Map<string, ClockTimer[]>();

  constructor(
    private readonly clock: Clock,
    private readonly config: PlaybookConfig,
    private readonly due: (ticket: Ticket, rule: TimeRule) => void,
  ) {}

  arm(ticket: Ticket): void {
    this.disarm(ticket.id);
    const sinceMs = ticket.issue.raisedAt.simMs;
    const timers: ClockTimer[] = [];
    const schedule = (rule: TimeRule, afterMs: number): void => {
      if (ticket.escalations.some((e) => e.target === rule)) return;
      const delayMs = Math.max(0, sinceMs + afterMs - this.clock.now());
      timers.push(this.clock.setTimeout(() => this.due(ticket, rule), delayMs).unref());
    };
    schedule('engineering', this.config.unresolvedToEngineeringMs);
    // "Persisting > 4 h": the timer fires at the threshold; `due` escalates only if the ticket is still open.
    if (OUTAGE_ISSUE_TYPES.has(ticket.issueType)) schedule('management', this.config.outageToManagementMs);
    this.timers.set(ticket.id, timers);
  }

  disarm(ticketId: string): void {
    for (const timer of this.timers.get(ticketId) ?? []) timer.cancel();
    this.timers.delete(ticketId);
  }

  stop(): void {
    for (const id of [...this.timers.keys()]) this.disarm(id);
  }
}
