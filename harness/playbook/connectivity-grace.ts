/**
 * no-connectivity issues waiting out `connectivityGraceMs`, in which a site outage may take them over
 * (the site's issue becomes their parent) before a ticket is opened for the one station.
 */
import type { Clock, ClockTimer } from '../../simulator/clock.js';
import type { Issue } from '../detector/types.js';

export class ConnectivityGrace {
  private readonly waiting = new Map<string, { issue: Issue; timer: ClockTimer }>();

  constructor(
    private readonly clock: Clock,
    /** The grace is over and nothing took the issue over: with its latest version. */
    private readonly ended: (issue: Issue) => void,
  ) {}

  begin(issue: Issue, graceMs: number): void {
    const timer = this.clock.setTimeout(() => this.end(issue.id), graceMs).unref();
    this.waiting.set(issue.id, { issue, timer });
  }

  has(issueId: string): boolean {
    return this.waiting.has(issueId);
  }

  /** Keeps the newest version of a waiting issue; false when it is not waiting. */
  update(issue: Issue): boolean {
    const entry = this.waiting.get(issue.id);
    if (!entry) return false;
    entry.issue = issue;
    return true;
  }

  drop(issueId: string): void {
    this.waiting.get(issueId)?.timer.cancel();
    this.waiting.delete(issueId);
  }

  dropAll(): void {
    for (const id of [...this.waiting.keys()]) this.drop(id);
  }

  private end(issueId: string): void {
    const entry = this.waiting.get(issueId);
    if (!entry) return;
    this.waiting.delete(issueId);
    this.ended(entry.issue);
  }
}
