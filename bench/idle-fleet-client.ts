/**
 * Child process of bench/idle-fleet.ts: one run of one variant in a fresh process, so neither variant's heap,
 * allocator or JIT state colours the other's.
 *
 * - raw: N bare `ws` clients, each connecting, sending a BootNotification and, once accepted, a StatusNotification
 *   for its one connector, then a Heartbeat on an interval: the least code that does an idle station's job.
 * - chargedrill: a `Fleet` (simulator/fleet/fleet.ts) of N OCPP 1.6 stations with one connector each, the same
 *   ramp and heartbeat interval (the load mix's `heartbeatIntervalS`, applied after the boot answer).
 *
 * Both are ramped the way `Fleet.rampTo` ramps: a step at most every 100 ms (every 1,000 / ramp ms when faster)
 * starting the stations due by then. Phases: modules loaded (base RSS) → ramp → every station booted (boot-all)
 * → settle → hold (steady RSS: the median of samples taken in the hold). Peak RSS is the kernel's high-water mark
 * (VmHWM), CPU is process.cpuUsage from the ramp's start to the end of the hold. A variant's own modules are loaded
 * only in its own child, so the raw child never carries chargedrill's.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';

export interface IdleJob {
  variant: 'raw' | 'chargedrill';
  /** The echo server's base URL; a station connects to `${url}/<id>`. */
  url: string;
  stations: number;
  /** Stations started per real second. */
  rampPerS: number;
  /** Real seconds between two heartbeats of a station. */
  heartbeatS: number;
  /** Real ms from the last accepted boot to the start of the hold. */
  settleMs: number;
  /** Real ms of the hold, in which steady RSS is sampled. */
  holdMs: number;
  /** Real ms the whole fleet may take to boot before the run fails. */
  bootTimeoutMs: number;
  /** Write a heap snapshot into this directory at the end of the hold. */
  heapSnapshotDir?: string;
  /** chargedrill only: the fleet's `maxConnecting` instead of its default. */
  maxConnecting?: number;
}

export interface IdleRunResult {
  variant: IdleJob['variant'];
  stations: number;
  booted: number;
  /** Real ms from the start of the ramp to the last accepted boot. */
  bootAllMs: number;
  /** RSS with the variant's modules loaded, before the first station. */
  baseRssBytes: number;
  /** The process's peak RSS (VmHWM), bytes. */
  peakRssBytes: number;
  /** Median of the RSS samples of the hold. */
  steadyRssBytes: number;
  /** The lowest and highest RSS sample of the hold: far apart, the hold was not steady yet. */
  holdRssMinBytes: number;
  holdRssMaxBytes: number;
  /** Medians over the hold of V8's heap (committed, and in use) and of memory outside it (sockets' buffers and the like). */
  steadyHeapTotalBytes: number;
  steadyHeapUsedBytes: number;
  steadyExternalBytes: number;
  /** Heap used + external after two full collections at the end of the hold, bytes. */
  liveBytesAfterGc: number;
  /** User + system CPU from the start of the ramp to the end of the hold, microseconds. */
  cpuUs: number;
  /** Real ms of that CPU window. */
  cpuWindowMs: number;
  /** Heartbeats answered in the hold, and failed calls or connections over the whole run. */
  heartbeatsInHold: number;
  errors: number;
  /** 1-minute load average of the machine at the start and at the end of the run. */
  loadAtStart: number;
  loadAtEnd: number;
  heapSnapshot?: string;
  /** RSS every 5 s from the start of the ramp to the end of the hold, bytes: shows when the boot's garbage is collected. */
  rssTimeline: number[];
  /** At the end of the hold, before any collection: V8's spaces (committed and used bytes) and the kernel's split of RSS. */
  spacesAtEnd?: Record<string, { committed: number; used: number }>;
  rssSplitAtEnd?: Record<string, number>;
}

/** How a variant runs its fleet; the child measures around it. */
interface Variant {
  /** Starts the ramp; resolves with the real ms (performance.now) of the last accepted boot, or undefined on time-out. */
  boot(): Promise<number | undefined>;
  booted(): number;
  /** Heartbeats answered so far. */
  heartbeats(): number;
  errors(): number;
}

/** How often RSS is sampled (the peak comes from VmHWM; samples feed the steady median and a fallback peak). */
const SAMPLE_MS = 100;
/** How often the RSS timeline (from the ramp's start to the end of the hold) takes a sample. */
const TIMELINE_MS = 5_000;
/** The longest real gap between two steps of a ramp, as in Fleet.rampTo. */
const RAMP_STEP_MS = 100;

/** Starts `total` items at `perS` per second in the steps Fleet.rampTo takes; resolves once the last is started. */
function ramp(total: number, perS: number, start: (index: number) => void): Promise<void> {
  const durationMs = (total / perS) * 1_000;
  const began = performance.now();
  let started = 0;
  return new Promise((resolve) => {
    const step = (): void => {
      const share = Math.min(1, (performance.now() - began) / durationMs);
      const due = Math.min(total, Math.floor(total * share) + 1);
      while (started < due) start(started++);
      if (share >= 1) return resolve();
      setTimeout(step, Math.max(1, Math.min(RAMP_STEP_MS, 1_000 / perS)));
    };
    step();
  });
}

async function rawVariant(job: IdleJob): Promise<Variant> {
  const { default: WebSocket } = await import('ws');
  let booted = 0;
  let heartbeats = 0;
  let errors = 0;
  let lastBootMs: number | undefined;
  let allBooted!: () => void;
  const done = new Promise<void>((resolve) => (allBooted = resolve));
  const open = (index: number): void => {
    const ws = new WebSocket(`${job.url}/RAW-${index + 1}`, 'ocpp1.6', { perMessageDeflate: false });
    let seq = 0;
    const call = (action: string, payload: object): void => ws.send(JSON.stringify([2, String(++seq), action, payload]));
    ws.on('open', () => call('BootNotification', { chargePointVendor: 'Bench', chargePointModel: 'Raw' }));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as [number, string, { status?: string }];
      if (frame[0] !== 3) {
        errors++;
        return;
      }
      if (frame[1] !== '1') {
        // The StatusNotification's answer is id 2; the rest are heartbeats.
        if (frame[1] !== '2') heartbeats++;
        return;
      }
      if (frame[2].status !== 'Accepted') {
        errors++;
        return;
      }
      booted++;
      if (booted === job.stations) {
        lastBootMs = performance.now();
        allBooted();
      }
      call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: new Date().toISOString() });
      setInterval(() => call('Heartbeat', {}), job.heartbeatS * 1_000);
    });
    ws.on('error', () => errors++);
  };
  return {
    async boot() {
      await ramp(job.stations, job.rampPerS, open);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, job.bootTimeoutMs)))]);
      clearTimeout(timer);
      return lastBootMs;
    },
    booted: () => booted,
    heartbeats: () => heartbeats,
    errors: () => errors,
  };
}

async function chargedrillVariant(job: IdleJob): Promise<Variant> {
  const { ScaledClock } = await import('../simulator/clock.js');
  const { Fleet } = await import('../simulator/fleet/fleet.js');
  let fleet: InstanceType<typeof Fleet> | undefined;
  let heartbeatsAtBoot = 0;
  return {
    async boot() {
      fleet = new Fleet({
        csmsUrl: job.url,
        clock: new ScaledClock({ timeScale: 1 }),
        stations: job.stations,
        sites: Math.max(1, Math.floor(job.stations / 10)),
        protocol: 'ocpp1.6',
        connectors: 1,
        seed: 1,
        rampPerS: job.rampPerS,
        // Overrides the interval of the echo server's boot answer (300 s), as ChangeConfiguration would.
        mix: { heartbeatIntervalS: job.heartbeatS },
        stopGraceMs: 0,
        ...(job.maxConnecting !== undefined && { maxConnecting: job.maxConnecting }),
      });
      const allBooted = fleet.waitForBoot(job.bootTimeoutMs);
      await fleet.start();
      if (!(await allBooted)) return undefined;
      // Boot answers and status notifications: what is finished from here on is heartbeats.
      heartbeatsAtBoot = fleet.metrics.calls.finished;
      return fleet.bootedAtMs.reduce((latest, atMs) => Math.max(latest, atMs), 0);
    },
    booted: () => fleet?.metrics.bootedCount ?? 0,
    heartbeats: () => (fleet === undefined ? 0 : fleet.metrics.calls.finished - heartbeatsAtBoot),
    errors: () => {
      if (fleet === undefined) return 0;
      const connections = fleet.metrics.connections.snapshot();
      return fleet.metrics.calls.errors + connections.attempts - connections.opened + connections.disconnects;
    },
  };
}

/** The process's peak resident set (VmHWM), bytes; undefined where /proc is not available. */
function peakRssBytes(): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1_024 : undefined;
  } catch {
    return undefined;
  }
}

/** The kernel's split of the process's RSS (anonymous, file-backed, shared memory), bytes; undefined without /proc. */
function rssSplit(): Record<string, number> | undefined {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? NaN) * 1_024;
    return { anon: field('RssAnon'), file: field('RssFile'), shmem: field('RssShmem') };
  } catch {
    return undefined;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function runIdle(job: IdleJob): Promise<IdleRunResult> {
  const loadAtStart = loadavg()[0] as number;
  const variant = job.variant === 'raw' ? await rawVariant(job) : await chargedrillVariant(job);
  const baseRssBytes = process.memoryUsage.rss();
  let sampledPeak = baseRssBytes;
  const hold: { rss: number[]; heapTotal: number[]; heap: number[]; external: number[] } = { rss: [], heapTotal: [], heap: [], external: [] };
  let holding = false;
  let rampStartMs = performance.now();
  const rssTimeline: number[] = [];
  let nextTimelineMs = 0;
  const sampler = setInterval(() => {
    if (performance.now() - rampStartMs >= nextTimelineMs) {
      rssTimeline.push(process.memoryUsage.rss());
      nextTimelineMs += TIMELINE_MS;
    }
    if (!holding) {
      sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
      return;
    }
    const usage = process.memoryUsage();
    sampledPeak = Math.max(sampledPeak, usage.rss);
    hold.rss.push(usage.rss);
    hold.heapTotal.push(usage.heapTotal);
    hold.heap.push(usage.heapUsed);
    hold.external.push(usage.external);
  }, SAMPLE_MS);

  const cpuStart = process.cpuUsage();
  rampStartMs = performance.now();
  const lastBootMs = await variant.boot();
  if (lastBootMs === undefined) {
    throw new Error(`${job.variant}: only ${variant.booted()} of ${job.stations} stations booted within ${job.bootTimeoutMs} ms`);
  }
  await sleep(job.settleMs);
  const heartbeatsBefore = variant.heartbeats();
  holding = true;
  await sleep(job.holdMs);
  holding = false;
  const cpu = process.cpuUsage(cpuStart);
  const cpuWindowMs = performance.now() - rampStartMs;
  const heartbeatsInHold = variant.heartbeats() - heartbeatsBefore;
  clearInterval(sampler);
  // Before the collections and the snapshot below, which take memory of their own.
  const peak = peakRssBytes() ?? sampledPeak;
  const spacesAtEnd = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, { committed: s.space_size, used: s.space_used_size }]));
  const rssSplitAtEnd = rssSplit();

  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const afterGc = process.memoryUsage();
  const heapSnapshot = job.heapSnapshotDir === undefined ? undefined : writeHeapSnapshot(join(job.heapSnapshotDir, `idle-${job.variant}-${job.stations}.heapsnapshot`));
  return {
    variant: job.variant,
    stations: job.stations,
    booted: variant.booted(),
    bootAllMs: lastBootMs - rampStartMs,
    baseRssBytes,
    peakRssBytes: peak,
    steadyRssBytes: median(hold.rss),
    holdRssMinBytes: Math.min(...hold.rss),
    holdRssMaxBytes: Math.max(...hold.rss),
    steadyHeapTotalBytes: median(hold.heapTotal),
    steadyHeapUsedBytes: median(hold.heap),
    steadyExternalBytes: median(hold.external),
    liveBytesAfterGc: afterGc.heapUsed + afterGc.external,
    cpuUs: cpu.user + cpu.system,
    cpuWindowMs,
    heartbeatsInHold,
    errors: variant.errors(),
    loadAtStart,
    loadAtEnd: loadavg()[0] as number,
    ...(heapSnapshot !== undefined && { heapSnapshot }),
    rssTimeline,
    spacesAtEnd,
    ...(rssSplitAtEnd !== undefined && { rssSplitAtEnd }),
  };
}

// Forked by bench/idle-fleet.ts: one job in, one result out, then exit (sockets are not closed politely).
if (process.send !== undefined) {
  process.once('message', (job: IdleJob) => {
    runIdle(job).then(
      (result) => process.send?.(result, () => process.exit(0)),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
