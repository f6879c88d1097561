/**
 * Prometheus metrics of a load run (`chargedrill_load_*`) on a scrape port of its own: what the stations saw
 * (connection attempts, boots, CALLs and their round trips, disconnects, sessions) and the run's progress.
 *
 *   const metrics = await createLoadMetrics({ port: 9465 });
 *   const detach = attachFleet(fleet, metrics);      // counts every station's events as they happen
 *   metrics.setProgress(progress);                   // once a second, from the engine
 *   detach(); await metrics.close();
 *
 * Follows result.ts: every call ends in one counted outcome, and the duration histogram holds answered
 * calls only (CALLRESULT or CALLERROR); a timed-out or cut call is counted, never folded into latency.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Fleet } from '../../simulator/fleet/fleet.js';
import type { VirtualStation } from '../../simulator/station/station.js';
import type { SessionResult } from '../../simulator/station/types.js';
import type { CallOutcome } from '../../simulator/transport/types.js';
import { CallTally } from '../metrics/call-tally.js';
import { serveMetrics } from '../metrics/exposition-server.js';
import { actionLabel, closeCodeLabel, LATENCY_BUCKETS_S } from '../metrics/labels.js';
import { connectFailureReason } from '../../simulator/transport/connect-failure.js';
import type { ConnectFailureReason, LiveProgress } from './result.js';

export const LOAD_METRIC_PREFIX = 'chargedrill_load_';

export type BootStatus = 'Accepted' | 'Pending' | 'Rejected';

export interface LoadMetricsOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Node process metrics (`process_*`, `nodejs_*`); default true. */
  processMetrics?: boolean;
}

export interface LoadMetrics {
  /** Scrape URL, e.g. `http://127.0.0.1:9465/metrics`. */
  readonly url: string;
  readonly registry: Registry;
  observeCall(outcome: CallOutcome): void;
  /** A connection attempt: `opened`, or why it failed. */
  observeConnect(result: 'opened' | ConnectFailureReason): void;
  observeBoot(status: BootStatus): void;
  /** An open connection closed (by the CSMS, the network or the run), with its WebSocket close code. */
  observeDisconnect(code: number): void;
  /** A session ended (counted when its result is known). */
  observeSession(result: SessionResult): void;
  /**
   * The engine's live numbers: stage, target stations, open sessions; connected and booted too unless a
   * fleet is attached (`attachFleet` keeps those exact from the stations' own events).
   */
  setProgress(progress: LiveProgress): void;
  close(): Promise<void>;
}

/** Starts the exporter's HTTP server; throws `MetricsPortError` when the port cannot be listened on. */
export async function createLoadMetrics(options: LoadMetricsOptions): Promise<LoadMetrics> {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const set = new LoadMetricSet(registry);
  const server = await serveMetrics(registry, { port: options.port, ...(options.host !== undefined && { host: options.host }) });
  const metrics: LoadMetrics = {
    url: server.url,
    registry,
    observeCall: (outcome) => set.observeCall(outcome),
    observeConnect: (result) => set.observeConnect(result),
    observeBoot: (status) => set.observeBoot(status),
    observeDisconnect: (code) => set.observeDisconnect(code),
    observeSession: (result) => set.observeSession(result),
    setProgress: (progress) => set.setProgress(progress),
    close: () => server.close(),
  };
  metricSets.set(metrics, set);
  return metrics;
}

/** The station gauges `attachFleet` keeps itself, behind the public API. */
const metricSets = new WeakMap<LoadMetrics, LoadMetricSet>();

class LoadMetricSet {
  readonly stationGauge: Gauge<'state'>;
  fleetAttached = false;
  /** Counted as plain numbers per call, turned into samples at scrape. */
  private readonly calls: CallTally;
  private readonly connects: Counter<'outcome' | 'reason'>;
  private readonly boots: Counter<'status'>;
  private readonly disconnects: Counter<'code'>;
  private readonly sessions: Counter<'outcome' | 'status'>;
  private readonly sessionsActive: Gauge;
  private readonly stage: Gauge<'stage'>;
  private readonly elapsed: Gauge;
  private currentStage: string | undefined;

  constructor(readonly registry: Registry) {
    const registers = [registry];
    const p = LOAD_METRIC_PREFIX;
    this.stationGauge = new Gauge({ name: `${p}stations`, help: 'Stations by state: target, connected, booted (an Accepted boot)', labelNames: ['state'], registers });
    this.calls = new CallTally(registry, {
      calls: { name: `${p}calls_total`, help: 'CALLs the stations sent, by action and outcome: answered, callerror (with its code), timeout, cut (connection lost)' },
      duration: { name: `${p}call_duration_seconds`, help: 'Real round trip of answered CALLs (CALLRESULT or CALLERROR), by action', buckets: LATENCY_BUCKETS_S },
    });
    this.connects = new Counter({
      name: `${p}connection_attempts_total`,
      help: 'WebSocket connection attempts: opened, or failed with a reason (refused, dns, tls, http-<status>, timeout, emfile, eaddrnotavail, reset, other)',
      labelNames: ['outcome', 'reason'],
      registers,
    });
    this.boots = new Counter({ name: `${p}boots_total`, help: 'BootNotification answers the stations got, by status', labelNames: ['status'], registers });
    this.disconnects = new Counter({ name: `${p}disconnects_total`, help: 'Open connections lost, by close code (1000-1015 as is, else 3xxx, 4xxx, other)', labelNames: ['code'], registers });
    this.sessions = new Counter({
      name: `${p}sessions_total`,
      help: 'Charging sessions ended: completed (the transaction ran), refused (by the CSMS, with its status), failed (never started)',
      labelNames: ['outcome', 'status'],
      registers,
    });
    this.sessionsActive = new Gauge({ name: `${p}sessions_active`, help: 'Sessions running now (from the engine)', registers });
    this.stage = new Gauge({ name: `${p}stage`, help: 'The stage running now (1; the stage is the label)', labelNames: ['stage'], registers });
    this.elapsed = new Gauge({ name: `${p}elapsed_seconds`, help: 'Real seconds since the run started', registers });
  }

  observeCall(outcome: CallOutcome): void {
    const tally = this.calls.of(actionLabel('station', outcome.action));
    if (outcome.ok) {
      tally.add('answered');
    } else if (outcome.errorCode === 'Timeout') {
      return tally.add('timeout');
    } else if (outcome.errorCode === 'Disconnected') {
      return tally.add('cut');
    } else {
      tally.add('callerror', outcome.errorCode ?? 'unknown');
    }
    tally.observe(outcome.latencyMs / 1_000);
  }

  observeConnect(result: 'opened' | ConnectFailureReason): void {
    if (result === 'opened') this.connects.inc({ outcome: 'opened', reason: '' });
    else this.connects.inc({ outcome: 'failed', reason: result });
  }

  observeBoot(status: BootStatus): void {
    this.boots.inc({ status });
  }

  observeDisconnect(code: number): void {
    this.disconnects.inc({ code: closeCodeLabel(code) });
  }

  observeSession(result: SessionResult): void {
    if (result.refusedStatus !== undefined) this.sessions.inc({ outcome: 'refused', status: result.refusedStatus });
    else this.sessions.inc({ outcome: result.ok ? 'completed' : 'failed', status: '' });
  }

  setProgress(progress: LiveProgress): void {
    this.stationGauge.set({ state: 'target' }, progress.stations);
    if (!this.fleetAttached) {
      this.stationGauge.set({ state: 'connected' }, progress.connected);
      this.stationGauge.set({ state: 'booted' }, progress.booted);
    }
    this.sessionsActive.set(progress.sessionsActive);
    this.elapsed.set(progress.elapsedS);
    if (progress.stage !== this.currentStage) {
      if (this.currentStage !== undefined) this.stage.remove({ stage: this.currentStage });
      this.currentStage = progress.stage;
      this.stage.set({ stage: progress.stage }, 1);
    }
  }
}

/**
 * Feeds `metrics` from every station of `fleet`, those started already and those it starts later, until the
 * returned function is called. Counts everything the stations do, the fleet's own stop included.
 */
export function attachFleet(fleet: Fleet, metrics: LoadMetrics): () => void {
  const set = metricSets.get(metrics);
  if (set === undefined) throw new TypeError('attachFleet takes metrics made by createLoadMetrics');
  if (set.fleetAttached) throw new Error('a fleet is already attached to these metrics');
  set.fleetAttached = true;
  const gauge = set.stationGauge;
  gauge.set({ state: 'target' }, fleet.size);
  let connected = 0;
  const booted = new Set<string>();
  gauge.set({ state: 'connected' }, 0);
  gauge.set({ state: 'booted' }, 0);
  const detachers: (() => void)[] = [];

  const watch = (id: string, station: VirtualStation): void => {
    // A station started before the attach may be connected and booted already.
    let open = station.transport.state === 'open';
    if (open) gauge.set({ state: 'connected' }, ++connected);
    if (station.registration === 'Accepted') gauge.set({ state: 'booted' }, booted.add(id).size);
    const onConnected = (): void => {
      open = true;
      metrics.observeConnect('opened');
      gauge.set({ state: 'connected' }, ++connected);
    };
    const onDisconnected = (code: number): void => {
      if (open) gauge.set({ state: 'connected' }, --connected);
      open = false;
      metrics.observeDisconnect(code);
    };
    const onBooted = (status: BootStatus): void => {
      metrics.observeBoot(status);
      // Accepted is sticky, as in the fleet's own counts: a station accepted once has booted.
      if (status === 'Accepted' && !booted.has(id)) gauge.set({ state: 'booted' }, booted.add(id).size);
    };
    const onCall = (outcome: CallOutcome): void => metrics.observeCall(outcome);
    const onSession = (_connectorId: number, result: SessionResult): void => metrics.observeSession(result);
    const onConnectFailed = (failure: Parameters<typeof connectFailureReason>[0]): void => metrics.observeConnect(connectFailureReason(failure));
    station.on('connected', onConnected);
    station.on('disconnected', onDisconnected);
    station.on('booted', onBooted);
    station.on('callDone', onCall);
    station.on('session', onSession);
    station.transport.on('connectFailed', onConnectFailed);
    detachers.push(() => {
      station.off('connected', onConnected);
      station.off('disconnected', onDisconnected);
      station.off('booted', onBooted);
      station.off('callDone', onCall);
      station.off('session', onSession);
      station.transport.off('connectFailed', onConnectFailed);
    });
  };

  for (const [id, station] of fleet.stations) watch(id, station);
  fleet.on('stationStarted', watch);
  return () => {
    fleet.off('stationStarted', watch);
    for (const detach of detachers.splice(0)) detach();
    set.fleetAttached = false;
  };
}
