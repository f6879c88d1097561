import * as hdr from 'hdr-histogram-js';
import {
  LOAD_EXIT,
  LOAD_RESULT_FORMAT,
  type ActionResult,
  type DetectionResult,
  type LatencySummary,
  type LoadResult,
  type TimeSeriesPoint,
} from '../../../../harness/load/result.js';

/**
 * A realistic LoadResult as the engine would produce it: 1,000 stations ramped over 20 s and held for 40 s against a
 * CSMS that refuses some connections, six actions with latencies recorded in real HdrHistograms (so every summary
 * is what the histogram says, p50 <= p90 <= p99 <= p99.9 <= max), a disconnect burst at 35 s, two detected issue
 * types (one missed once) and three thresholds, of which p99(StartTransaction)<200ms failed. Seeded: the same
 * numbers every time.
 */

/** Action names, messages and reasons that must stay text in every view. */
export const NASTY = '<script>alert("x&y")</script> \'quoted\' ]]> \u0001';

/** mulberry32: small, seedable, good enough for test data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const HISTOGRAM = { lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 } as const;

/** Records `count` log-normal latencies around `medianMs` (real ms) in microseconds; returns the summary and the encoding. */
export function latencies(rand: () => number, count: number, medianMs: number, spread: number): { latency: LatencySummary; histogram: string } {
  const histogram = hdr.build(HISTOGRAM);
  for (let i = 0; i < count; i++) {
    const gauss = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    histogram.recordValue(Math.max(1, Math.round(medianMs * Math.exp(spread * gauss) * 1_000)));
  }
  // HdrHistogram reports a percentile as the top of its bucket, which can exceed the exact max: clamp, as the
  // contract's p50 <= ... <= max promises
  const max = histogram.maxValue;
  const ms = (us: number) => Math.min(us, max) / 1_000;
  const latency: LatencySummary = {
    count: histogram.totalCount,
    p50: ms(histogram.getValueAtPercentile(50)),
    p90: ms(histogram.getValueAtPercentile(90)),
    p95: ms(histogram.getValueAtPercentile(95)),
    p99: ms(histogram.getValueAtPercentile(99)),
    p99_9: ms(histogram.getValueAtPercentile(99.9)),
    max: ms(max),
    mean: ms(histogram.mean),
  };
  const encoded = hdr.encodeIntoCompressedBase64(histogram);
  histogram.destroy();
  return { latency, histogram: encoded };
}

interface ActionPlan {
  action: string;
  answered: number;
  callErrors: Record<string, number>;
  timedOut: number;
  inFlightAtEnd: number;
  cutByDisconnect: number;
  medianMs: number;
  spread: number;
}

const ACTIONS: ActionPlan[] = [
  { action: 'Authorize', answered: 2_400, callErrors: {}, timedOut: 0, inFlightAtEnd: 1, cutByDisconnect: 2, medianMs: 9, spread: 0.5 },
  { action: 'BootNotification', answered: 1_030, callErrors: { InternalError: 4 }, timedOut: 6, inFlightAtEnd: 0, cutByDisconnect: 1, medianMs: 38, spread: 0.7 },
  { action: 'Heartbeat', answered: 9_800, callErrors: {}, timedOut: 0, inFlightAtEnd: 3, cutByDisconnect: 5, medianMs: 3.2, spread: 0.4 },
  { action: 'MeterValues', answered: 14_200, callErrors: { FormationViolation: 2 }, timedOut: 1, inFlightAtEnd: 9, cutByDisconnect: 11, medianMs: 6.5, spread: 0.6 },
  { action: 'StartTransaction', answered: 2_310, callErrors: { InternalError: 12, NotImplemented: 3 }, timedOut: 4, inFlightAtEnd: 2, cutByDisconnect: 3, medianMs: 55, spread: 0.9 },
  { action: 'StatusNotification', answered: 6_950, callErrors: {}, timedOut: 0, inFlightAtEnd: 4, cutByDisconnect: 6, medianMs: 4.1, spread: 0.5 },
];

function action(rand: () => number, plan: ActionPlan): ActionResult {
  const errors = Object.values(plan.callErrors).reduce((a, b) => a + b, 0);
  const { latency, histogram } = latencies(rand, plan.answered + errors, plan.medianMs, plan.spread);
  return {
    action: plan.action,
    sent: plan.answered + errors + plan.timedOut + plan.inFlightAtEnd + plan.cutByDisconnect,
    answered: plan.answered,
    callErrors: plan.callErrors,
    timedOut: plan.timedOut,
    inFlightAtEnd: plan.inFlightAtEnd,
    cutByDisconnect: plan.cutByDisconnect,
    latency,
    histogram,
  };
}

const STATIONS = 1_000;
const POINTS = 60;
const RAMP_S = 20;

function timeSeries(rand: () => number): TimeSeriesPoint[] {
  const points: TimeSeriesPoint[] = [];
  for (let t = 1; t <= POINTS; t++) {
    const stage = t <= RAMP_S ? 'ramp' : 'hold';
    const dip = t >= 35 && t <= 38 ? 40 * (39 - t) : 0;
    const connected = Math.min(STATIONS - 8, Math.round((STATIONS * t) / RAMP_S)) - dip;
    const booted = Math.max(0, Math.min(connected, Math.round((STATIONS * (t - 1)) / RAMP_S)) - dip);
    const booting = t <= RAMP_S + 1;
    const p99ByAction: Record<string, number> = {
      Heartbeat: 6 + 4 * rand(),
      MeterValues: 14 + 10 * rand() + (dip > 0 ? 60 : 0),
      StatusNotification: 9 + 6 * rand(),
    };
    if (booting) p99ByAction.BootNotification = 90 + 120 * rand() + 8 * t;
    if (t > 5) p99ByAction.StartTransaction = 160 + 220 * rand() + (dip > 0 ? 300 : 0);
    // Authorize only in some seconds: its line has gaps
    if (t % 3 !== 0) p99ByAction.Authorize = 18 + 8 * rand();
    points.push({
      t,
      stage,
      connected,
      booted,
      callsPerS: Math.round((booting ? 120 : 0) + booted * 0.55 + 40 * rand()),
      errorsPerS: dip > 0 ? 6 + Math.round(4 * rand()) : rand() < 0.2 ? 1 : 0,
      p99ByAction,
      sessionsActive: Math.round(Math.min(booted, 1_000) * 0.4 * Math.min(1, t / 40)),
    });
  }
  return points;
}

function detection(rand: () => number, issueType: string, injected: number, detected: number, medianMs: number): DetectionResult {
  const { latency, histogram } = latencies(rand, detected, medianMs, 0.4);
  return { issueType, injected, detected, missed: injected - detected, latency, histogram };
}

export function loadFixture(): LoadResult {
  const rand = random(20_261_130);
  const actions = ACTIONS.map((plan) => action(rand, plan));
  const sum = (pick: (a: ActionResult) => number) => actions.reduce((total, a) => total + pick(a), 0);
  const callErrors = sum((a) => Object.values(a.callErrors).reduce((x, y) => x + y, 0));
  const elapsedS = POINTS;
  const sent = sum((a) => a.sent);
  const recover = latencies(rand, 118, 2_400, 0.5);
  const p99 = (name: string) => actions.find((a) => a.action === name)?.latency.p99 ?? null;
  const errorPercent = (100 * (sent - sum((a) => a.answered))) / sent;
  return {
    format: LOAD_RESULT_FORMAT,
    tool: { name: 'chargedrill', version: '0.1.0', node: 'v20.20.2' },
    startedAt: '2026-11-30T22:10:05.123Z',
    parameters: {
      profile: 'ramp-hold',
      profileFile: 'profiles/ramp-hold.yaml',
      stations: STATIONS,
      sites: 50,
      protocol: 'mix',
      connectors: 2,
      timeScale: 60,
      seed: 42,
      url: 'ws://127.0.0.1:9220/ocpp',
      csms: 'child-process',
      desk: true,
      behaviours: ['reference', 'flaky-modem'],
      stages: [
        { name: 'ramp', durationMs: 20_000, target: STATIONS, sessionsPerHour: 2 },
        { name: 'hold', durationMs: 40_000, target: STATIONS, sessionsPerHour: 2, mix: { meterValuesIntervalS: 60 } },
      ],
      faults: 9,
      thresholds: ['p99(BootNotification)<500ms', 'p99(StartTransaction)<200ms', 'errors<1%'],
      bootTimeoutMs: 60_000,
      argv: ['load', '--profile', 'profiles/ramp-hold.yaml', '--stations', '1000'],
    },
    elapsedS,
    verdict: 'threshold-failed',
    failures: [`threshold p99(StartTransaction)<200ms failed: measured ${p99('StartTransaction')?.toFixed(1)} ms`],
    exitCode: LOAD_EXIT.thresholdFailed,
    connections: {
      attempts: 1_148,
      opened: 1_128,
      failed: { refused: 12, 'http-401': 3, timeout: 5 },
      firstFailure: { reason: 'refused', message: 'connect ECONNREFUSED 127.0.0.1:9220', count: 12 },
      closedByPeer: { '1006': 118, '1000': 2 },
    },
    boots: { accepted: 992, pending: 0, rejected: 0, notBooted: 8 },
    actions,
    calls: {
      sent,
      answered: sum((a) => a.answered),
      errors: callErrors,
      timedOut: sum((a) => a.timedOut),
      inFlightAtEnd: sum((a) => a.inFlightAtEnd),
      cutByDisconnect: sum((a) => a.cutByDisconnect),
      perS: sent / elapsedS,
    },
    disconnects: { disconnects: 120, recovered: 118, timeToRecover: recover.latency },
    sessions: {
      attempted: 2_330,
      started: 2_310,
      refused: 20,
      refusedByStatus: { Blocked: 4, Invalid: 16 },
      completed: 1_880,
      stoppedAtEnd: 430,
      openAtEnd: 2,
      failed: 0,
    },
    detection: [
      detection(rand, 'no-connectivity', 4, 3, 31_000),
      detection(rand, 'safety-fault', 5, 5, 420),
    ],
    timeSeries: timeSeries(rand),
    thresholds: [
      { expression: 'p99(BootNotification)<500ms', source: 'profiles/ramp-hold.yaml:14:5', measured: p99('BootNotification'), unit: 'ms', ok: true, abortOnFail: false },
      { expression: 'p99(StartTransaction)<200ms', source: '--threshold', measured: p99('StartTransaction'), unit: 'ms', ok: false, abortOnFail: false },
      { expression: 'errors<1%', source: 'profiles/ramp-hold.yaml:15:5', measured: errorPercent, unit: '%', ok: true, abortOnFail: true },
    ],
    protocols: { 'ocpp1.6': 500, 'ocpp2.0.1': 500 },
  };
}
