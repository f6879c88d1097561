/**
 * Child process of bench/transport.ts: one measured run of one client variant in a fresh process,
 * so heap and JIT state of one variant never colour the other.
 *
 * - raw: plain `ws` sockets doing sequential Heartbeat CALLs with the least code that works.
 * - lean: the same through WsOcppClient, validation on.
 *
 * Needs `--expose-gc`: memory per connection is the heap+external delta after full collections.
 */
import WebSocket from 'ws';
import { compileAll } from '../simulator/protocol/validator.js';
import { WsOcppClient } from '../simulator/transport/ws-client.js';

export interface ClientJob {
  variant: 'raw' | 'lean';
  url: string;
  connections: number;
  durationMs: number;
  warmupMs: number;
}

export interface ClientRunResult {
  variant: 'raw' | 'lean';
  calls: number;
  callsPerS: number;
  /** Heap + external per connection, bytes, right after all connected (nothing in flight yet). */
  bytesPerConn: number;
  /** The same after the run, with every connection's call machinery warmed up. */
  bytesPerConnAfterRun: number;
  /** Client-process CPU time per completed call, microseconds (user + system). */
  cpuUsPerCall: number;
  /** Resident set size of the client process at the end of the measured window, bytes. */
  rssBytes: number;
}

/** Connects this many at a time: enough to be quick, few enough not to overflow the listen backlog. */
const CONNECT_CONCURRENCY = 100;
const HEARTBEAT = {};

interface Variant {
  connect(url: string): Promise<void>;
  start(): void;
  stop(): Promise<void>;
  completed(): number;
}

function rawVariant(): Variant {
  const starters: (() => void)[] = [];
  let running = false;
  let completed = 0;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  return {
    connect(url) {
      return new Promise((resolve, reject) => {
        const ws = new WebSocket(url, 'ocpp1.6', { perMessageDeflate: false });
        let seq = 0;
        let pending = '';
        const sendNext = (): void => {
          pending = String(++seq);
          ws.send(JSON.stringify([2, pending, 'Heartbeat', HEARTBEAT]));
        };
        ws.on('message', (data) => {
          const frame = JSON.parse(String(data)) as unknown[];
          if (frame[1] !== pending) return;
          completed += 1;
          if (running) return sendNext();
          inFlight -= 1;
          if (inFlight === 0) drained?.();
        });
        ws.once('open', () => resolve());
        ws.once('error', reject);
        starters.push(sendNext);
      });
    },
    start() {
      running = true;
      inFlight = starters.length;
      for (const sendNext of starters) sendNext();
    },
    stop() {
      running = false;
      return new Promise((resolve) => {
        drained = resolve;
        if (inFlight === 0) resolve();
      });
    },
    completed: () => completed,
  };
}

function leanVariant(): Variant {
  const clients: WsOcppClient[] = [];
  let running = false;
  let completed = 0;
  let loops: Promise<void>[] = [];
  const loop = async (client: WsOcppClient): Promise<void> => {
    while (running) {
      await client.call('Heartbeat', HEARTBEAT);
      completed += 1;
    }
  };
  return {
    async connect(url) {
      const client = new WsOcppClient({ url, protocol: 'ocpp1.6', validate: true });
      clients.push(client);
      await client.connect();
    },
    start() {
      running = true;
      loops = clients.map(loop);
    },
    async stop() {
      running = false;
      await Promise.all(loops);
    },
    completed: () => completed,
  };
}

function memoryBytes(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc: memory needs full collections');
  // Twice: the first pass may only promote what the second frees.
  gc();
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

export async function runClient(job: ClientJob): Promise<ClientRunResult> {
  const variant = job.variant === 'raw' ? rawVariant() : leanVariant();
  // Schemas and compiled validators are shared by every client in the process: a one-time cost,
  // paid before the baseline so it does not count per connection.
  if (job.variant === 'lean') compileAll('ocpp1.6');
  const before = memoryBytes();
  for (let i = 0; i < job.connections; i += CONNECT_CONCURRENCY) {
    const batch = Math.min(CONNECT_CONCURRENCY, job.connections - i);
    await Promise.all(Array.from({ length: batch }, (_, j) => variant.connect(`${job.url}/CP-${i + j}`)));
  }
  const connected = memoryBytes();

  variant.start();
  await sleep(job.warmupMs);
  const startCalls = variant.completed();
  const startCpu = process.cpuUsage();
  const startMs = performance.now();
  await sleep(job.durationMs);
  const calls = variant.completed() - startCalls;
  const elapsedMs = performance.now() - startMs;
  const cpu = process.cpuUsage(startCpu);
  const rssBytes = process.memoryUsage().rss;
  await variant.stop();
  const afterRun = memoryBytes();

  return {
    variant: job.variant,
    calls,
    callsPerS: (calls * 1000) / elapsedMs,
    bytesPerConn: (connected - before) / job.connections,
    bytesPerConnAfterRun: (afterRun - before) / job.connections,
    cpuUsPerCall: (cpu.user + cpu.system) / calls,
    rssBytes,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Forked by bench/transport.ts: one job in, one result out, then exit (sockets are not closed politely).
if (process.send !== undefined) {
  process.once('message', (job: ClientJob) => {
    runClient(job).then(
      (result) => process.send?.(result, () => process.exit(0)),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
