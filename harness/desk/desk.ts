/**
 * The operations desk inside the bundled CSMS: the issue detector, the playbook (with its uptime ledger)
 * and their persistence, fed by the CSMS's event stream and reporting back onto it. This file only wires
 * the parts; each does its own job (detector/, playbook/, issue-store.ts, event-relay.ts, webhooks.ts).
 */
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { Clock } from '../../simulator/clock.js';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import { isDeskEvent, type CsmsEvent, type CsmsEventInput } from '../csms/events.js';
import { Detector } from '../detector/detector.js';
import type { StationCommands } from '../playbook/actions.js';
import { Playbook } from '../playbook/playbook.js';
import { PlaybookStore } from '../playbook/store.js';
import type { Ticket, WorkOrder } from '../playbook/types.js';
import type { DeskConfig } from './config.js';
import { relayDetector, relayPlaybook } from './event-relay.js';
import { IssueStore, type IssueQuery } from './issue-store.js';
import { issueView, type IssueView } from './issue-view.js';
import { uptimeReport, type UptimeReport } from './uptime-report.js';
import { WebhookDispatcher, type WebhookOutcome } from './webhooks.js';

/** What the desk needs from the CSMS it runs in. */
export interface DeskHost {
  clock: Clock;
  heartbeatIntervalS: number;
  siteOf(stationId: string): string;
  stationsOfSite(siteId: string): readonly string[];
  commands: StationCommands;
  isConnected(stationId: string): boolean;
  protocolOf(stationId: string): OcppProtocol | undefined;
  messageLog(stationId: string, limit: number): unknown[];
  /** The CSMS's database: the desk's tables live beside the CSMS's. */
  db: Database.Database;
  /** Emits on the CSMS's bus; returns the stamped event. */
  publish(input: CsmsEventInput): CsmsEvent;
  logger: Logger;
  onWebhookOutcome?: (outcome: WebhookOutcome) => void;
}

export class Desk {
  readonly detector: Detector;
  readonly playbook: Playbook;
  private readonly issueStore: IssueStore;
  private readonly playbookStore: PlaybookStore;
  private readonly webhooks: WebhookDispatcher;
  private stopped = false;

  constructor(
    private readonly host: DeskHost,
    readonly config: DeskConfig,
  ) {
    const { clock, logger } = host;
    this.issueStore = new IssueStore(host.db);
    this.playbookStore = new PlaybookStore(host.db);
    this.webhooks = new WebhookDispatcher(config.webhooks, logger, host.onWebhookOutcome);
    this.detector = new Detector({
      clock,
      config: config.detector,
      heartbeatIntervalS: host.heartbeatIntervalS,
      siteOf: host.siteOf,
      stationsOfSite: host.stationsOfSite,
    });
    // Loads open tickets, work orders and uptime history from the store.
    this.playbook = new Playbook({
      clock,
      config: config.playbook,
      commands: host.commands,
      protocolOf: host.protocolOf,
      isConnected: host.isConnected,
      messageLog: host.messageLog,
      store: this.playbookStore,
    });
    const publish = (input: CsmsEventInput): void => {
      const event = host.publish(input);
      if (isDeskEvent(event)) this.webhooks.deliver(event);
    };
    // Order matters: persist and announce an issue before the playbook acts on it (see event-relay.ts).
    for (const change of ['issue-raised', 'issue-updated', 'issue-resolved'] as const) this.detector.on(change, (issue) => this.issueStore.save(issue));
    relayDetector(this.detector, publish);
    relayPlaybook(this.playbook, publish);
    this.playbook.attachDetector(this.detector);
    this.detector.on('internal-error', (err, where) => logger.error({ err, where }, 'detector failed'));
    // After stop, commands still in flight fail as stations disconnect: that is no desk failure.
    this.playbook.on('internal-error', (err, where) => (this.stopped ? logger.debug({ err, where }, 'playbook after stop') : logger.error({ err, where }, 'playbook failed')));
    this.detector.restore(this.issueStore.find({ open: true }));
  }

  /** One CSMS event; the desk's own events are not fed back. */
  handle(event: CsmsEvent): void {
    if (this.stopped || isDeskEvent(event)) return;
    this.detector.handle(event);
    this.playbook.handle(event);
  }

  issues(query: IssueQuery = {}): IssueView[] {
    const tickets = this.ticketsByIssue();
    return this.issueStore.find(query).map((issue) => issueView(issue, tickets.get(issue.id)));
  }

  /** One issue with its evidence. */
  issue(id: string): (IssueView & { evidence?: unknown }) | undefined {
    const issue = this.issueStore.get(id);
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
    const now = this.host.clock.now();
    const to = toMs ?? now;
    const from = fromMs ?? Math.min(this.playbook.uptime.historyStartMs ?? to, to);
    return { ...uptimeReport(this.playbook.uptime, from, to), metrics: this.playbook.metrics(now) };
  }

  /** Stops every timer and retry and writes what is buffered; call before the CSMS's store closes. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.detector.stop();
    this.playbook.stop();
    this.webhooks.close();
    this.issueStore.close();
    this.playbookStore.close();
  }

  private ticketsByIssue(): Map<string, Ticket> {
    return new Map(this.playbook.tickets().map((ticket) => [ticket.issueId, ticket]));
  }
}

function byOpenedAt(a: { openedAt: number }, b: { openedAt: number }): number {
  return a.openedAt - b.openedAt;
}
