/**
 * The playbook's intake of the detector's issues: each issue is taken in once, routed (routing.ts), held
 * through the connectivity grace or started as a ticket; updates and resolutions reach its ticket.
 */
import type { Clock } from '../../simulator/clock.js';
import type { Issue } from '../detector/types.js';
import type { PlaybookConfig } from './config.js';
import type { ConnectivityGrace } from './connectivity-grace.js';
import type { RecoveryWatcher } from './recovery-watch.js';
import { handlingFor } from './routing.js';
import type { SafetyHolds } from './safety-holds.js';
import type { TicketBook } from './ticket-book.js';
import type { TicketLifecycle } from './ticket-lifecycle.js';
import type { UptimeLedger } from './uptime.js';
import type { WorkOrderCloser } from './work-order-closer.js';

export const ISSUE_CHANGES = ['issue-raised', 'issue-updated', 'issue-resolved'] as const;
export type IssueChange = (typeof ISSUE_CHANGES)[number];

export interface IntakeDeps {
  clock: Clock;
  config: PlaybookConfig;
  book: TicketBook;
  uptime: UptimeLedger;
  watcher: RecoveryWatcher;
  closer: WorkOrderCloser;
  safety: SafetyHolds;
  grace: ConnectivityGrace;
  lifecycle: TicketLifecycle;
  fieldTimers: { cancel(ticketId: string): void };
}

export class IssueIntake {
  /** Issue ids ever taken in: the desk acts once per issue. */
  private readonly seen = new Set<string>();

  constructor(private readonly deps: IntakeDeps) {}

  /** An issue a restored ticket already handles. */
  markSeen(issueId: string): void {
    this.seen.add(issueId);
  }

  raised(issue: Issue): void {
    const { config, grace, safety, uptime } = this.deps;
    if (this.seen.has(issue.id)) return;
    this.seen.add(issue.id);
    if (issue.type === 'no-connectivity' && issue.stationId !== undefined) {
      const lostAt = issue.details['lostAtSimMs'];
      uptime.markSilent(issue.stationId, typeof lostAt === 'number' ? lostAt : issue.raisedAt.simMs, true);
    }
    const handling = handlingFor(issue, config);
    if (handling.kind === 'follow-parent') return;
    if (handling.kind === 'safety' && issue.stationId !== undefined) safety.hold(issue.stationId, issue.id);
    if (handling.kind === 'connectivity' && config.connectivityGraceMs > 0) {
      grace.begin(issue, config.connectivityGraceMs);
      return;
    }
    this.deps.lifecycle.start(issue, handling);
  }

  /** The connectivity grace of an issue ended with nothing taking it over. */
  graceEnded(issue: Issue): void {
    const handling = handlingFor(issue, this.deps.config);
    if (handling.kind !== 'follow-parent') this.deps.lifecycle.start(issue, handling);
  }

  updated(issue: Issue): void {
    const { book, grace, lifecycle } = this.deps;
    if (grace.update(issue)) {
      if (issue.parentId !== undefined) grace.drop(issue.id);
      return;
    }
    const ticket = book.forIssue(issue.id);
    if (!ticket || ticket.status === 'closed') return;
    const wasFirmware = ticket.issue.details['likelyCause'] === 'firmware';
    book.update(ticket, (t) => (t.issue = issue));
    if (issue.type === 'no-connectivity' && issue.parentId !== undefined) {
      lifecycle.supersede(ticket, `taken over by site outage issue ${issue.parentId}`);
    } else if (issue.type === 'reboot-loop' && !wasFirmware && issue.details['likelyCause'] === 'firmware' && !lifecycle.escalatedTo(ticket, 'manufacturer')) {
      lifecycle.escalate(ticket, 'manufacturer', 'reboot loop now shows InternalError: firmware fault');
    }
  }

  resolved(issue: Issue): void {
    const { book, clock, closer, grace, lifecycle, safety, uptime, watcher } = this.deps;
    if (issue.type === 'no-connectivity' && issue.stationId !== undefined) {
      uptime.markSilent(issue.stationId, issue.resolvedAt?.simMs ?? clock.now(), false);
    }
    if (issue.stationId !== undefined) safety.release(issue.stationId, issue.id);
    if (grace.has(issue.id)) {
      grace.drop(issue.id);
      return;
    }
    const ticket = book.forIssue(issue.id);
    if (!ticket) return;
    const resolvedAt = issue.resolvedAt?.simMs ?? clock.now();
    book.update(ticket, (t) => {
      t.issue = issue;
      t.issueResolvedAt = resolvedAt;
    });
    if (ticket.status === 'closed') return;
    if (issue.details['supersededBy'] !== undefined) {
      lifecycle.supersede(ticket, `superseded by issue ${String(issue.details['supersededBy'])}`);
      return;
    }
    const run = lifecycle.runOf(ticket.id);
    if (run) {
      // The ladder is mid-step: let it finish and close the ticket with what it knows.
      run.issueResolved = true;
      watcher.issueResolved(issue.id);
      return;
    }
    this.deps.fieldTimers.cancel(ticket.id);
    closer.issueResolved(ticket);
    lifecycle.closeIfDone(ticket);
  }
}
