/**
 * 10,000 idle stations side by side with bare `ws` clients: what does chargedrill cost per station beyond the socket?
 *
 * Against the raw-ws echo server of bench/transport-server.ts (its own process: it accepts BootNotification and
 * StatusNotification and answers Heartbeat, so no CSMS cost is in the picture), alternating pairs of fresh child
 * processes (bench/idle-fleet-client.ts): raw (N bare `ws` clients) then chargedrill (a Fleet of N OCPP 1.6 stations,
 * one connector each), the same ramp and heartbeat interval. Per variant: boot-all time (ramp start to the last
 * accepted boot), peak RSS (VmHWM), steady RSS after the boot and a settle period (whole process, and per station),
 * and CPU over the ramp and the hold. Ratios are medians of per-pair ratios (each chargedrill run against the raw run
 * just before it); the figures beside them are medians.
 *
 * Targets: peak RSS <= 1.5x raw; steady RSS <= 16 KiB per station; boot-all <= 1.5x raw; CPU <= 1.5x raw.
 */
import type { IdleJob, IdleRunResult } from './idle-fleet-client.js';
import { median, runBenchChild, startEchoServer } from './transport.js';

export const IDLE_TARGETS = { maxPeakRssRatio: 1.5, maxSteadyBytesPerStation: 16 * 1_024, maxBootAllRatio: 1.5, maxCpuRatio: 1.5 } as const;

/**
 * "Steady" is the periodic regime of an idle fleet: every station has heartbeated since its boot and V8 has collected
 * the boot's garbage on its own (no forced collection). On this 2-core machine that took 35 to 65 s after the last
 * boot (the RSS timeline printed with each run shows the drops), so the settle is two heartbeat intervals and the
 * hold one whole heartbeat cycle; a hold whose samples spread more than MAX_HOLD_SPREAD is reported as not steady.
 */
export const IDLE_DEFAULTS = { stations: 10_000, rampPerS: 2_000, heartbeatS: 30, settleS: 60, holdS: 30, runs: 3 } as const;

/** (highest − lowest) / median of a run's hold samples beyond which its steady figure does not count. */
export const MAX_HOLD_SPREAD = 0.1;

export interface IdleFleetOptions {
  stations: number;
  rampPerS: number;
  heartbeatS: number;
  settleS: number;
  holdS: number;
  runs: number;
  /** Write a heap snapshot at the end of each run's hold into this directory (both variants). */
  heapSnapshotDir?: string;
  /** The fleet's `maxConnecting` (default: the ramp's own, 200 at 2,000/s); a large one measures a boot without it. */
  maxConnecting?: number;
}

export interface IdleFigures {
  bootAllMs: number;
  peakRssBytes: number;
  steadyRssBytes: number;
  steadyBytesPerStation: number;
  baseRssBytes: number;
  liveBytesAfterGc: number;
  cpuUs: number;
}

export interface IdleFleetResult {
  options: IdleFleetOptions;
  runs: { raw: IdleRunResult[]; chargedrill: IdleRunResult[] };
  raw: IdleFigures;
  chargedrill: IdleFigures;
  /** chargedrill / raw, medians of per-pair ratios. */
  ratios: { bootAll: number; peakRss: number; steadyRss: number; cpu: number };
  met: { peakRss: boolean; steadyPerStation: boolean; bootAll: boolean; cpu: boolean };
  /** Runs (either variant) whose hold was not steady (see MAX_HOLD_SPREAD): the steady target is not met with any. */
  unsteadyRuns: number;
  /** Failed calls or connections over all runs (either variant): a run with any is no measure. */
  errors: number;
}

/** Real ms the fleet may take to boot: far past any ramp this bench is run with. */
const BOOT_TIMEOUT_MS = 120_000;
/** Lets the echo server take the closes of the last child's sockets before the next child connects. */
const PAUSE_BETWEEN_RUNS_MS = 2_000;

/**
 * `--idle-stations --idle-ramp --idle-heartbeat-s --idle-settle-s --idle-hold-s --idle-runs` (defaults IDLE_DEFAULTS) and
 * `--idle-heap-snapshot DIR` from bench/run.ts's arguments.
 */
export function idleOptionsFromArgs(args: readonly string[]): IdleFleetOptions {
  const arg = (name: string, fallback: number): number => {
    const index = args.indexOf(`--idle-${name}`);
    return index === -1 ? fallback : Number(args[index + 1]);
  };
  const snapshots = args.indexOf('--idle-heap-snapshot');
  const options: IdleFleetOptions = {
    stations: arg('stations', IDLE_DEFAULTS.stations),
    rampPerS: arg('ramp', IDLE_DEFAULTS.rampPerS),
    heartbeatS: arg('heartbeat-s', IDLE_DEFAULTS.heartbeatS),
    settleS: arg('settle-s', IDLE_DEFAULTS.settleS),
    holdS: arg('hold-s', IDLE_DEFAULTS.holdS),
    runs: arg('runs', IDLE_DEFAULTS.runs),
    ...(snapshots !== -1 && { heapSnapshotDir: String(args[snapshots + 1]) }),
    ...(args.includes('--idle-max-connecting') && { maxConnecting: arg('max-connecting', 0) }),
  };
  checkIdleOptions(options);
  return options;
}

export function checkIdleOptions(options: IdleFleetOptions): void {
  for (const [name, value] of Object.entries(options)) {
    if (name === 'heapSnapshotDir') continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(`idle-fleet bench: ${name} must be a positive number, got ${String(value)}`);
    }
  }
  if (!Number.isInteger(options.stations) || !Number.isInteger(options.runs)) {
    throw new RangeError(`idle-fleet bench: stations and runs must be whole numbers, got ${options.stations} and ${options.runs}`);
  }
  if (options.maxConnecting !== undefined && !Number.isInteger(options.maxConnecting)) {
    throw new RangeError(`idle-fleet bench: max-connecting must be a whole number, got ${options.maxConnecting}`);
  }
}

export async function benchIdleFleet(options: IdleFleetOptions): Promise<IdleFleetResult> {
  checkIdleOptions(options);
  const server = await startEchoServer();
  try {
    const runs: IdleFleetResult['runs'] = { raw: [], chargedrill: [] };
    for (let i = 0; i < options.runs; i++) {
      for (const variant of ['raw', 'chargedrill'] as const) {
        const job: IdleJob = {
          variant,
          url: server.url,
          stations: options.stations,
          rampPerS: options.rampPerS,
          heartbeatS: options.heartbeatS,
          settleMs: options.settleS * 1_000,
          holdMs: options.holdS * 1_000,
          bootTimeoutMs: BOOT_TIMEOUT_MS,
          ...(options.heapSnapshotDir !== undefined && { heapSnapshotDir: options.heapSnapshotDir }),
          ...(options.maxConnecting !== undefined && { maxConnecting: options.maxConnecting }),
        };
        runs[variant].push(await runBenchChild<IdleRunResult>('idle-fleet-client', job));
        await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_RUNS_MS));
      }
    }
    const pairRatio = (field: (r: IdleRunResult) => number): number =>
      median(runs.chargedrill.map((c, i) => field(c) / field(runs.raw[i] as IdleRunResult)));
    const ratios = {
      bootAll: pairRatio((r) => r.bootAllMs),
      peakRss: pairRatio((r) => r.peakRssBytes),
      steadyRss: pairRatio((r) => r.steadyRssBytes),
      cpu: pairRatio((r) => r.cpuUs),
    };
    const chargedrill = figures(runs.chargedrill);
    const unsteadyRuns = [...runs.raw, ...runs.chargedrill].filter((r) => holdSpread(r) > MAX_HOLD_SPREAD).length;
    return {
      options,
      runs,
      raw: figures(runs.raw),
      chargedrill,
      ratios,
      met: {
        peakRss: ratios.peakRss <= IDLE_TARGETS.maxPeakRssRatio,
        steadyPerStation: unsteadyRuns === 0 && chargedrill.steadyBytesPerStation <= IDLE_TARGETS.maxSteadyBytesPerStation,
        bootAll: ratios.bootAll <= IDLE_TARGETS.maxBootAllRatio,
        cpu: ratios.cpu <= IDLE_TARGETS.maxCpuRatio,
      },
      unsteadyRuns,
      errors: [...runs.raw, ...runs.chargedrill].reduce((sum, r) => sum + r.errors, 0),
    };
  } finally {
    server.child.kill();
  }
}

/** How far a run's RSS moved within its hold, relative to its median. */
export function holdSpread(run: Pick<IdleRunResult, 'holdRssMinBytes' | 'holdRssMaxBytes' | 'steadyRssBytes'>): number {
  return (run.holdRssMaxBytes - run.holdRssMinBytes) / run.steadyRssBytes;
}

function figures(results: IdleRunResult[]): IdleFigures {
  const m = (field: (r: IdleRunResult) => number): number => median(results.map(field));
  return {
    bootAllMs: m((r) => r.bootAllMs),
    peakRssBytes: m((r) => r.peakRssBytes),
    steadyRssBytes: m((r) => r.steadyRssBytes),
    steadyBytesPerStation: m((r) => r.steadyRssBytes / r.stations),
    baseRssBytes: m((r) => r.baseRssBytes),
    liveBytesAfterGc: m((r) => r.liveBytesAfterGc),
    cpuUs: m((r) => r.cpuUs),
  };
}

export function meetsIdleTargets(result: IdleFleetResult): boolean {
  return result.errors === 0 && Object.values(result.met).every(Boolean);
}

const mib = (bytes: number): string => (bytes / 1_048_576).toFixed(1);
const kib = (bytes: number): string => (bytes / 1_024).toFixed(1);

export function printIdleFleet(result: IdleFleetResult): void {
  const { options: o, ratios, met } = result;
  const row = (name: string, f: IdleFigures): string =>
    `${name.padEnd(11)} ${(f.bootAllMs / 1_000).toFixed(2).padStart(9)} ${mib(f.peakRssBytes).padStart(9)} ${mib(f.steadyRssBytes).padStart(10)} ` +
    `${kib(f.steadyBytesPerStation).padStart(10)} ${(f.cpuUs / 1e6).toFixed(2).padStart(8)} ${mib(f.baseRssBytes).padStart(9)} ${kib(f.liveBytesAfterGc / o.stations).padStart(12)}`;
  const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED');
  console.log('');
  console.log(
    `idle fleet bench: ${o.stations} idle stations (boot + heartbeat every ${o.heartbeatS} s) against a raw-ws echo server, ramp ${o.rampPerS}/s, ` +
      `settle ${o.settleS} s, hold ${o.holdS} s; medians of ${result.runs.raw.length} runs each, ratios are medians of per-pair ratios`,
  );
  console.log(
    `${'variant'.padEnd(11)} ${'boot-all s'.padStart(9)} ${'peak MiB'.padStart(9)} ${'steady MiB'.padStart(10)} ${'KiB/station'.padStart(10)} ` +
      `${'CPU s'.padStart(8)} ${'base MiB'.padStart(9)} ${'live KiB/stn'.padStart(12)}`,
  );
  console.log(row('raw ws', result.raw));
  console.log(row('chargedrill', result.chargedrill));
  console.log(
    `chargedrill/raw: peak RSS ${ratios.peakRss.toFixed(2)} (target <= ${IDLE_TARGETS.maxPeakRssRatio}: ${verdict(met.peakRss)}), ` +
      `steady ${kib(result.chargedrill.steadyBytesPerStation)} KiB per station (target <= ${IDLE_TARGETS.maxSteadyBytesPerStation / 1_024}: ${verdict(met.steadyPerStation)}; ` +
      `steady RSS ratio ${ratios.steadyRss.toFixed(2)}), boot-all ${ratios.bootAll.toFixed(2)} (target <= ${IDLE_TARGETS.maxBootAllRatio}: ${verdict(met.bootAll)}), ` +
      `CPU ${ratios.cpu.toFixed(2)} (target <= ${IDLE_TARGETS.maxCpuRatio}: ${verdict(met.cpu)})` +
      `${result.errors > 0 ? `; ${result.errors} failed calls or connections` : ''}`,
  );
  if (result.unsteadyRuns > 0) {
    console.log(
      `  ${result.unsteadyRuns} run(s) not steady in the hold (RSS moved more than ${MAX_HOLD_SPREAD * 100} % of its median): ` +
        'the steady target does not count; lengthen --idle-settle-s',
    );
  }
  const runLine = (r: IdleRunResult): string =>
    `${(r.bootAllMs / 1_000).toFixed(2)}s/${mib(r.peakRssBytes)}/${mib(r.steadyRssBytes)}MiB (hold ±${((holdSpread(r) / 2) * 100).toFixed(1)} %)/${(r.cpuUs / 1e6).toFixed(1)}s cpu/${r.heartbeatsInHold} hb (load ${r.loadAtStart.toFixed(1)}→${r.loadAtEnd.toFixed(1)})`;
  console.log(`  raw runs (boot-all/peak/steady/CPU/heartbeats in hold):         ${result.runs.raw.map(runLine).join('; ')}`);
  console.log(`  chargedrill runs (boot-all/peak/steady/CPU/heartbeats in hold): ${result.runs.chargedrill.map(runLine).join('; ')}`);
  for (const r of [...result.runs.raw, ...result.runs.chargedrill]) {
    console.log(`  ${r.variant.padEnd(11)} RSS MiB every 5 s from the ramp's start: ${r.rssTimeline.map((bytes) => (bytes / 1_048_576).toFixed(0)).join(' ')}`);
  }
  for (const r of [...result.runs.raw, ...result.runs.chargedrill]) if (r.heapSnapshot !== undefined) console.log(`  heap snapshot: ${r.heapSnapshot}`);
}
