/**
 * Load engine overhead: how many Heartbeat calls per CPU-second does the client process make through `runLoad`
 * against the same raw-ws echo server (bench/transport-server.ts) as a raw `ws` client doing sequential calls?
 *
 * Alternating pairs, each run in a fresh child process: raw (bench/transport-client.ts, N connections), then the
 * engine (bench/engine-overhead-client.ts, N stations). Both flood: the raw client sends each connection's next
 * Heartbeat when the last is answered, and so does the engine with the profile mix `heartbeatFlood` (the built-in
 * `heartbeat-flood` profile), so both run the same closed loop against the same server.
 *
 * With `offerFactor`, the engine is paced instead: each station heartbeats on its timer at `offerFactor` times the
 * per-connection rate the raw run of its pair reached (a heartbeat every simulated second at time scale = that
 * rate). Paced, the engine pays the event loop's cost per turn over fewer calls than a flood does (raw `ws` itself,
 * paced at about half its flood rate, spent 1.2 to 1.4x the CPU per call), so that comparison leans against the
 * engine; it is kept for the record of earlier runs. The figure compared is calls per CPU-second of the client
 * process, not calls/s. Ratios are medians of per-pair ratios. Target: engine >= 80 % of raw calls per CPU-second.
 */
import type { EngineJob, EngineRunResult } from './engine-overhead-client.js';
import type { ClientJob, ClientRunResult } from './transport-client.js';
import { benchCpus, median, runBenchChild, startEchoServer } from './transport.js';

export const ENGINE_BENCH_TARGETS = { minCallsPerCpuSRatio: 0.8 } as const;
/**
 * Below this share of its offer a run is flagged: the engine fell behind (queues grew) or its heartbeat timers ran
 * late (the clock re-arms a timer after its tick has run, so lateness lowers the rate without queueing anything).
 */
const KEPT_UP_SHARE = 0.9;

export interface EngineVariantFigures {
  callsPerS: number;
  cpuUsPerCall: number;
  callsPerCpuS: number;
  rssBytes: number;
}

export interface EngineOverheadResult {
  connections: number;
  durationMs: number;
  runs: { raw: ClientRunResult[]; engine: (EngineRunResult & { offeredPerS?: number })[] };
  /** Medians over the runs. */
  raw: EngineVariantFigures;
  engine: EngineVariantFigures;
  /** Paced runs: heartbeats offered per station as a multiple of the raw run's rate; undefined: the flood. */
  offerFactor: number | undefined;
  /** engine / raw calls per CPU-second, median of per-pair ratios; target >= 0.8. */
  callsPerCpuSRatio: number;
  /** The ratio of each pair, in run order. */
  pairRatios: number[];
  /** Server and clients each on a core of their own. */
  pinned: boolean;
  /** Engine calls answered with a CALLERROR or timed out, over all runs: a flood that fails calls is no measure. */
  engineFailedCalls: number;
  meetsTarget: boolean;
}

export async function benchEngineOverhead(opts: {
  connections: number;
  durationMs: number;
  runs: number;
  warmupMs?: number;
  offerFactor?: number;
  /** Pin the echo server and each client to a core of their own (`benchCpus`); default true. */
  pin?: boolean;
}): Promise<EngineOverheadResult> {
  const offerFactor = opts.offerFactor;
  if (offerFactor !== undefined && !(offerFactor > 0)) throw new RangeError(`the engine's offer factor must be greater than 0, got ${offerFactor}`);
  const warmupMs = opts.warmupMs ?? Math.min(1_000, Math.round(opts.durationMs / 5));
  const cpus = opts.pin === false ? undefined : benchCpus();
  const server = await startEchoServer({ cpu: cpus?.server });
  try {
    const runs: EngineOverheadResult['runs'] = { raw: [], engine: [] };
    for (let i = 0; i < opts.runs; i += 1) {
      const rawJob: ClientJob = { variant: 'raw', url: server.url, connections: opts.connections, durationMs: opts.durationMs, warmupMs };
      const raw = await runBenchChild<ClientRunResult>('transport-client', rawJob, { cpu: cpus?.client });
      const engineJob: EngineJob = { url: server.url, stations: opts.connections, durationMs: opts.durationMs, warmupMs };
      // Paced: heartbeat interval 1 simulated s, so a time scale of R makes R heartbeats per real second per station.
      if (offerFactor !== undefined) engineJob.timeScale = Math.max(1, Math.round((raw.callsPerS / opts.connections) * offerFactor));
      const engine = await runBenchChild<EngineRunResult>('engine-overhead-client', engineJob, { cpu: cpus?.client });
      runs.raw.push(raw);
      runs.engine.push(engineJob.timeScale === undefined ? engine : { ...engine, offeredPerS: engineJob.timeScale * opts.connections });
    }
    const pairRatios = runs.engine.map((e, i) => (runs.raw[i] as ClientRunResult).cpuUsPerCall / e.cpuUsPerCall);
    const callsPerCpuSRatio = median(pairRatios);
    const engineFailedCalls = runs.engine.reduce((sum, e) => sum + e.errors + e.timedOut, 0);
    return {
      connections: opts.connections,
      durationMs: opts.durationMs,
      runs,
      raw: figures(runs.raw),
      engine: figures(runs.engine),
      offerFactor,
      callsPerCpuSRatio,
      pairRatios,
      pinned: cpus !== undefined,
      engineFailedCalls,
      meetsTarget: callsPerCpuSRatio >= ENGINE_BENCH_TARGETS.minCallsPerCpuSRatio && engineFailedCalls === 0,
    };
  } finally {
    server.child.kill();
  }
}

function figures(results: { callsPerS: number; cpuUsPerCall: number; rssBytes: number }[]): EngineVariantFigures {
  return {
    callsPerS: median(results.map((r) => r.callsPerS)),
    cpuUsPerCall: median(results.map((r) => r.cpuUsPerCall)),
    callsPerCpuS: median(results.map((r) => 1e6 / r.cpuUsPerCall)),
    rssBytes: median(results.map((r) => r.rssBytes)),
  };
}

export function printEngineOverhead(result: EngineOverheadResult): void {
  const row = (name: string, f: EngineVariantFigures): string =>
    `${name.padEnd(7)} ${f.callsPerS.toFixed(0).padStart(9)} ${f.cpuUsPerCall.toFixed(1).padStart(12)} ` +
    `${f.callsPerCpuS.toFixed(0).padStart(12)} ${(f.rssBytes / 1_048_576).toFixed(1).padStart(9)}`;
  console.log('');
  console.log(
    `engine overhead bench: ${result.connections} connections / stations x ${result.durationMs} ms of Heartbeats against a raw-ws echo server, ` +
      `medians of ${result.runs.raw.length} runs each; ` +
      `${result.offerFactor === undefined ? 'both flood (next call when the last is answered)' : `engine paced at ${result.offerFactor}x the raw run's rate`}; the ratio is the median of per-pair ratios`,
  );
  console.log(`${'client'.padEnd(7)} ${'calls/s'.padStart(9)} ${'cpu µs/call'.padStart(12)} ${'calls/cpu-s'.padStart(12)} ${'RSS MiB'.padStart(9)}`);
  console.log(row('raw', result.raw));
  console.log(row('engine', result.engine));
  console.log(
    `  engine runs (${result.offerFactor === undefined ? '' : 'offered/s -> '}calls/s, boot-all, failed calls): ` +
      result.runs.engine
        .map((e) => {
          const offered = e.offeredPerS === undefined ? '' : `${e.offeredPerS} -> `;
          const behind = e.offeredPerS !== undefined && e.callsPerS < e.offeredPerS * KEPT_UP_SHARE ? ' (under 90 % of the offer)' : '';
          return `${offered}${e.callsPerS.toFixed(0)}${behind}, ${(e.bootAllMs / 1_000).toFixed(2)} s, ${e.errors + e.timedOut}`;
        })
        .join('; '),
  );
  console.log(`  pairs (engine/raw calls per cpu-s): ${result.pairRatios.map((r) => r.toFixed(2)).join(', ')}; ${result.pinned ? 'server and clients pinned to cores of their own' : 'not pinned'}`);
  console.log(
    `engine/raw: calls per cpu-s ${result.callsPerCpuSRatio.toFixed(2)} (target >= ${ENGINE_BENCH_TARGETS.minCallsPerCpuSRatio})` +
      `${result.engineFailedCalls > 0 ? `, ${result.engineFailedCalls} engine calls failed` : ''} -> ${result.meetsTarget ? 'MEETS' : 'MISSES'} target`,
  );
}
