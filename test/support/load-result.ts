/** A complete LoadResult to build test cases from: every number given, so a test changes only what it checks. */
import { LOAD_RESULT_FORMAT, type ActionResult, type DetectionResult, type LatencySummary, type LoadResult } from '../../harness/load/result.js';

export function latency(p99: number, extra: Partial<LatencySummary> = {}): LatencySummary {
  return { count: 100, p50: p99 / 4, p90: p99 / 2, p95: (p99 * 3) / 4, p99, p99_9: p99 * 1.5, max: p99 * 2, mean: p99 / 3, ...extra };
}

export function action(name: string, p99: number, extra: Partial<ActionResult> = {}): ActionResult {
  return { action: name, sent: 100, answered: 100, callErrors: {}, timedOut: 0, inFlightAtEnd: 0, cutByDisconnect: 0, latency: latency(p99), histogram: '', ...extra };
}

export function detection(issueType: string, p99: number, extra: Partial<DetectionResult> = {}): DetectionResult {
  return { issueType, injected: 4, detected: 4, missed: 0, latency: latency(p99, { count: 4 }), histogram: '', ...extra };
}

export function loadResult(extra: Partial<LoadResult> = {}): LoadResult {
  return {
    format: LOAD_RESULT_FORMAT,
    tool: { name: 'chargedrill', version: '0.1.0', node: 'v20' },
    startedAt: '2026-11-30T23:00:00.000Z',
    parameters: {
      profile: 'idle', stations: 100, sites: 10, protocol: 'mix', connectors: 2, timeScale: 60, seed: 1, url: 'ws://127.0.0.1:1/ocpp',
      csms: 'in-process', desk: true, behaviours: ['reference'], stages: [], faults: 0, thresholds: [], bootTimeoutMs: 30_000, argv: [],
    },
    elapsedS: 60,
    verdict: 'passed',
    failures: [],
    exitCode: 0,
    connections: { attempts: 100, opened: 100, failed: {}, closedByPeer: {} },
    boots: { accepted: 100, pending: 0, rejected: 0, notBooted: 0, bootAllMs: 2_000 },
    actions: [action('BootNotification', 400), action('Heartbeat', 20, { sent: 1_000, answered: 1_000 }), action('StatusNotification', 40, { sent: 200, answered: 200 })],
    calls: { sent: 1_300, answered: 1_300, errors: 0, timedOut: 0, inFlightAtEnd: 0, cutByDisconnect: 0, perS: 21.7 },
    disconnects: { disconnects: 0, recovered: 0, timeToRecover: latency(0, { count: 0 }) },
    sessions: { attempted: 0, started: 0, refused: 0, refusedByStatus: {}, completed: 0, stoppedAtEnd: 0, openAtEnd: 0, failed: 0 },
    detection: [detection('safety-fault', 300)],
    timeSeries: [],
    thresholds: [],
    protocols: { 'ocpp1.6': 50, 'ocpp2.0.1': 50 },
    ...extra,
  };
}
