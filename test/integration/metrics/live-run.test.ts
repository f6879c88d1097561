/**
 * Both Prometheus exporters scraped over HTTP during a live run: 20 stations (half 1.6, half 2.0.1) against
 * the bundled strict CSMS with its desk, five sessions, one still running, a GroundFailure, a dropped link and
 * a raw station that breaks a protocol rule. Every value is checked against a second source: the fleet's own
 * counts, the CSMS's message log, or what the test itself did.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CsmsEvent } from '../../../harness/csms/events.js';
import type { Csms } from '../../../harness/csms/server.js';
import type { Desk } from '../../../harness/desk/desk.js';
import { attachFleet, createLoadMetrics, type LoadMetrics } from '../../../harness/load/prometheus.js';
import { CsmsMetrics } from '../../../harness/metrics/csms-metrics.js';
import { serveMetrics, type MetricsServer } from '../../../harness/metrics/exposition-server.js';
import { startReferenceCsms } from '../../../harness/reference-csms.js';
import { ScaledClock } from '../../../simulator/clock.js';
import { Fleet } from '../../../simulator/fleet/fleet.js';
import type { FleetSnapshot } from '../../../simulator/fleet/metrics.js';
import { RawStation, boot16 } from '../csms/raw-station.js';
import { scrape, sumBy, valueOf, matching, type Exposition } from '../../support/prom-text.js';

const STATIONS = 20;
const SESSIONS = 5;
const TIME_SCALE = 60;

let csms: Csms;
let desk: Desk | undefined;
let csmsServer: MetricsServer;
let load: LoadMetrics;
let fleet: Fleet;
let detach: () => void;
const events: CsmsEvent[] = [];
let csmsScrape: Exposition;
let loadScrape: Exposition;
let fleetSnapshot: FleetSnapshot;
/** Inbound CALLs by action, from the CSMS's message log. */
let loggedCalls: Record<string, number>;
let opened = 0;

beforeAll(async () => {
  const clock = new ScaledClock({ timeScale: TIME_SCALE });
  // An hour between heartbeats: no traffic but what the test causes, so the counts can be compared exactly.
  ({ csms, desk } = await startReferenceCsms({ clock, heartbeatIntervalS: 3_600, strict: true }));
  csms.onAny((e) => events.push(e));
  const csmsMetrics = new CsmsMetrics();
  csmsMetrics.attach(csms, desk);
  csmsServer = await serveMetrics(csmsMetrics.registry, { port: 0 });
  load = await createLoadMetrics({ port: 0 });
  fleet = new Fleet({ csmsUrl: csms.ocppUrl, clock, stations: STATIONS, sites: 4, protocol: 'mix', seed: 7, rampPerS: 200 });
  detach = attachFleet(fleet, load);
  fleet.on('stationStarted', (_id: string, station: { on(e: 'connected', fn: () => void): void }) => station.on('connected', () => opened++));
  const booted = fleet.waitForBoot(30_000);
  await fleet.start();
  expect(await booted).toBe(true);

  const stations = [...fleet.stations.values()];
  const sessions = stations.slice(0, SESSIONS).map((s, i) => s.runSession({ connectorId: 1, idTag: `TAG-${i}`, durationS: 60, powerW: 11_000, unplugAfterS: 30 }));
  // One session still charging when the scrape is taken.
  const longStarted = waitFor((e) => e.type === 'transaction-started' && e.stationId === stations[SESSIONS]?.id);
  void stations[SESSIONS]?.runSession({ connectorId: 1, idTag: 'TAG-LONG', durationS: 36_000 });
  await longStarted;
  expect((await Promise.all(sessions)).every((r) => r.ok)).toBe(true);

  // A GroundFailure on an idle 1.6 connector: a safety fault, field engineering, the connector made Inoperative.
  const faulty = stations.find((s) => s.protocol === 'ocpp1.6' && s !== stations[SESSIONS]);
  const escalated = waitFor((e) => e.type === 'escalation');
  const inoperative = waitFor((e) => e.type === 'command' && e.action === 'ChangeAvailability' && (e.response !== undefined || e.error !== undefined));
  faulty?.setConnectorFault(2, 'GroundFailure', 'RCD tripped');
  await Promise.all([escalated, inoperative]);

  // A lost link: the CSMS sees 1006, the station reconnects (no new boot).
  const dropped = stations[STATIONS - 1];
  const reconnected = waitFor((e) => e.type === 'connect' && e.stationId === dropped?.id);
  dropped?.transport.drop();
  await reconnected;

  // A raw 1.6 station stops a transaction that never existed: CD-V003, refused because the CSMS is strict.
  const raw = await RawStation.connect(csms.ocppUrl, 'RAW-1', 'ocpp1.6');
  await raw.call('BootNotification', boot16);
  const refusal = await raw.call('StopTransaction', { transactionId: 987_654, meterStop: 10, timestamp: new Date().toISOString() });
  expect(refusal[0]).toBe(4);
  await raw.close();

  await quiet(500);
  fleetSnapshot = fleet.metrics.snapshot();
  csms.flush();
  loggedCalls = {};
  for (const id of [...fleet.stations.keys(), 'RAW-1']) {
    for (const m of csms.store.messagesFor(id)) if (m.direction === 'in' && m.messageType === 2) loggedCalls[m.action as string] = (loggedCalls[m.action as string] ?? 0) + 1;
  }
  [csmsScrape, loadScrape] = await Promise.all([scrape(csmsServer.url), scrape(load.url)]);
}, 90_000);

afterAll(async () => {
  detach?.();
  await fleet?.stop();
  await csms?.close();
  await csmsServer?.close();
  await load?.close();
});

function waitFor(match: (e: CsmsEvent) => boolean, timeoutMs = 20_000): Promise<CsmsEvent> {
  const seen = events.find(match);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('event not seen in time')), timeoutMs);
    const off = csms.onAny((e) => {
      if (!match(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

/** Resolves once no frame has crossed the CSMS for `ms` real milliseconds. */
async function quiet(ms: number): Promise<void> {
  let last = performance.now();
  const off = csms.on('frame', () => (last = performance.now()));
  while (performance.now() - last < ms) await new Promise((r) => setTimeout(r, 50));
  off();
}

/** Calls by action from the fleet's own histograms (every outcome). */
function fleetCallsByAction(): Record<string, number> {
  return Object.fromEntries(fleetSnapshot.actions.map((a) => [a.action, a.sent]));
}

describe('the CSMS exporter (chargedrill_csms_*)', () => {
  it('counts connections, boots and disconnects as they happened', () => {
    expect(valueOf(csmsScrape, 'chargedrill_csms_boots_total', { status: 'Accepted' })).toBe(STATIONS + 1);
    expect(valueOf(csmsScrape, 'chargedrill_csms_connected_stations', { protocol: 'ocpp1.6' })).toBe(STATIONS / 2);
    expect(valueOf(csmsScrape, 'chargedrill_csms_connected_stations', { protocol: 'ocpp2.0.1' })).toBe(STATIONS / 2);
    // 20 stations, one reconnect, the raw station.
    expect(valueOf(csmsScrape, 'chargedrill_csms_connections_total')).toBe(STATIONS + 2);
    // The dropped link is abnormal (1006); the raw station closes without a status code (1005).
    expect(sumBy(csmsScrape, 'chargedrill_csms_disconnects_total', 'code')).toEqual({ '1005': 1, '1006': 1 });
  });

  it('counts inbound CALLs by action as the message log has them, and times every one', () => {
    const counted = sumBy(csmsScrape, 'chargedrill_csms_calls_total', 'action');
    expect(counted).toEqual(loggedCalls);
    // The fleet's own count plus the raw station's two calls.
    const expected = fleetCallsByAction();
    expected.BootNotification = (expected.BootNotification ?? 0) + 1;
    expected.StopTransaction = (expected.StopTransaction ?? 0) + 1;
    expect(counted).toEqual(expected);
    expect(sumBy(csmsScrape, 'chargedrill_csms_call_handling_seconds_count', 'action')).toEqual(counted);
    for (const [action, count] of Object.entries(counted)) {
      expect(valueOf(csmsScrape, 'chargedrill_csms_call_handling_seconds_bucket', { action, le: '+Inf' })).toBe(count);
    }
    expect(sumBy(csmsScrape, 'chargedrill_csms_calls_total', 'error_code', { outcome: 'error' })).toEqual({ PropertyConstraintViolation: 1 });
    expect(sumBy(csmsScrape, 'chargedrill_csms_protocol_violations_total', 'rule')).toEqual({ 'CD-V003': 1 });
  });

  it('follows transactions, the desk and its commands', () => {
    expect(valueOf(csmsScrape, 'chargedrill_csms_transactions_total', { event: 'started' })).toBe(SESSIONS + 1);
    expect(valueOf(csmsScrape, 'chargedrill_csms_transactions_total', { event: 'ended' })).toBe(SESSIONS);
    expect(valueOf(csmsScrape, 'chargedrill_csms_open_transactions')).toBe(1);
    expect(sumBy(csmsScrape, 'chargedrill_csms_issues_raised_total', 'type')).toEqual({ 'safety-fault': 1 });
    expect(valueOf(csmsScrape, 'chargedrill_csms_open_issues', { type: 'safety-fault', severity: 'critical' })).toBe(1);
    expect(sumBy(csmsScrape, 'chargedrill_csms_escalations_total', 'team')).toEqual({ 'field-engineering': 1 });
    const commands = events.filter((e) => e.type === 'command').length;
    expect(commands).toBeGreaterThan(0);
    expect(valueOf(csmsScrape, 'chargedrill_csms_commands_total')).toBe(commands);
    expect(valueOf(csmsScrape, 'chargedrill_csms_commands_total', { action: 'ChangeAvailability', outcome: 'answered' })).toBe(1);
  });

  it('exposes the process CPU and memory', () => {
    expect(valueOf(csmsScrape, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(valueOf(csmsScrape, 'process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
  });

  it('never labels a series by station id', () => {
    const ids = new Set([...fleet.stations.keys(), 'RAW-1']);
    const labelled = csmsScrape.samples.filter((s) => Object.values(s.labels).some((v) => ids.has(v)));
    expect(labelled).toEqual([]);
    expect(matching(csmsScrape, 'chargedrill_csms_calls_total').length).toBeLessThan(40);
  });
});

describe('the load exporter (chargedrill_load_*) attached to the fleet', () => {
  it('keeps the station gauges and counts boots and connection attempts', () => {
    expect(sumBy(loadScrape, 'chargedrill_load_stations', 'state')).toEqual({ target: STATIONS, connected: STATIONS, booted: STATIONS });
    expect(valueOf(loadScrape, 'chargedrill_load_boots_total', { status: 'Accepted' })).toBe(fleetSnapshot.booted);
    expect(sumBy(loadScrape, 'chargedrill_load_connection_attempts_total', 'outcome')).toEqual({ opened });
    expect(opened).toBe(STATIONS + 1);
    expect(sumBy(loadScrape, 'chargedrill_load_disconnects_total', 'code')).toEqual({ '1006': 1 });
  });

  it('counts CALLs by action as the fleet does, and times the answered ones', () => {
    const counted = sumBy(loadScrape, 'chargedrill_load_calls_total', 'action');
    expect(counted).toEqual(fleetCallsByAction());
    expect(valueOf(loadScrape, 'chargedrill_load_calls_total', { outcome: 'answered' })).toBe(fleetSnapshot.calls - fleetSnapshot.errors);
    const answered = sumBy(loadScrape, 'chargedrill_load_calls_total', 'action', { outcome: 'answered' });
    const callErrors = sumBy(loadScrape, 'chargedrill_load_calls_total', 'action', { outcome: 'callerror' });
    const timed = sumBy(loadScrape, 'chargedrill_load_call_duration_seconds_count', 'action');
    for (const action of Object.keys(counted)) expect(timed[action]).toBe((answered[action] ?? 0) + (callErrors[action] ?? 0));
  });

  it('counts the sessions that ended', () => {
    expect(sumBy(loadScrape, 'chargedrill_load_sessions_total', 'outcome')).toEqual({ completed: SESSIONS });
    expect(fleetSnapshot.sessions.started).toBe(SESSIONS);
  });
});
