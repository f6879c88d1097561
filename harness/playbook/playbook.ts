/**
 * The operations desk as code (docs/domain.md §5): takes the detector's issues, opens one ticket per issue,
 * tries the remote-recovery ladder with real commands where that is safe, escalates by the documented
 * matrix, dispatches field service with the right part, and closes work orders only once the connector
 * is verified Available. All timers run on the shared clock (simulated time).
 *
 *   const playbook = new Playbook({ clock, commands: { send: (id, a, p) => csms.sendCommand(id, a, p) }, store });
 *   playbook.attachCsms(csms);
 *   playbook.attachDetector(detector);
 *
 * This file connects the parts, each with its own job: issue-intake.ts (taking issues in),
 * connectivity-grace.ts, ticket-lifecycle.ts (open, handle, escalate, dispatch, close), field-timers.ts,
 * safety-holds.ts, station-facts.ts, views.ts and restore.ts.
 */
import { EventEmitter } from 'node:events';
import type { Clock } from '../../simulator/clock.js';
import type { CsmsEvent } from '../csms/events.js';
import type { Issue } from '../detector/types.js';
import type { StationCommands } from './actions.js';
import { announcer } from './announcer.js';
import { parsePlaybookConfig, type PlaybookConfig, type PlaybookConfigInput } from './config.js';
import { ConnectivityGrace } from './connectivity-grace.js';
import { deskMetrics, routedTickets, type DeskMetrics, type RoutedTicket } from './desk-metrics.js';
import { FieldTimers } from './field-timers.js';
import { FleetView } from './fleet-view.js';
import { IssueIntake, ISSUE_CHANGES, type IssueChange } from './issue-intake.js';
import { RecoveryWatcher } from './recovery-watch.js';
import { restorePlaybook } from './restore.js';
import { SafetyHolds } from './safety-holds.js';
import { StationFacts, type StationSources } from './station-facts.js';
import type { PlaybookStore } from './store.js';
import { TicketBook } from './ticket-book.js';
import { TicketLifecycle } from './ticket-lifecycle.js';
import { TimeRules } from './time-rules.js';
import type { EscalationRecord, PlaybookEvents, Ticket, WorkOrder } from './types.js';
import { UptimeLedger } from './uptime.js';
import * as views from './views.js';
import { WorkOrderCloser } from './work-order-closer.js';

export type { StationCommands } from './actions.js';

export interface PlaybookOptions extends StationSources {
  clock: Clock;
  config?: PlaybookConfigInput;
  commands: StationCommands;
  /** With a store, open tickets, work orders and uptime history are loaded now and every change is saved. */
  store?: PlaybookStore;
}

/** The detector, or anything emitting its issue events. */
export interface IssueSource {
  on(event: IssueChange, listener: (issue: Issue) => void): unknown;
  off(event: IssueChange, listener: (issue: Issue) => void): unknown;
}

/** The CSMS, or anything emitting its event stream. */
export interface CsmsEventSource {
  onAny(fn: (event: CsmsEvent) => void): () => void;
}

export class Playbook extends EventEmitter<PlaybookEvents> {
  readonly config: PlaybookConfig;
  readonly uptime: UptimeLedger;
  private readonly clock: Clock;
  private readonly store: PlaybookStore | undefined;
  private readonly book: TicketBook;
  private readonly watcher: RecoveryWatcher;
  private readonly timeRules: TimeRules;
  private readonly fleet = new FleetView();
  private readonly closer: WorkOrderCloser;
  private readonly grace: ConnectivityGrace;
  private readonly fieldTimers: FieldTimers;
  private readonly lifecycle: TicketLifecycle;
  private readonly intake: IssueIntake;
  private readonly inFlight = new Set<Promise<void>>();
  /** Stations a trainee is handling in a drill (harness/training/): their new issues are not taken in. */
  private readonly handsOff = new Set<string>();
  private stopped = false;

  constructor(options: PlaybookOptions) {
    super();
    const clock = options.clock;
    this.clock = clock;
    this.store = options.store;
    const config = parsePlaybookConfig(options.config);
    this.config = config;
    const store = options.store;
    const report = (error: unknown, where: string): void => this.report(error, where);
    this.uptime = new UptimeLedger({
      excludePowerLoss: config.excludePowerLossFromUptime,
      ...(store ? { onRecord: (record) => store.saveUptime(record) } : {}),
    });
    const book = new TicketBook(announcer(this, store, report));
    this.book = book;
    this.watcher = new RecoveryWatcher(clock);
    this.closer = new WorkOrderCloser(clock, book);
    const safety = new SafetyHolds();
    const facts = new StationFacts(options, this.fleet, config.messageLogExcerptSize, report);
    // The timers call into the lifecycle, built below: they cannot fire before the constructor returns.
    this.timeRules = new TimeRules(clock, config, (ticket, rule) => this.lifecycle.timeRuleDue(ticket, rule));
    this.fieldTimers = new FieldTimers(clock, (ticket) => this.lifecycle.fieldDue(ticket));
    this.grace = new ConnectivityGrace(clock, (issue) => this.intake.graceEnded(issue));
    this.lifecycle = new TicketLifecycle({
      clock,
      config,
      book,
      timeRules: this.timeRules,
      fieldTimers: this.fieldTimers,
      safety,
      facts,
      ladder: {
        clock,
        commands: options.commands,
        book,
        config,
        watcher: this.watcher,
        protocolOf: (stationId) => facts.protocolOf(stationId),
        connectorStatus: (stationId, connectorId, evseId) => facts.connectorStatus(stationId, connectorId, evseId),
        safetyHold: (stationId) => safety.reason(stationId),
      },
      track: (work) => this.track(work),
      stopped: () => this.stopped,
    });
    this.intake = new IssueIntake({
      clock,
      config,
      book,
      uptime: this.uptime,
      watcher: this.watcher,
      closer: this.closer,
      safety,
      grace: this.grace,
      lifecycle: this.lifecycle,
      fieldTimers: this.fieldTimers,
    });
    if (store) restorePlaybook(store, { config, book, uptime: this.uptime, intake: this.intake, timeRules: this.timeRules, safety, fieldTimers: this.fieldTimers });
  }

  // ── inputs ────────────────────────────────────────────────────────────────────────────────────────

  /** Feeds one CSMS event (status, connect, boot, transactions...): verification, work orders, uptime. */
  handle(event: CsmsEvent): void {
    if (this.stopped) return;
    this.fleet.handle(event);
    this.uptime.handle(event);
    this.watcher.handle(event);
    if (event.type === 'status') for (const ticket of this.closer.statusSeen(event)) this.lifecycle.closeIfDone(ticket);
  }

  attachCsms(source: CsmsEventSource): () => void {
    return source.onAny((event) => this.handle(event));
  }

  /** One issue change from the detector; a failure is reported as an internal error, never thrown. */
  onIssue(change: IssueChange, issue: Issue): void {
    try {
      if (change === 'issue-raised') this.issueRaised(issue);
      else if (change === 'issue-updated') this.issueUpdated(issue);
      else this.issueResolved(issue);
    } catch (error) {
      this.report(error, change);
    }
  }

  attachDetector(source: IssueSource): () => void {
    const listeners = ISSUE_CHANGES.map((change) => [change, (issue: Issue) => this.onIssue(change, issue)] as const);
    for (const [change, listener] of listeners) source.on(change, listener);
    return () => {
      for (const [change, listener] of listeners) source.off(change, listener);
    };
  }

  issueRaised(issue: Issue): void {
    if (this.stopped || (issue.stationId !== undefined && this.handsOff.has(issue.stationId))) return;
    this.intake.raised(issue);
  }

  /** Hands a station to a person (a drill) or back: while handed off, the desk opens no ticket for its new issues. */
  setHandsOff(stationId: string, handsOff: boolean): void {
    if (handsOff) this.handsOff.add(stationId);
    else this.handsOff.delete(stationId);
  }

  isHandsOff(stationId: string): boolean {
    return this.handsOff.has(stationId);
  }

  issueUpdated(issue: Issue): void {
    if (!this.stopped) this.intake.updated(issue);
  }

  issueResolved(issue: Issue): void {
    if (!this.stopped) this.intake.resolved(issue);
  }

  /** Time outside the operator's control, for uptime (e.g. a utility outage). */
  markExcluded(stationId: string, fromMs: number, toMs: number, reason: string): void {
    this.uptime.markExcluded(stationId, fromMs, toMs, reason);
  }

  // ── views ────────────────────────────────────────────────────────────────────────────────────────

  tickets(): Ticket[] {
    return views.ticketCopies(this.book);
  }

  openTickets(): Ticket[] {
    return views.openTicketCopies(this.book);
  }

  ticketForIssue(issueId: string): Ticket | undefined {
    return views.ticketCopyForIssue(this.book, issueId);
  }

  /** Where a ticket is, without copying it (the CSMS labels each escalation event with it). */
  ticketScope(ticketId: string): { stationId?: string; siteId?: string } | undefined {
    return views.ticketScope(this.book, ticketId);
  }

  workOrders(): WorkOrder[] {
    return views.workOrderCopies(this.book);
  }

  escalations(): EscalationRecord[] {
    return views.escalationCopies(this.book);
  }

  /** First and later escalation targets per ticket, for an escalation-accuracy check (see desk-metrics.ts). */
  routedTickets(): RoutedTicket[] {
    return routedTickets(this.book.all());
  }

  metrics(nowMs = this.clock.now()): DeskMetrics {
    return deskMetrics({
      tickets: this.book.all(),
      workOrders: this.book.allWorkOrders(),
      uptime: this.uptime,
      nowMs,
      repeatIncidentWindowMs: this.config.repeatIncidentWindowMs,
    });
  }

  // ── lifetime ─────────────────────────────────────────────────────────────────────────────────────

  /** Resolves once no handling is in progress (commands answered, verification windows over). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Cancels every timer and wait; later inputs are ignored. Open tickets stay open (and stored). */
  stop(): void {
    this.stopped = true;
    this.timeRules.stop();
    this.grace.dropAll();
    this.fieldTimers.cancelAll();
    this.lifecycle.abortAll();
    this.watcher.cancelAll();
    this.store?.flush();
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.report(error, 'handling')).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private report(error: unknown, where: string): void {
    if (this.listenerCount('internal-error') > 0) this.emit('internal-error', error, where);
    else process.emitWarning(`playbook: ${where} failed: ${error instanceof Error ? error.message : String(error)}`, 'PlaybookWarning');
  }
}
