/**
 * The primary's worker processes: forked, told what to run, handed the sockets of their sites' stations, and
 * restarted when one dies (its stations reconnect by themselves, as after any CSMS restart). A worker is handed
 * stations only once it listens and, while clients watch the event stream, the primary follows its events.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { WorkerState } from './merge-api.js';
import { isWorkerMessage } from './messages.js';
import type { PrimaryMessage, WorkerMessage, WorkerSpec } from './messages.js';

export interface WorkerPoolHooks {
  /** The worker listens at `url`; resolve once the primary is ready for its stations (follows its events if anyone watches). */
  ready(worker: number, url: string): Promise<void>;
  /** The worker exited. */
  gone(worker: number): void;
}

/**
 * Sockets waiting to be handed over (our own queue per worker, see sendNext). Handles cross a channel one at a time, each acknowledged by the
 * worker's event loop, so a busy worker takes a few hundred a second: past `perWorker` waiting for one worker a
 * station is refused 503 and retries after its backoff (measured: 10,000 stations at 2,000/s all booted, where a
 * queue of 8,192 left stations waiting past their boot timeout), and past `total` the primary's own open files
 * (20,000 here) are kept for what else it serves.
 */
export const MAX_PENDING_HANDOFFS = { perWorker: 1_024, total: 8_192 } as const;
/** A scrape leaves out a worker that has not sent its metrics within this. */
const METRICS_TIMEOUT_MS = 2_000;
/** How long a worker may take to listen. */
const START_TIMEOUT_MS = 30_000;
/** How long a stopping worker may take to say goodbye to its stations and write its store. */
const STOP_TIMEOUT_MS = 10_000;
/** Restarts come at once, unless the last one came within this: then after a doubling pause, up to the cap. */
const QUICK_RESTART_MS = 10_000;
const RESTART_PAUSE_MS = { first: 250, max: 5_000 };

/** The worker's entry: compiled next to this module, or its .ts source under tsx (whose loader the fork inherits). */
const WORKER_MAIN = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url));

interface Slot {
  spec: WorkerSpec;
  child: ChildProcess | undefined;
  url: string | undefined;
  routable: boolean;
  /** Has served once: only then is an exit a crash to restart (a failed first start is start()'s to report). */
  served: boolean;
  restarts: number;
  /** Sockets waiting for their turn on the channel, oldest first, and whether one is on it now. */
  queue: { socket: Socket; message: PrimaryMessage }[];
  sending: boolean;
  /** Sockets queued or on the channel. */
  pending: number;
  startedAt: number;
  pauseMs: number;
}

/** A failed first start, with SQLite's or Node's code when the worker sent one. */
export class WorkerStartError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export class WorkerPool {
  private readonly slots: Slot[];
  private stopping = false;
  private lastRequest = 0;
  /** Metrics requests waiting for their worker's answer, by id. */
  private readonly waiting = new Map<number, (metrics: object[]) => void>();

  constructor(
    specs: readonly WorkerSpec[],
    private readonly hooks: WorkerPoolHooks,
    private readonly logger: Logger,
  ) {
    this.slots = specs.map((spec) => ({ spec, child: undefined, url: undefined, routable: false, served: false, restarts: 0, queue: [], sending: false, pending: 0, startedAt: 0, pauseMs: RESTART_PAUSE_MS.first }));
  }

  /** Starts every worker; rejects (after stopping the others) if any fails to start. */
  async start(): Promise<void> {
    const results = await Promise.allSettled(this.slots.map((slot) => this.launch(slot)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) {
      await this.stop();
      throw failed.reason;
    }
  }

  get size(): number {
    return this.slots.length;
  }

  /** The worker's internal API, while it serves. */
  url(worker: number): string | undefined {
    const slot = this.slots[worker];
    return slot?.routable ? slot.url : undefined;
  }

  urls(): (string | undefined)[] {
    return this.slots.map((_slot, worker) => this.url(worker));
  }

  states(): WorkerState[] {
    return this.slots.map((slot) => ({ worker: slot.spec.index, pid: slot.child?.pid, ready: slot.routable, restarts: slot.restarts }));
  }

  /** Hands a station's socket and the request head read from it to its worker, unless that worker is not serving or is `busy`. */
  hand(worker: number, socket: Socket, head: Buffer): 'handed' | 'not-serving' | 'busy' {
    const slot = this.slots[worker];
    const child = slot?.child;
    if (!slot?.routable || child === undefined || !child.connected) return 'not-serving';
    if (slot.pending >= MAX_PENDING_HANDOFFS.perWorker || this.slots.reduce((sum, s) => sum + s.pending, 0) >= MAX_PENDING_HANDOFFS.total) return 'busy';
    slot.queue.push({ socket, message: { type: 'connection', head: head.toString('base64') } });
    slot.pending++;
    this.sendNext(slot, child);
    return 'handed';
  }

  /**
   * One handle on the channel at a time, the next sent from the last one's callback. Node queues handles itself and
   * waits for each one's acknowledgement; a socket the station closed while it waited there was sent without its
   * handle, no acknowledgement came, and nothing behind it moved again (a 100,000-station run stalled at 21,758).
   * Here a socket closed while it waited is dropped before it is sent.
   */
  private sendNext(slot: Slot, child: ChildProcess): void {
    if (slot.sending || slot.child !== child) return;
    let next = slot.queue.shift();
    while (next !== undefined && next.socket.destroyed) {
      slot.pending--;
      next = slot.queue.shift();
    }
    if (next === undefined) return;
    const { socket, message } = next;
    slot.sending = true;
    stopReading(socket);
    child.send(message, socket, (error) => {
      // Sent: the socket is the worker's now (this side's handle is gone). Not sent: the station retries.
      socket.destroy();
      if (slot.child !== child) return;
      slot.sending = false;
      slot.pending--;
      if (error) this.logger.warn({ err: error, worker: slot.spec.index }, 'could not hand a connection to a CSMS worker');
      this.sendNext(slot, child);
    });
  }

  /** Every serving worker's metrics registry as prom-client JSON; a worker that does not answer in time is left out. */
  async metrics(): Promise<object[][]> {
    const answers = await Promise.all(this.slots.map((slot) => this.metricsOf(slot)));
    return answers.filter((metrics): metrics is object[] => metrics !== undefined);
  }

  private metricsOf(slot: Slot): Promise<object[] | undefined> {
    const child = slot.child;
    if (!slot.routable || child === undefined || !child.connected) return Promise.resolve(undefined);
    const id = ++this.lastRequest;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve(undefined);
      }, METRICS_TIMEOUT_MS);
      this.waiting.set(id, (metrics) => {
        clearTimeout(timer);
        resolve(metrics);
      });
      child.send({ type: 'metrics-request', id } satisfies PrimaryMessage);
    });
  }

  /** Stops every worker (each closes its stations and its store) and resolves once all have exited. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      this.slots.map(async (slot) => {
        const child = slot.child;
        slot.routable = false;
        if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        if (child.connected) child.send({ type: 'stop' } satisfies PrimaryMessage);
        else child.kill('SIGTERM');
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  /** Forks the worker and resolves once it serves. */
  private launch(slot: Slot): Promise<void> {
    const { index } = slot.spec;
    // stdin ignored, logs to the primary's stderr, nothing else inherited (a --ready-fd pipe stays the primary's).
    const child = fork(WORKER_MAIN, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    slot.child = child;
    // Sends still queued to a dead process end in their callbacks, which count only for their own process.
    for (const { socket } of slot.queue) socket.destroy();
    slot.queue = [];
    slot.sending = false;
    slot.pending = 0;
    slot.startedAt = Date.now();
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (error: WorkerStartError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(error);
      };
      const timer = setTimeout(() => fail(new WorkerStartError(`CSMS worker ${index} did not start within ${START_TIMEOUT_MS / 1_000}s`, undefined)), START_TIMEOUT_MS);
      child.on('message', (message: unknown) => {
        if (!isWorkerMessage(message)) return;
        if (message.type === 'online') return void child.send({ type: 'start', spec: slot.spec } satisfies PrimaryMessage);
        if (message.type === 'start-failed') return fail(new WorkerStartError(message.error, message.code));
        if (message.type === 'metrics') {
          this.waiting.get(message.id)?.(message.metrics);
          return void this.waiting.delete(message.id);
        }
        void this.serving(slot, child, message).then(
          () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve();
          },
          (error: unknown) => fail(new WorkerStartError(`CSMS worker ${index}: ${(error as Error).message}`, undefined)),
        );
      });
      child.once('exit', (code, signal) => {
        fail(new WorkerStartError(`CSMS worker ${index} exited (${signal ?? `code ${code}`}) before it listened`, undefined));
        this.exited(slot, child, code, signal);
      });
    });
  }

  private async serving(slot: Slot, child: ChildProcess, message: Extract<WorkerMessage, { type: 'ready' }>): Promise<void> {
    if (slot.child !== child) return;
    slot.url = message.url;
    await this.hooks.ready(slot.spec.index, message.url);
    if (slot.child !== child || this.stopping) return;
    slot.routable = true;
    slot.served = true;
  }

  private exited(slot: Slot, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (slot.child !== child) return;
    slot.routable = false;
    slot.url = undefined;
    this.hooks.gone(slot.spec.index);
    if (this.stopping) return;
    if (!slot.served) return;
    slot.restarts++;
    const livedLong = Date.now() - slot.startedAt >= QUICK_RESTART_MS;
    slot.pauseMs = livedLong ? RESTART_PAUSE_MS.first : Math.min(slot.pauseMs * 2, RESTART_PAUSE_MS.max);
    const pauseMs = livedLong ? 0 : slot.pauseMs;
    this.logger.error({ worker: slot.spec.index, workerPid: child.pid, code, signal, restart: slot.restarts, pauseMs }, 'CSMS worker exited; restarting it');
    setTimeout(() => {
      if (this.stopping) return;
      this.launch(slot).catch((err: unknown) => this.logger.error({ err, worker: slot.spec.index }, 'CSMS worker failed to restart'));
    }, pauseMs).unref();
  }
}

/**
 * Stops this process reading `socket` before its handle goes to a worker. Node keeps the sending side's handle open,
 * reading into a no-op, until the worker acknowledges it; the worker answers the upgrade as soon as it has the
 * handle, so a station's first frame (its BootNotification) could be read and dropped here in between. Under a
 * 20,000-station ramp that lost about 2 % of boots, each one a 30 s call timeout (docs/performance.md, section 6).
 * `readStop` is the handle's own method (net.Socket offers no public way to stop the handle reading); a socket
 * without one (a test double) has nothing to stop.
 */
export function stopReading(socket: Socket): void {
  const handle = (socket as Socket & { _handle?: { readStop?: () => number; reading?: boolean } | null })._handle;
  if (typeof handle?.readStop !== 'function') return;
  handle.reading = false;
  handle.readStop();
}
