/**
 * Prometheus metrics of the bundled CSMS (`chargedrill_csms_*`), fed by its event bus: connections, boots,
 * inbound CALLs and how long the CSMS took to answer them, commands it sent, transactions, and what the desk
 * raised. Served by `chargedrill csms --metrics-port` (harness/metrics/exposition-server.ts).
 *
 *   const metrics = new CsmsMetrics();
 *   metrics.attach(csms, desk);
 *   const server = await serveMetrics(metrics.registry, { port: 9464 });
 *
 * Not an add-on: the CSMS's add-on slot holds the desk, and the metrics need nothing but the public bus.
 * Cheap per frame (plain counts, a Map entry per CALL in flight; samples are built at scrape); no label is ever a station id.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import type { CsmsEventOf } from '../csms/events.js';
import type { Csms } from '../csms/server.js';
import type { Desk } from '../desk/desk.js';
import { CallTally } from './call-tally.js';
import { actionLabel, closeCodeLabel, LATENCY_BUCKETS_S } from './labels.js';

export const CSMS_METRIC_PREFIX = 'chargedrill_csms_';

export interface CsmsMetricsOptions {
  /** Default: a registry of its own. */
  registry?: Registry;
  /** Node process metrics (CPU, RSS, heap, event-loop lag; prom-client's `process_*` and `nodejs_*`). Default true. */
  processMetrics?: boolean;
}

type Unsubscribe = () => void;

export class CsmsMetrics {
  readonly registry: Registry;
  private readonly connected: Gauge<'protocol'>;
  private readonly connections: Counter<'protocol'>;
  private readonly refused: Counter;
  private readonly disconnects: Counter<'code'>;
  private readonly boots: Counter<'status'>;
  /** Inbound CALLs by action and outcome, and the time to answer them. */
  private readonly calls: CallTally;
  private readonly commands: Counter<'action' | 'outcome' | 'error_code'>;
  private readonly authorizations: Counter<'status'>;
  private readonly transactions: Counter<'event'>;
  private readonly openTransactions: Gauge;
  private readonly protocolErrors: Counter<'code'>;
  private readonly violations: Counter<'rule' | 'severity'>;
  private readonly issuesRaised: Counter<'type' | 'severity'>;
  private readonly issuesResolved: Counter<'type' | 'severity'>;
  private readonly openIssues: Gauge<'type' | 'severity'>;
  private readonly escalations: Counter<'team'>;
  /** Protocol of every connected station, for the connected gauge's protocol label. */
  private readonly protocols = new Map<string, OcppProtocol>();
  /** Real arrival time (performance.now()) of each inbound CALL not yet answered, per station. */
  private readonly inFlight = new Map<string, Map<string, number>>();
  private readonly subscriptions: Unsubscribe[] = [];

  constructor(options: CsmsMetricsOptions = {}) {
    const registry = (this.registry = options.registry ?? new Registry());
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
    const registers = [registry];
    const p = CSMS_METRIC_PREFIX;
    this.connected = new Gauge({ name: `${p}connected_stations`, help: 'Stations connected now', labelNames: ['protocol'], registers });
    this.connections = new Counter({ name: `${p}connections_total`, help: 'WebSocket connections accepted', labelNames: ['protocol'], registers });
    this.refused = new Counter({ name: `${p}connections_refused_total`, help: 'WebSocket handshakes refused (allow list, no OCPP subprotocol, shutting down)', registers });
    this.disconnects = new Counter({ name: `${p}disconnects_total`, help: 'Connections closed, by close code (1000-1015 as is, else 3xxx, 4xxx, other)', labelNames: ['code'], registers });
    this.boots = new Counter({ name: `${p}boots_total`, help: 'BootNotifications answered, by status', labelNames: ['status'], registers });
    this.calls = new CallTally(registry, {
      calls: { name: `${p}calls_total`, help: 'CALLs from stations answered, by action and outcome (result, or error with its CALLERROR code)' },
      duration: { name: `${p}call_handling_seconds`, help: 'Real time from a CALL arriving to its answer going out, by action', buckets: LATENCY_BUCKETS_S },
    });
    this.commands = new Counter({
      name: `${p}commands_total`,
      help: 'Commands sent to stations, by action and outcome (answered, or failed with its error code)',
      labelNames: ['action', 'outcome', 'error_code'],
      registers,
    });
    this.authorizations = new Counter({ name: `${p}authorizations_total`, help: 'Token decisions, by status', labelNames: ['status'], registers });
    this.transactions = new Counter({ name: `${p}transactions_total`, help: 'Transactions started and ended', labelNames: ['event'], registers });
    this.openTransactions = new Gauge({ name: `${p}open_transactions`, help: 'Transactions started and not ended', registers });
    this.protocolErrors = new Counter({ name: `${p}protocol_errors_total`, help: 'Unreadable or invalid frames and socket errors, by code', labelNames: ['code'], registers });
    this.violations = new Counter({
      name: `${p}protocol_violations_total`,
      help: 'Protocol rule violations recorded (refused when strict), by rule (docs/codes.md CD-Vnnn)',
      labelNames: ['rule', 'severity'],
      registers,
    });
    this.issuesRaised = new Counter({ name: `${p}issues_raised_total`, help: 'Issues the desk raised, by type and severity', labelNames: ['type', 'severity'], registers });
    this.issuesResolved = new Counter({ name: `${p}issues_resolved_total`, help: 'Issues the desk resolved, by type and severity', labelNames: ['type', 'severity'], registers });
    this.openIssues = new Gauge({ name: `${p}open_issues`, help: 'Issues open now, by type and severity', labelNames: ['type', 'severity'], registers });
    this.escalations = new Counter({ name: `${p}escalations_total`, help: 'Escalations by the playbook, by team', labelNames: ['team'], registers });
  }

  /** Starts counting `csms`'s events; gauges start from its present state (`desk` for the open issues). */
  attach(csms: Csms, desk?: Pick<Desk, 'issues'>): void {
    if (this.subscriptions.length > 0) throw new Error('CsmsMetrics is already attached to a CSMS');
    for (const station of csms.stations()) if (station.connected) this.protocols.set(station.id, station.protocol);
    this.refreshConnected();
    this.openTransactions.set(csms.store.openTransactions().length);
    for (const issue of desk?.issues({ open: true }) ?? []) this.openIssues.inc({ type: issue.type, severity: issue.severity });
    const on = this.subscriptions;
    on.push(csms.on('frame', (e) => this.onFrame(e)));
    on.push(csms.on('connect', (e) => {
      this.protocols.set(e.stationId, e.protocol);
      this.connections.inc({ protocol: e.protocol });
      this.connected.inc({ protocol: e.protocol });
    }));
    on.push(csms.on('connect-refused', () => this.refused.inc()));
    on.push(csms.on('disconnect', (e) => {
      this.disconnects.inc({ code: closeCodeLabel(e.code) });
      this.inFlight.delete(e.stationId);
      const protocol = this.protocols.get(e.stationId);
      if (protocol === undefined) return;
      this.protocols.delete(e.stationId);
      this.connected.dec({ protocol });
    }));
    on.push(csms.on('boot', (e) => this.boots.inc({ status: e.status })));
    on.push(csms.on('authorize', (e) => this.authorizations.inc({ status: e.status })));
    on.push(csms.on('transaction-started', () => {
      this.transactions.inc({ event: 'started' });
      this.openTransactions.inc();
    }));
    on.push(csms.on('transaction-ended', () => {
      this.transactions.inc({ event: 'ended' });
      this.openTransactions.dec();
    }));
    on.push(csms.on('command', (e) => {
      const action = actionLabel('csms', e.action);
      if (e.error === undefined) this.commands.inc({ action, outcome: 'answered', error_code: '' });
      else this.commands.inc({ action, outcome: 'failed', error_code: e.error });
    }));
    on.push(csms.on('protocol-error', (e) => this.protocolErrors.inc({ code: e.code })));
    on.push(csms.on('protocol-violation', (e) => this.violations.inc({ rule: e.rule, severity: e.severity })));
    on.push(csms.on('issue-raised', ({ issue }) => {
      this.issuesRaised.inc({ type: issue.type, severity: issue.severity });
      this.openIssues.inc({ type: issue.type, severity: issue.severity });
    }));
    on.push(csms.on('issue-resolved', ({ issue }) => {
      this.issuesResolved.inc({ type: issue.type, severity: issue.severity });
      this.openIssues.dec({ type: issue.type, severity: issue.severity });
    }));
    on.push(csms.on('escalation', (e) => this.escalations.inc({ team: e.escalation.target })));
  }

  /** Stops counting; what was counted stays in the registry. */
  detach(): void {
    for (const off of this.subscriptions.splice(0)) off();
    this.inFlight.clear();
  }

  private onFrame(e: CsmsEventOf<'frame'>): void {
    if (e.direction === 'in') {
      if (e.messageType !== 2) return;
      let calls = this.inFlight.get(e.stationId);
      if (calls === undefined) this.inFlight.set(e.stationId, (calls = new Map()));
      calls.set(e.messageId, performance.now());
      return;
    }
    // An answer of ours to a CALL that arrived while attached (the action is set only on answers to CALLs).
    if (e.messageType === 2 || e.action === undefined) return;
    const calls = this.inFlight.get(e.stationId);
    const arrivedAt = calls?.get(e.messageId);
    if (arrivedAt === undefined) return;
    calls?.delete(e.messageId);
    const tally = this.calls.of(actionLabel('station', e.action));
    if (e.messageType === 3) {
      tally.add('result');
    } else {
      const code = (e.payload as { errorCode?: unknown } | undefined)?.errorCode;
      tally.add('error', typeof code === 'string' ? code : 'unknown');
    }
    tally.observe((performance.now() - arrivedAt) / 1_000);
  }

  private refreshConnected(): void {
    this.connected.reset();
    for (const protocol of ['ocpp1.6', 'ocpp2.0.1'] as const) this.connected.set({ protocol }, 0);
    for (const protocol of this.protocols.values()) this.connected.inc({ protocol });
  }
}
