/**
 * The operations desk inside the bundled CSMS, as its readers see it: issues with their tickets, tickets,
 * work orders and uptime, over the parts harness/reference-csms.ts builds and wires (detector/, playbook/,
 * issue-store.ts, webhooks.ts), and the one stop for all of them.
 */
import type { Clock } from '../../simulator/clock.js';
import type { Detector } from '../detector/detector.js';
import type { Playbook } from '../playbook/playbook.js';
import type { PlaybookStore } from '../playbook/store.js';
import type { Ticket, WorkOrder } from '../playbook/types.js';
import type { DeskConfig } from './config.js';
import type { IssueQuery, IssueStore } from './issue-store.js';
import { issueView, type IssueView } from './issue-view.js';
import { uptimeReport, type UptimeReport } from './uptime-report.js';
import type { WebhookDispatcher } from './webhooks.js';

export interface DeskParts {
  clock: Clock;
  config: DeskConfig;
  detector: Detector;
  playbook: Playbook;
  issueStore: IssueStore;
  playbookStore: PlaybookStore;
  webhooks: WebhookDispatcher;
}

export class Desk {
  readonly config: DeskConfig;
  readonly detector: Detector;
  readonly playbook: Playbook;
  private stoppedFlag = false;

  constructor(private readonly parts: DeskParts) {
    this.config = parts.config;
    this.detector = parts.detector;
    this.playbook = parts.playbook;
  }

  /** After stop the desk takes no more input. */
  get stopped(): boolean {
    return this.stoppedFlag;
  }

  issues(query: IssueQuery = {}): IssueView[] {
    const tickets = this.ticketsByIssue();
    return this.parts.issueStore.find(query).map((issue) => issueView(issue, tickets.get(issue.id)));
  }

  /** One issue with its evidence. */
  issue(id: string): (IssueView & { evidence?: unknown }) | undefined {
    const issue = this.parts.issueStore.get(id);
    return issue && issueView(issue, this.playbook.ticketForIssue(id), true);
  }

  tickets(open?: boolean): Ticket[] {
    return this.playbook.tickets().filter((t) => open === undefined || (t.status === 'open') === open).sort(byOpenedAt);
  }

  workOrders(open?: boolean): WorkOrder[] {
    return this.playbook.workOrders().filter((wo) => open === undefined || (wo.status === 'open') === open).sort(byOpenedAt);
  }

  /** Uptime over `[fromMs, toMs]`; by default the whole history up to now. */
  uptime(fromMs?: number, toMs?: number): UptimeReport & { metrics: ReturnType<Playbook['metrics']> } {
    const now = this.parts.clock.now();
    const to = toMs ?? now;
    const from = fromMs ?? Math.min(this.playbook.uptime.historyStartMs ?? to, to);
    return { ...uptimeReport(this.playbook.uptime, from, to), metrics: this.playbook.metrics(now) };
  }

  /** Stops every timer and retry and writes what is buffered; call before the CSMS's store closes. */
  stop(): void {
    if (this.stoppedFlag) return;
    this.stoppedFlag = true;
    const { detector, playbook, webhooks, issueStore, playbookStore } = this.parts;
    detector.stop();
    playbook.stop();
    webhooks.close();
    issueStore.close();
    playbookStore.close();
  }

  private ticketsByIssue(): Map<string, Ticket> {
    return new Map(this.playbook.tickets().map((ticket) => [ticket.issueId, ticket]));
  }
}

function byOpenedAt(a: { openedAt: number }, b: { openedAt: number }): number {
  return a.openedAt - b.openedAt;
}
