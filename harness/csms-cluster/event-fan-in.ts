/**
 * `GET /api/events` of `chargedrill csms --workers N`: one stream per worker into the primary (open only while a
 * client watches), one merged stream out to each client. Each event keeps its worker's data (its `seq` counts that worker's events) and gains a
 * `worker` field; the SSE `id:` is the primary's own count, so the merged stream's ids still only go up. Events
 * of one worker keep their order (cause before effect, as on one CSMS); events of different workers interleave
 * as they arrive.
 */
import { get } from 'node:http';
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

type Delivery = (type: string, data: string) => void;

/** How long the primary waits before re-opening a worker's stream that ended while the worker still runs. */
const RETRY_MS = 500;

/**
 * Splits an SSE byte stream into events: blocks end with a blank line; `event:` names the type, `data:` carries
 * the JSON; comments (`: keep-alive`) are skipped. Returns what is left of an unfinished block.
 */
export function parseSseBlocks(buffered: string, onEvent: (type: string, data: string) => void): string {
  let rest = buffered;
  for (let end = rest.indexOf('\n\n'); end !== -1; end = rest.indexOf('\n\n')) {
    const block = rest.slice(0, end);
    rest = rest.slice(end + 2);
    let type: string | undefined;
    let data: string | undefined;
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) type = line.slice(7);
      else if (line.startsWith('data: ')) data = data === undefined ? line.slice(6) : `${data}\n${line.slice(6)}`;
    }
    if (type !== undefined && data !== undefined) onEvent(type, data);
  }
  return rest;
}

/** The event's JSON object with `"worker": n` first (the data is always one JSON object). */
export function withWorker(data: string, worker: number): string {
  return data.startsWith('{') ? `{"worker":${worker}${data.length > 2 ? ',' : ''}${data.slice(1)}` : data;
}

export class EventFanIn {
  private seq = 0;
  private readonly clients = new Set<Delivery>();
  private readonly closers = new Set<() => void>();
  /** Clients connected or connecting: while there are none, no worker stream is open (workers serialise no event for nobody). */
  private watchers = 0;
  /** Each serving worker's API, by worker index. */
  private readonly bases = new Map<number, string>();
  /** The open stream from each worker, while anyone watches. */
  private readonly upstreams = new Map<number, ClientRequest>();
  private readonly opening = new Map<number, Promise<void>>();

  constructor(
    private readonly logger: Logger,
    private readonly keepAliveMs: number,
  ) {}

  /**
   * A worker serves at `base`. With clients watching, its stream is opened first: the promise resolves once it is
   * open, so no event of a station routed to it after that is missed.
   */
  workerReady(worker: number, base: string): Promise<void> {
    this.workerGone(worker);
    this.bases.set(worker, base);
    return this.watchers > 0 ? this.open(worker, base) : Promise.resolve();
  }

  /** The worker exited; its restart comes in through `workerReady`. */
  workerGone(worker: number): void {
    this.bases.delete(worker);
    this.close(worker);
  }

  /**
   * Serves one client, as the single CSMS's `GET /api/events?types=a,b` does. Every worker's stream is open before
   * the answer starts, so the client misses no event after its request.
   */
  async serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const types = url.searchParams.get('types');
    const wanted = types ? new Set(types.split(',').map((t) => t.trim()).filter(Boolean)) : undefined;
    this.watchers++;
    let watching = true;
    const unwatch = (): void => {
      if (!watching) return;
      watching = false;
      if (--this.watchers === 0) for (const worker of [...this.upstreams.keys()]) this.close(worker);
    };
    const failed = await Promise.allSettled([...this.bases].map(([worker, base]) => this.open(worker, base)));
    for (const result of failed) if (result.status === 'rejected') this.logger.warn({ err: result.reason }, 'event stream of a CSMS worker could not be opened');
    if (res.destroyed) return unwatch();
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': connected\n\n');
    const delivery: Delivery = (type, data) => {
      if (wanted && !wanted.has(type)) return;
      res.write(`id: ${this.seq}\nevent: ${type}\ndata: ${data}\n\n`);
    };
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), this.keepAliveMs);
    keepAlive.unref();
    const cleanup = (): void => {
      if (!this.closers.delete(cleanup)) return;
      this.clients.delete(delivery);
      clearInterval(keepAlive);
      res.end();
      unwatch();
    };
    this.clients.add(delivery);
    this.closers.add(cleanup);
    req.on('close', cleanup);
    res.on('close', cleanup);
  }

  /** Ends every client stream and every worker stream. */
  closeAll(): void {
    for (const cleanup of [...this.closers]) cleanup();
    for (const worker of [...this.bases.keys()]) this.workerGone(worker);
  }

  /** Opens the worker's event stream (or joins its opening); resolves once it is open. */
  private open(worker: number, base: string): Promise<void> {
    const pending = this.opening.get(worker);
    if (pending !== undefined) return pending;
    if (this.upstreams.has(worker)) return Promise.resolve();
    const opened = new Promise<void>((resolve, reject) => {
      let open = false;
      const failed = (error: Error): void => {
        if (this.upstreams.get(worker) === upstream) this.upstreams.delete(worker);
        reject(error);
      };
      const upstream = get(new URL('/api/events', base), { agent: false }, (res: IncomingMessage) => {
        if (res.statusCode !== 200) {
          res.resume();
          return failed(new Error(`worker ${worker}'s event stream answered HTTP ${res.statusCode}`));
        }
        open = true;
        resolve();
        res.setEncoding('utf8');
        let buffered = '';
        res.on('data', (chunk: string) => {
          buffered = parseSseBlocks(buffered + chunk, (type, data) => this.deliver(type, withWorker(data, worker)));
        });
        res.on('close', () => this.ended(worker, base, upstream));
      });
      upstream.on('error', (error) => {
        if (!open) failed(error);
        else this.ended(worker, base, upstream);
      });
      this.upstreams.set(worker, upstream);
    }).finally(() => this.opening.delete(worker));
    this.opening.set(worker, opened);
    return opened;
  }

  private close(worker: number): void {
    const upstream = this.upstreams.get(worker);
    this.upstreams.delete(worker);
    upstream?.destroy();
  }

  private deliver(type: string, data: string): void {
    this.seq++;
    for (const client of this.clients) client(type, data);
  }

  /**
   * A worker's stream ended. If the worker exited, the pool says so soon and its restart is followed; if it still
   * runs and clients watch, the stream is opened again (its events in between are lost, and that is logged).
   */
  private ended(worker: number, base: string, upstream: ClientRequest): void {
    if (this.upstreams.get(worker) !== upstream) return;
    this.upstreams.delete(worker);
    setTimeout(() => {
      if (this.bases.get(worker) !== base || this.upstreams.has(worker) || this.watchers === 0) return;
      this.logger.warn({ worker }, 'event stream of a CSMS worker ended while it runs; re-opening it');
      this.open(worker, base).catch((err: unknown) => this.logger.warn({ err, worker }, 'event stream of a CSMS worker could not be re-opened'));
    }, RETRY_MS).unref();
  }
}
