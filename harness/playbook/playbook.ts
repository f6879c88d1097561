/**
 * The operations desk as code (DOMAIN.md §5): takes the detector's issues, opens one ticket per issue,
 * tries the remote-recovery ladder with real commands where that is safe, escalates by the documented
 * matrix, dispatches field service with the right part, and closes work orders only once the connector
 * is verified Available. All timers run on the shared clock (simulated time).
 *
 *   const playbook = new Playbook({ clock, commands: { send: (id, a, p) => csms.sendCommand(id, a, p) }, store });
 *   playbook.attachCsms(csms);
 *   playbook.attachDetector(detector);
 */
import { EventEmitter } from 'node:events';
import type { Clock, ClockTimer } from '../../simulator/clock.js';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import type { CsmsEvent } from '../csms/events.js';
import type { Issue } from '../detector/types.js';
import { OUTAGE_ISSUE_TYPES } from '../issues/catalogue.js';
import type { LadderStep } from '../issues/ladder-steps.js';
import type { EscalationTarget } from '../issues/teams.js';
import { sendAction, type StationCommands } from './actions.js';
import { announcer } from './announcer.js';
import { parsePlaybookConfig, type PlaybookConfig, type PlaybookConfigInput } from './config.js';
import { deskMetrics, routedTickets, type DeskMetrics, type RoutedTicket } from './desk-metrics.js';
import { FleetView } from './fleet-view.js';
import { climbLadder, connectorRefOf, type LadderDeps, type LadderOutcome, type RunState } from './ladder.js';
import { partFor } from './parts.js';
import { RecoveryWatcher } from './recovery-watch.js';
import { handlingFor, type Handling } from './routing.js';
import { commandFor } from './station-commands.js';
import type { PlaybookStore } from './store.js';
import { TicketBook } from './ticket-book.js';
import { TimeRules, type TimeRule } from './time-rules.js';
import type { EscalationRecord, MessageLogExcerpt, PlaybookEvents, Ticket, TicketResolution, WorkOrder } from './types.js';
import { UptimeLedger } from './uptime.js';
import { WorkOrderCloser } from './work-order-closer.js';

export type { StationCommands } from './actions.js';

export interface PlaybookOptions {
  clock: Clock;
  config?: PlaybookConfigInput;
  commands: StationCommands;
  /** Default: the protocol of the station's last `connect` event, else ocpp1.6. */
  protocolOf?: (stationId: string) => OcppProtocol | undefined;
  /** Default: the last status event seen. */
  connectorStatus?: (stationId: string, connectorId: number, evseId?: number) => string | undefined;
  /** Default: connect/disconnect events seen. */
  isConnected?: (stationId: string) => boolean;
  /** The newest `limit` entries of a station's message log (e.g. `(id, n) => csms.store.messagesFor(id, { limit: n })`). */
  messageLog?: (stationId: string, limit: number) => unknown[];
  /** With a store, open tickets, work orders and uptime history are loaded now and every change is saved. */
  store?: PlaybookStore;
}

/** The detector, or anything emitting its issue events. */
export interface IssueSource {
  on(event: 'issue-raised' | 'issue-updated' | 'issue-resolved', listener: (issue: Issue) => void): unknown;
  off(event: 'issue-raised' | 'issue-updated' | 'issue-resolved', listener: (issue: Issue) => void): unknown;
}

/** The CSMS, or anything emitting its event stream. */
export interface CsmsEventSource {
  onAny(fn: (event: CsmsEvent) => void): () => void;
}

export class Playbook extends EventEmitter<PlaybookEvents> {
  readonly config: PlaybookConfig;
  readonly uptime: UptimeLedger;
  private readonly clock: Clock;
  private readonly options: PlaybookOptions;
  private readonly book: TicketBook;
  private readonly watcher: RecoveryWatcher;
  private readonly timeRules: TimeRules;
  private readonly fleet = new FleetView();
  private readonly ladderDeps: LadderDeps;
  private readonly closer: WorkOrderCloser;
  /** Issue ids ever taken in: the desk acts once per issue. */
  private readonly seen = new Set<string>();
  /** no-connectivity issues waiting out the grace in which a site outage may take them over. */
  private readonly graced = new Map<string, { issue: Issue; timer: ClockTimer }>();
  private readonly runs = new Map<string, RunState>();
  private readonly fieldTimers = new Map<string, ClockTimer>();
  /** Open safety issues per station: while any is open no reset goes to that station. */
  private readonly safetyIssues = new Map<string, Set<string>>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(options: PlaybookOptions) {
    super();
    this.options = options;
    this.clock = options.clock;
    this.config = parsePlaybookConfig(options.config);
    const store = options.store;
    this.uptime = new UptimeLedger({
      excludePowerLoss: this.config.excludePowerLossFromUptime,
      ...(store ? { onRecord: (record) => store.saveUptime(record) } : {}),
    });
    this.book = new TicketBook(announcer(this, store, (error, where) => this.report(error, where)));
    this.watcher = new RecoveryWatcher(this.clock);
    this.closer = new WorkOrderCloser(this.clock, this.book);
    this.timeRules = new TimeRules(this.clock, this.config, (ticket, rule) => this.timeRuleDue(ticket, rule));
    this.ladderDeps = {
      clock: this.clock,
      commands: options.commands,
      book: this.book,
      config: this.config,
      watcher: this.watcher,
      protocolOf: (stationId) => this.protocolOf(stationId),
      connectorStatus: (stationId, connectorId, evseId) => this.connectorStatus(stationId, connectorId, evseId),
      safetyHold: (stationId) => (this.safetyIssues.get(stationId)?.size ? `not sent: a safety fault is open on ${stationId}` : undefined),
    };
    if (store) this.restore(store);
  }

  // ── inputs ────────────────────────────────────────────────────────────────────────────────────────

  /** Feeds one CSMS event (status, connect, boot, transactions...): verification, work orders, uptime. */
  handle(event: CsmsEvent): void {
    if (this.stopped) return;
    this.fleet.handle(event);
    this.uptime.handle(event);
    this.watcher.handle(event);
    if (event.type === 'status') for (const ticket of this.closer.statusSeen(event)) this.closeIfDone(ticket);
  }

  attachCsms(source: CsmsEventSource): () => void {
    return source.onAny((event) => this.handle(event));
  }

  attachDetector(source: IssueSource): () => void {
    const raised = (issue: Issue): void => this.guard('issue-raised', () => this.issueRaised(issue));
    const updated = (issue: Issue): void => this.guard('issue-updated', () => this.issueUpdated(issue));
    const resolved = (issue: Issue): void => this.guard('issue-resolved', () => this.issueResolved(issue));
    source.on('issue-raised', raised);
    source.on('issue-updated', updated);
    source.on('issue-resolved', resolved);
    return () => {
      source.off('issue-raised', raised);
      source.off('issue-updated', updated);
      source.off('issue-resolved', resolved);
    };
  }

  issueRaised(issue: Issue): void {
    if (this.stopped || this.seen.has(issue.id)) return;
    this.seen.add(issue.id);
    if (issue.type === 'no-connectivity' && issue.stationId !== undefined) {
      const lostAt = issue.details['lostAtSimMs'];
      this.uptime.markSilent(issue.stationId, typeof lostAt === 'number' ? lostAt : issue.raisedAt.simMs, true);
    }
    const handling = handlingFor(issue, this.config);
    if (handling.kind === 'follow-parent') return;
    if (handling.kind === 'safety' && issue.stationId !== undefined) this.holdResets(issue.stationId, issue.id);
    if (handling.kind === 'connectivity' && this.config.connectivityGraceMs > 0) {
      const timer = this.clock.setTimeout(() => this.endGrace(issue.id), this.config.connectivityGraceMs).unref();
      this.graced.set(issue.id, { issue, timer });
      return;
    }
    this.start(issue, handling);
  }

  issueUpdated(issue: Issue): void {
    if (this.stopped) return;
    const graced = this.graced.get(issue.id);
    if (graced) {
      graced.issue = issue;
      if (issue.parentId !== undefined) this.dropGrace(issue.id);
      return;
    }
    const ticket = this.book.forIssue(issue.id);
    if (!ticket || ticket.status === 'closed') return;
    const wasFirmware = ticket.issue.details['likelyCause'] === 'firmware';
    this.book.update(ticket, (t) => (t.issue = issue));
    if (issue.type === 'no-connectivity' && issue.parentId !== undefined) {
      this.supersede(ticket, `taken over by site outage issue ${issue.parentId}`);
    } else if (issue.type === 'reboot-loop' && !wasFirmware && issue.details['likelyCause'] === 'firmware' && !this.escalatedTo(ticket, 'manufacturer')) {
      this.escalate(ticket, 'manufacturer', 'reboot loop now shows InternalError: firmware fault');
    }
  }

  issueResolved(issue: Issue): void {
    if (this.stopped) return;
    if (issue.type === 'no-connectivity' && issue.stationId !== undefined) {
      this.uptime.markSilent(issue.stationId, issue.resolvedAt?.simMs ?? this.clock.now(), false);
    }
    if (issue.stationId !== undefined) this.safetyIssues.get(issue.stationId)?.delete(issue.id);
    if (this.graced.has(issue.id)) {
      this.dropGrace(issue.id);
      return;
    }
    const ticket = this.book.forIssue(issue.id);
    if (!ticket) return;
    const resolvedAt = issue.resolvedAt?.simMs ?? this.clock.now();
    this.book.update(ticket, (t) => {
      t.issue = issue;
      t.issueResolvedAt = resolvedAt;
    });
    if (ticket.status === 'closed') return;
    if (issue.details['supersededBy'] !== undefined) {
      this.supersede(ticket, `superseded by issue ${String(issue.details['supersededBy'])}`);
      return;
    }
    const run = this.runs.get(ticket.id);
    if (run) {
      // The ladder is mid-step: let it finish and close the ticket with what it knows.
      run.issueResolved = true;
      this.watcher.issueResolved(issue.id);
      return;
    }
    this.cancelFieldTimer(ticket.id);
    this.closer.issueResolved(ticket);
    this.closeIfDone(ticket);
  }

  /** Time outside the operator's control, for uptime (e.g. a utility outage). */
  markExcluded(stationId: string, fromMs: number, toMs: number, reason: string): void {
    this.uptime.markExcluded(stationId, fromMs, toMs, reason);
  }

  // ── views ────────────────────────────────────────────────────────────────────────────────────────

  tickets(): Ticket[] {
    return this.book.all().map((t) => structuredClone(t));
  }

  openTickets(): Ticket[] {
    return this.book.openTickets().map((t) => structuredClone(t));
  }

  ticketForIssue(issueId: string): Ticket | undefined {
    const ticket = this.book.forIssue(issueId);
    return ticket && structuredClone(ticket);
  }

  /** Where a ticket is, without copying it (the CSMS labels each escalation event with it). */
  ticketScope(ticketId: string): { stationId?: string; siteId?: string } | undefined {
    const ticket = this.book.get(ticketId);
    if (!ticket) return undefined;
    return { ...(ticket.stationId !== undefined ? { stationId: ticket.stationId } : {}), ...(ticket.siteId !== undefined ? { siteId: ticket.siteId } : {}) };
  }

  workOrders(): WorkOrder[] {
    return this.book.allWorkOrders().map((wo) => structuredClone(wo));
  }

  escalations(): EscalationRecord[] {
    return this.book.all().flatMap((t) => t.escalations.map((e) => ({ ...e })));
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

  /** Resolves once no handling is in progress (commands answered, verification windows over). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Cancels every timer and wait; later inputs are ignored. Open tickets stay open (and stored). */
  stop(): void {
    this.stopped = true;
    this.timeRules.stop();
    for (const id of [...this.graced.keys()]) this.dropGrace(id);
    for (const id of [...this.fieldTimers.keys()]) this.cancelFieldTimer(id);
    for (const run of this.runs.values()) run.aborted = true;
    this.watcher.cancelAll();
    this.options.store?.flush();
  }

  // ── handling ─────────────────────────────────────────────────────────────────────────────────────

  private start(issue: Issue, handling: Handling): void {
    const part = OUTAGE_ISSUE_TYPES.has(issue.type) ? partFor(issue) : undefined;
    const ticket = this.book.open(issue, this.clock.now(), part, this.excerpt(issue));
    this.timeRules.arm(ticket);
    this.track(this.execute(ticket, handling));
  }

  private async execute(ticket: Ticket, handling: Handling): Promise<void> {
    switch (handling.kind) {
      case 'safety':
        return this.makeSafe(ticket);
      case 'ladder':
        return this.finishLadder(ticket, await this.climb(ticket, handling.ladder));
      case 'connectivity':
        if (ticket.stationId !== undefined && this.isConnected(ticket.stationId)) return this.finishLadder(ticket, await this.climb(ticket, handling.ladder));
        this.escalate(ticket, 'tier-2', 'station unreachable: no connection to the CSMS');
        this.armFieldTimer(ticket, this.clock.now() + this.config.offlineTier2ToFieldMs);
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
    const stationId = ticket.stationId;
    const reason = `safety fault ${String(ticket.issue.details['errorCode'] ?? ticket.issueType)}: connector taken out of service, field engineering dispatched`;
    const command = stationId === undefined ? undefined : commandFor('make-inoperative', this.protocolOf(stationId), connectorRefOf(ticket));
    const sending = stationId !== undefined && command ? sendAction(this.ladderDeps, ticket, stationId, 'make-inoperative', command) : undefined;
    this.escalate(ticket, 'field-engineering', reason);
    const workOrder = this.dispatch(ticket, reason);
    if (!sending) return;
    await sending;
    if (workOrder) this.book.updateWorkOrder(workOrder, (wo) => (wo.actionsTried = ticket.actions.map((a) => ({ ...a }))));
  }

  private async climb(ticket: Ticket, ladder: readonly LadderStep[]): Promise<LadderOutcome> {
    const run: RunState = { aborted: false, issueResolved: false };
    this.runs.set(ticket.id, run);
    try {
      return await climbLadder(this.ladderDeps, ticket, ladder, run);
    } finally {
      this.runs.delete(ticket.id);
    }
  }

  private finishLadder(ticket: Ticket, outcome: LadderOutcome): void {
    if (outcome === 'aborted' || ticket.status === 'closed' || this.stopped) return;
    if (outcome === 'recovered') {
      this.closeIfDone(ticket, true);
      return;
    }
    const tried = ticket.actions.map((a) => `${a.step}: ${a.skipped ?? a.error ?? String(a.response?.['status'] ?? 'answered')}${a.verified === false ? ', not verified' : ''}`);
    const reason = tried.length > 0 ? `remote recovery exhausted (${tried.join('; ')})` : 'no remote fix for this fault';
    this.escalate(ticket, 'field-engineering', reason);
    this.dispatch(ticket, reason);
  }

  /** Closes the ticket once its issue is over (or the desk verified recovery) and no work order is open. */
  private closeIfDone(ticket: Ticket, recoveredNow = false): void {
    if (ticket.status === 'closed' || this.book.openWorkOrdersOf(ticket).length > 0) return;
    if (!recoveredNow && ticket.issueResolvedAt === undefined) return;
    let resolution: TicketResolution;
    if (ticket.workOrderIds.length > 0) resolution = 'field';
    else if (ticket.escalations.length > 0) resolution = 'escalated';
    else if (ticket.actions.some((a) => a.skipped === undefined && a.error === undefined)) resolution = 'remote';
    else resolution = 'self-cleared';
    const now = this.clock.now();
    if (resolution === 'remote') this.book.update(ticket, (t) => (t.recoveredAt = now));
    this.closeTicket(ticket, resolution);
  }

  private closeTicket(ticket: Ticket, resolution: TicketResolution): void {
    this.timeRules.disarm(ticket.id);
    this.cancelFieldTimer(ticket.id);
    const run = this.runs.get(ticket.id);
    if (run) run.aborted = true;
    if (ticket.stationId !== undefined) this.safetyIssues.get(ticket.stationId)?.delete(ticket.issueId);
    this.book.close(ticket, resolution, this.clock.now());
  }

  private supersede(ticket: Ticket, note: string): void {
    this.book.update(ticket, (t) => t.notes.push(note));
    this.closeTicket(ticket, 'superseded');
  }

  private escalate(ticket: Ticket, target: EscalationTarget, reason: string, accountManagerInformed = false): void {
    // The next tier gets the log as it is now, not as it was when the ticket opened.
    this.book.update(ticket, (t) => (t.messageLog = this.excerpt(t.issue)));
    this.book.escalate(ticket, target, reason, this.clock.now(), accountManagerInformed);
  }

  private escalatedTo(ticket: Ticket, target: EscalationTarget): boolean {
    return ticket.escalations.some((e) => e.target === target);
  }

  private dispatch(ticket: Ticket, reason: string): WorkOrder | undefined {
    if (ticket.stationId === undefined || this.book.openWorkOrdersOf(ticket).length > 0) return undefined;
    const now = this.clock.now();
    return this.book.openWorkOrder(ticket, {
      part: ticket.part ?? partFor(ticket.issue),
      reason,
      at: now,
      technicianDueAt: now + this.config.technicianTravelMs,
      messageLog: this.excerpt(ticket.issue),
    });
  }

  private timeRuleDue(ticket: Ticket, rule: TimeRule): void {
    if (this.stopped || ticket.status === 'closed' || this.escalatedTo(ticket, rule)) return;
    if (rule === 'engineering') {
      this.escalate(ticket, 'engineering', `not resolved within ${this.config.unresolvedToEngineeringMs / 60_000} min`, true);
    } else {
      this.escalate(ticket, 'management', `outage persisting beyond ${this.config.outageToManagementMs / 60_000} min`);
    }
  }

  // ── connectivity ─────────────────────────────────────────────────────────────────────────────────

  private endGrace(issueId: string): void {
    const graced = this.graced.get(issueId);
    if (!graced) return;
    this.graced.delete(issueId);
    const handling = handlingFor(graced.issue, this.config);
    if (handling.kind !== 'follow-parent') this.start(graced.issue, handling);
  }

  private dropGrace(issueId: string): void {
    this.graced.get(issueId)?.timer.cancel();
    this.graced.delete(issueId);
  }

  private armFieldTimer(ticket: Ticket, atMs: number): void {
    this.cancelFieldTimer(ticket.id);
    const timer = this.clock.setTimeout(() => {
      this.fieldTimers.delete(ticket.id);
      if (ticket.status === 'closed' || this.stopped) return;
      const reason = `station still unreachable after ${this.config.offlineTier2ToFieldMs / 60_000} min with Tier 2`;
      this.escalate(ticket, 'field-engineering', reason);
      this.dispatch(ticket, reason);
    }, Math.max(0, atMs - this.clock.now()));
    this.fieldTimers.set(ticket.id, timer.unref());
  }

  private cancelFieldTimer(ticketId: string): void {
    this.fieldTimers.get(ticketId)?.cancel();
    this.fieldTimers.delete(ticketId);
  }

  // ── plumbing ─────────────────────────────────────────────────────────────────────────────────────

  private holdResets(stationId: string, issueId: string): void {
    let set = this.safetyIssues.get(stationId);
    if (!set) {
      set = new Set();
      this.safetyIssues.set(stationId, set);
    }
    set.add(issueId);
  }

  private protocolOf(stationId: string): OcppProtocol {
    return this.options.protocolOf?.(stationId) ?? this.fleet.protocol(stationId) ?? 'ocpp1.6';
  }

  private connectorStatus(stationId: string, connectorId: number, evseId: number | undefined): string | undefined {
    return this.options.connectorStatus ? this.options.connectorStatus(stationId, connectorId, evseId) : this.fleet.status(stationId, connectorId, evseId);
  }

  private isConnected(stationId: string): boolean {
    return this.options.isConnected ? this.options.isConnected(stationId) : this.fleet.connected(stationId);
  }

  /** The station's recent messages; a site issue gets a share of each silent station's log. */
  private excerpt(issue: Issue): MessageLogExcerpt {
    const log = this.options.messageLog;
    const size = this.config.messageLogExcerptSize;
    if (!log || size === 0) return [];
    try {
      if (issue.stationId !== undefined) return log(issue.stationId, size);
      const stations = Array.isArray(issue.details['stationIds']) ? (issue.details['stationIds'] as unknown[]).filter((id): id is string => typeof id === 'string') : [];
      const each = Math.max(1, Math.floor(size / Math.max(1, stations.length)));
      return stations.slice(0, size).flatMap((id) => log(id, each));
    } catch (error) {
      this.report(error, 'messageLog');
      return [];
    }
  }

  private restore(store: PlaybookStore): void {
    const snapshot = store.load();
    this.book.restore(snapshot.tickets, snapshot.workOrders);
    this.uptime.restore(snapshot.uptime);
    for (const ticket of snapshot.tickets) {
      this.seen.add(ticket.issueId);
      if (ticket.status !== 'open') continue;
      this.timeRules.arm(ticket);
      if (ticket.stationId !== undefined && handlingFor(ticket.issue, this.config).kind === 'safety') this.holdResets(ticket.stationId, ticket.issueId);
      const tier2 = ticket.escalations.find((e) => e.target === 'tier-2');
      if (ticket.issueType === 'no-connectivity' && tier2 && ticket.workOrderIds.length === 0) this.armFieldTimer(ticket, tier2.at + this.config.offlineTier2ToFieldMs);
    }
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.report(error, 'handling')).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private guard(where: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.report(error, where);
    }
  }

  private report(error: unknown, where: string): void {
    if (this.listenerCount('internal-error') > 0) this.emit('internal-error', error, where);
    else process.emitWarning(`playbook: ${where} failed: ${error instanceof Error ? error.message : String(error)}`, 'PlaybookWarning');
  }
}
