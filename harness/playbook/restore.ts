/**
 * Takes back what a restarted desk stored: tickets and work orders, uptime history, and for each open
 * ticket its time rules, its safety hold and an unreachable station's field timer.
 */
import type { PlaybookConfig } from './config.js';
import type { FieldTimers } from './field-timers.js';
import type { IssueIntake } from './issue-intake.js';
import { handlingFor } from './routing.js';
import type { SafetyHolds } from './safety-holds.js';
import type { PlaybookStore } from './store.js';
import type { TicketBook } from './ticket-book.js';
import type { TimeRules } from './time-rules.js';
import type { UptimeLedger } from './uptime.js';

export interface RestoreTargets {
  config: PlaybookConfig;
  book: TicketBook;
  uptime: UptimeLedger;
  intake: IssueIntake;
  timeRules: TimeRules;
  safety: SafetyHolds;
  fieldTimers: FieldTimers;
}

export function restorePlaybook(store: PlaybookStore, to: RestoreTargets): void {
  const snapshot = store.load();
  to.book.restore(snapshot.tickets, snapshot.workOrders);
  to.uptime.restore(snapshot.uptime);
  for (const ticket of snapshot.tickets) {
    to.intake.markSeen(ticket.issueId);
    if (ticket.status !== 'open') continue;
    to.timeRules.arm(ticket);
    if (ticket.stationId !== undefined && handlingFor(ticket.issue, to.config).kind === 'safety') to.safety.hold(ticket.stationId, ticket.issueId);
    const tier2 = ticket.escalations.find((e) => e.target === 'tier-2');
    if (ticket.issueType === 'no-connectivity' && tier2 && ticket.workOrderIds.length === 0) to.fieldTimers.arm(ticket, tier2.at + to.config.offlineTier2ToFieldMs);
  }
}
