/**
 * Child process of bench/engine-overhead.ts: one measured run of the load engine (`runLoad`) in a fresh process.
 * N OCPP 1.6 stations boot against the raw-ws echo server, then send Heartbeats with no sessions and no other
 * traffic: a flood (the profile mix `heartbeatFlood`, each station's next call when the last is answered, as the raw
 * client does), or paced (every simulated second at a time scale the parent picks). Only the hold after every station booted is measured:
 * the window opens at the first progress report at least `warmupMs` after the last boot and closes at the first
 * report at least `durationMs` later (reports come once a second, as in any run), then the run is cut.
 */
import { runLoad } from '../harness/load/engine.js';
import type { LiveProgress } from '../harness/load/result.js';

export interface EngineJob {
  url: string;
  stations: number;
  durationMs: number;
  warmupMs: number;
  /** Paced: a heartbeat every simulated second at this time scale. Undefined: the flood. */
  timeScale?: number;
}

export interface EngineRunResult {
  calls: number;
  callsPerS: number;
  /** Client-process CPU time per call finished in the window, microseconds (user + system). */
  cpuUsPerCall: number;
  /** Resident set size of the client process at the end of the measured window, bytes. */
  rssBytes: number;
  /** Calls of the whole run answered with a CALLERROR or timed out: should be 0. */
  errors: number;
  timedOut: number;
  /** Real ms from the start of the run until every station had booted. */
  bootAllMs: number;
}

/** Stations started per second by the ramp stage: quick, but below what the echo server accepts at once. */
const RAMP_PER_S = 1_000;
/** The hold stage lasts at most this long; the run is cut as soon as the window is measured. */
const HOLD_LIMIT_MS = 10 * 60_000;

interface Mark {
  calls: number;
  cpu: NodeJS.CpuUsage;
  atMs: number;
}

export async function runEngine(job: EngineJob): Promise<EngineRunResult> {
  const stop = new AbortController();
  const mix = job.timeScale === undefined ? { heartbeatFlood: true } : { heartbeatIntervalS: 1 };
  let bootedAtMs: number | undefined;
  let start: Mark | undefined;
  let window: { calls: number; cpuUs: number; elapsedMs: number; rssBytes: number } | undefined;
  const onProgress = (progress: LiveProgress): void => {
    if (window !== undefined) return;
    const nowMs = performance.now();
    if (bootedAtMs === undefined) {
      if (progress.booted >= job.stations) bootedAtMs = nowMs;
      return;
    }
    if (start === undefined) {
      if (nowMs - bootedAtMs >= job.warmupMs) start = { calls: progress.calls, cpu: process.cpuUsage(), atMs: nowMs };
      return;
    }
    // Reports come about once a second; a report a little early still closes a window of whole seconds.
    if (nowMs - start.atMs < job.durationMs - 100) return;
    const cpu = process.cpuUsage(start.cpu);
    window = { calls: progress.calls - start.calls, cpuUs: cpu.user + cpu.system, elapsedMs: nowMs - start.atMs, rssBytes: process.memoryUsage().rss };
    stop.abort();
  };
  const result = await runLoad({
    url: job.url,
    sites: 1,
    protocol: 'ocpp1.6',
    seed: 1,
    timeScale: job.timeScale ?? 1,
    stages: [
      { name: 'ramp', durationMs: Math.round((job.stations / RAMP_PER_S) * 1_000), target: job.stations, sessionsPerHour: 0, mix },
      { name: 'hold', durationMs: HOLD_LIMIT_MS, target: job.stations, sessionsPerHour: 0, mix },
    ],
    bootTimeoutMs: 60_000,
    stopGraceMs: 0,
    onProgress,
    signal: stop.signal,
  });
  if (window === undefined) {
    throw new Error(`engine run ended before its window was measured: ${result.failures.join('; ') || `verdict ${result.verdict}`}`);
  }
  return {
    calls: window.calls,
    callsPerS: (window.calls * 1_000) / window.elapsedMs,
    cpuUsPerCall: window.cpuUs / window.calls,
    rssBytes: window.rssBytes,
    errors: result.calls.errors,
    timedOut: result.calls.timedOut,
    bootAllMs: result.boots.bootAllMs ?? Number.NaN,
  };
}

// Forked by bench/engine-overhead.ts: one job in, one result out, then exit.
if (process.send !== undefined) {
  process.once('message', (job: EngineJob) => {
    runEngine(job).then(
      (result) => process.send?.(result, () => process.exit(0)),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
