/**
 * The k6 side of a station script: options from the baked-in plan, one VU = one station on a k6 WebSocket, the
 * OCPP call metrics, and the JUnit summary. Everything OCPP is in lib/ (plain modules, tested under Node); this file
 * only connects them to k6's modules. The plan is replaced by esbuild (`define`) when scripts/build-k6.ts bundles.
 *
 * Environment (k6 `-e NAME=value`): CSMS_URL (OCPP base URL, station ids are appended; default
 * ws://127.0.0.1:9000/ocpp), STATIONS (VUs at full ramp; default the profile's), SITES, TIME_SCALE, ID_PREFIX,
 * JUNIT (the JUnit file handleSummary writes; default junit-<protocol>.xml).
 */
import exec from 'k6/execution';
import { Counter, Rate, Trend } from 'k6/metrics';
import type { Options } from 'k6/options';
import { clearInterval, setInterval, setTimeout } from 'k6/timers';
import { WebSocket } from 'k6/websockets';
import { deriveSeed } from '../../simulator/random.js';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import { stationId } from '../../simulator/vocabulary/site.js';
import { dialectOf } from './lib/messages.js';
import { envNumber, k6Stages, totalMs, type K6Plan } from './lib/plan.js';
import { StationMachine } from './lib/station.js';
import { junitXml, textSummary, type SummaryData } from './lib/summary.js';

declare const CHARGEDRILL_K6_PLAN: K6Plan;
/** k6 has a console; @types/k6 does not declare it. */
declare const console: { warn(...values: unknown[]): void };

const PLAN: K6Plan = CHARGEDRILL_K6_PLAN;
/** How often a station looks at its deadlines; a tenth of the shortest interval of a time-scaled profile is plenty. */
const TICK_MS = 100;
const CALL_TIMEOUT_MS = 30_000;
/** Wait before reconnecting after a connection that ended before the plan did (refused, dropped). */
const RECONNECT_DELAY_MS = 1_000;
export const CALL_TREND = 'ocpp_call_duration';

const callDuration = new Trend(CALL_TREND, true);
const callFailed = new Rate('ocpp_call_failed');
const bootAccepted = new Rate('ocpp_boot_accepted');
const sessions = new Counter('ocpp_sessions');
const problems = new Counter('ocpp_protocol_problems');
const connectionErrors = new Counter('ocpp_connection_errors');

/**
 * Per station (VU): its connections so far and whether the last one ended before the plan did. Module state is per
 * VU in k6 already (each VU has its own runtime); keyed by VU all the same, so a runtime shared by VUs keeps them apart.
 */
const connections = new Map<number, { count: number; endedEarly: boolean }>();

export interface RunData {
  startMs: number;
}

const stations = (): number => envNumber(__ENV, 'STATIONS', PLAN.stations);

export function stationOptions(): Options {
  return {
    scenarios: {
      stations: { executor: 'ramping-vus', startVUs: 0, stages: k6Stages(PLAN, stations()), gracefulRampDown: '30s', gracefulStop: '30s' },
    },
    thresholds: PLAN.thresholds,
    summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
  };
}

/** The stages are counted from here, for every VU (setup runs once, before the first VU starts). */
export function setupRun(): RunData {
  return { startMs: Date.now() };
}

/** One iteration: connect, run the station until the plan is over or the connection is lost (k6 then reconnects). */
export function runStation(protocol: OcppProtocol, data: RunData): void {
  const endMs = data.startMs + totalMs(PLAN.stages);
  if (Date.now() >= endMs) return;
  const vu = exec.vu.idInTest;
  const sites = envNumber(__ENV, 'SITES', Math.max(1, Math.floor(stations() / 10)));
  const prefix = __ENV.ID_PREFIX ?? `k6-${protocol === 'ocpp1.6' ? '16' : '201'}-`;
  const id = `${prefix}${stationId(((vu - 1) % sites) + 1, Math.floor((vu - 1) / sites) + 1)}`;
  const url = `${__ENV.CSMS_URL ?? 'ws://127.0.0.1:9000/ocpp'}/${encodeURIComponent(id)}`;
  const connect = (): void => station(protocol, id, url, data.startMs, endMs, vu);
  // No hot loop of reconnects against a CSMS that refuses or drops the station: the iteration waits first.
  if (connections.get(vu)?.endedEarly === true) setTimeout(connect, RECONNECT_DELAY_MS);
  else connect();
}

function station(protocol: OcppProtocol, id: string, url: string, startMs: number, endMs: number, vu: number): void {
  const connection = { count: (connections.get(vu)?.count ?? 0) + 1, endedEarly: false };
  connections.set(vu, connection);
  // k6/websockets ignores its protocols argument; the subprotocol is asked for in the handshake header.
  const socket = new WebSocket(url, null, { headers: { 'Sec-WebSocket-Protocol': protocol } });
  const machine = new StationMachine(
    { stationId: id, dialect: dialectOf(protocol), plan: PLAN, timeScale: envNumber(__ENV, 'TIME_SCALE', PLAN.timeScale), seed: deriveSeed(deriveSeed(PLAN.stations, vu), connection.count), connection: connection.count, startMs, endMs, callTimeoutMs: CALL_TIMEOUT_MS },
    {
      send: (text) => socket.send(text),
      close: () => socket.close(),
      call: (record) => {
        callDuration.add(record.ms, { action: record.action });
        callFailed.add(record.outcome !== 'result', { action: record.action });
      },
      boot: (status) => bootAccepted.add(status === 'Accepted'),
      session: (kind) => sessions.add(1, { kind }),
      problem: (message) => {
        problems.add(1);
        console.warn(`${id}: ${message}`);
      },
    },
  );
  let timer: number | undefined;
  socket.onopen = () => {
    machine.open(Date.now());
    timer = setInterval(() => machine.tick(Date.now()), TICK_MS);
  };
  socket.onmessage = (event) => machine.receive(String(event?.data), Date.now());
  socket.onerror = (event) => {
    connectionErrors.add(1);
    console.warn(`${id}: ${event?.error ?? 'WebSocket error'}`);
  };
  socket.onclose = () => {
    if (timer !== undefined) clearInterval(timer);
    connection.endedEarly = Date.now() < endMs;
    machine.closed();
  };
}

export function summarize(protocol: OcppProtocol, data: SummaryData): Record<string, string> {
  return {
    [__ENV.JUNIT ?? `junit-${protocol}.xml`]: junitXml(data, `chargedrill k6 ${protocol} (${PLAN.profile})`),
    stdout: textSummary(data, CALL_TREND),
  };
}
