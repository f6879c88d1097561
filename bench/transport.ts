/**
 * Transport benchmark: is the lean OCPP-J client cheap enough next to raw `ws`?
 *
 * A raw-ws Heartbeat echo server runs in one child process; each measured run of a client variant
 * runs in a fresh child process of its own (raw, lean, raw, lean, ...), so neither the server nor the
 * other variant pollutes its CPU or heap. Medians over the runs, and lean/raw ratios.
 * Targets: lean >= 70% of raw calls/s, <= 1.5x raw memory per connection.
 *
 *   npx tsx bench/transport.ts --connections 500 --duration-ms 5000 [--runs 3]
 */
import { execFileSync, fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ClientJob, ClientRunResult } from './transport-client.js';

export interface VariantFigures {
  callsPerS: number;
  bytesPerConn: number;
  bytesPerConnAfterRun: number;
  cpuUsPerCall: number;
}

export interface TransportBenchResult {
  connections: number;
  durationMs: number;
  runs: { raw: ClientRunResult[]; lean: ClientRunResult[] };
  /** Medians over the runs. */
  raw: VariantFigures;
  lean: VariantFigures;
  ratios: {
    /** lean / raw calls per second; target >= 0.7. */
    callsPerS: number;
    /** lean / raw bytes per connection; target <= 1.5. */
    bytesPerConn: number;
    bytesPerConnAfterRun: number;
    cpuUsPerCall: number;
  };
  meetsTargets: boolean;
}

export const TRANSPORT_BENCH_TARGETS = { minCallsPerSRatio: 0.7, maxBytesPerConnRatio: 1.5 } as const;

const HERE = import.meta.url;
// Under tsx the children are .ts files and need the loader; built, they are plain .js.
const EXTENSION = HERE.endsWith('.ts') ? '.ts' : '.js';
const LOADER_ARGS = EXTENSION === '.ts' ? ['--import', 'tsx'] : [];
const REPO_ROOT = fileURLToPath(new URL(EXTENSION === '.ts' ? '..' : '../..', HERE));

export async function benchTransport(opts: {
  connections: number;
  durationMs: number;
  runs?: number;
  warmupMs?: number;
}): Promise<TransportBenchResult> {
  const runCount = opts.runs ?? 5;
  const warmupMs = opts.warmupMs ?? Math.min(1_000, Math.round(opts.durationMs / 5));
  const { url, child: server } = await startEchoServer();
  try {
    const runs: TransportBenchResult['runs'] = { raw: [], lean: [] };
    for (let i = 0; i < runCount; i += 1) {
      for (const variant of ['raw', 'lean'] as const) {
        runs[variant].push(await runChild({ variant, url, connections: opts.connections, durationMs: opts.durationMs, warmupMs }));
      }
    }
    const raw = medians(runs.raw);
    const lean = medians(runs.lean);
    // Ratios are medians of per-pair ratios: each lean run is compared with the raw run just before it,
    // so a burst of load from elsewhere on a shared machine skews one pair, not the whole comparison.
    const pairRatio = (field: keyof VariantFigures): number =>
      median(runs.lean.map((l, i) => l[field] / (runs.raw[i] as ClientRunResult)[field]));
    const ratios = {
      callsPerS: pairRatio('callsPerS'),
      bytesPerConn: pairRatio('bytesPerConn'),
      bytesPerConnAfterRun: pairRatio('bytesPerConnAfterRun'),
      cpuUsPerCall: pairRatio('cpuUsPerCall'),
    };
    const meetsTargets =
      ratios.callsPerS >= TRANSPORT_BENCH_TARGETS.minCallsPerSRatio &&
      ratios.bytesPerConn <= TRANSPORT_BENCH_TARGETS.maxBytesPerConnRatio;
    return { connections: opts.connections, durationMs: opts.durationMs, runs, raw, lean, ratios, meetsTargets };
  } finally {
    server.kill();
  }
}

function childPath(name: string): string {
  return fileURLToPath(new URL(`./${name}${EXTENSION}`, HERE));
}

function runChild(job: ClientJob): Promise<ClientRunResult> {
  return runBenchChild<ClientRunResult>('transport-client', job);
}

/**
 * Where a closed-loop bench puts its two processes: the echo server on one core and the measured client on another,
 * so neither's CPU time depends on where the scheduler moved the other. Undefined (no pinning) with fewer than two
 * cores or without Linux's `taskset`. In runs of 2026-12-01 on this 2-core machine, pinning took the raw client's
 * spread across runs from about +-15 % to +-3 % (docs/performance.md, section 2c).
 */
export function benchCpus(): { server: number; client: number } | undefined {
  if (process.platform !== 'linux' || availableParallelism() < 2) return undefined;
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return { server: 0, client: 1 };
}

/** Binds every thread of `child` to `cpu` (taskset -a), before it is given work. */
function pin(child: ChildProcess, cpu: number | undefined): void {
  if (cpu === undefined || child.pid === undefined) return;
  execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(child.pid)], { stdio: 'ignore' });
}

/** Runs one job in a fresh child process (`bench/<name>`) and resolves with the one result it sends back. */
export function runBenchChild<T>(name: string, job: object, options: { cpu?: number } = {}): Promise<T> {
  const child = fork(childPath(name), [], {
    cwd: REPO_ROOT,
    execArgv: ['--expose-gc', ...LOADER_ARGS],
    stdio: 'inherit',
  });
  pin(child, options.cpu);
  child.send(job);
  return firstMessage<T>(child);
}

/** Starts the raw-ws echo server (bench/transport-server.ts) in a child process; kill it when done. */
export async function startEchoServer(options: { cpu?: number } = {}): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(childPath('transport-server'), [], { cwd: REPO_ROOT, execArgv: LOADER_ARGS, stdio: 'inherit' });
  pin(child, options.cpu);
  const { port } = await firstMessage<{ port: number }>(child);
  return { url: `ws://127.0.0.1:${port}/ocpp`, child };
}

function firstMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as T));
    child.once('exit', (code) => reject(new Error(`benchmark child exited with code ${String(code)} before reporting`)));
  });
}

function medians(results: ClientRunResult[]): VariantFigures {
  return {
    callsPerS: median(results.map((r) => r.callsPerS)),
    bytesPerConn: median(results.map((r) => r.bytesPerConn)),
    bytesPerConnAfterRun: median(results.map((r) => r.bytesPerConnAfterRun)),
    cpuUsPerCall: median(results.map((r) => r.cpuUsPerCall)),
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function argValue(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? undefined : Number(process.argv[index + 1]);
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`--${name} needs a positive number`);
  return value;
}

export function printReport(result: TransportBenchResult): void {
  const row = (name: string, f: VariantFigures): string =>
    `${name.padEnd(6)} ${f.callsPerS.toFixed(0).padStart(9)} ${f.cpuUsPerCall.toFixed(1).padStart(10)} ` +
    `${f.bytesPerConn.toFixed(0).padStart(13)} ${f.bytesPerConnAfterRun.toFixed(0).padStart(15)}`;
  console.log(`transport bench: ${result.connections} connections x ${result.durationMs} ms, medians of ${result.runs.raw.length} runs each; ratios are medians of per-pair ratios`);
  console.log(`${'client'.padEnd(6)} ${'calls/s'.padStart(9)} ${'cpu µs/call'.padStart(10)} ${'bytes/conn'.padStart(13)} ${'bytes/conn run'.padStart(15)}`);
  console.log(row('raw', result.raw));
  console.log(row('lean', result.lean));
  const r = result.ratios;
  console.log(
    `lean/raw: calls/s ${r.callsPerS.toFixed(2)} (target >= ${TRANSPORT_BENCH_TARGETS.minCallsPerSRatio}), ` +
      `bytes/conn ${r.bytesPerConn.toFixed(2)} (target <= ${TRANSPORT_BENCH_TARGETS.maxBytesPerConnRatio}), ` +
      `after run ${r.bytesPerConnAfterRun.toFixed(2)}, cpu/call ${r.cpuUsPerCall.toFixed(2)} -> ${result.meetsTargets ? 'MEETS' : 'MISSES'} targets`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchTransport({
    connections: argValue('connections', 500),
    durationMs: argValue('duration-ms', 5_000),
    runs: argValue('runs', 5),
  });
  printReport(result);
  if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 2));
  process.exitCode = result.meetsTargets ? 0 : 1;
}
