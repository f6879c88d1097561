/**
 * A tiny scripted OCPP-J server on a real `ws` WebSocketServer (127.0.0.1, port 0): tests read the
 * frames a client sends and decide, frame by frame, what the server answers.
 */
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { OcppTransport, TransportEvents } from '../../../simulator/transport/types.js';

/** A FIFO whose `next()` waits for the next item; pushes never wait. */
class Inbox<T> {
  private readonly items: T[] = [];
  private readonly waiters: ((item: T) => void)[] = [];

  push(item: T): void {
    const waiter = this.waiters.shift();
    if (waiter === undefined) this.items.push(item);
    else waiter(item);
  }

  next(): Promise<T> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  get size(): number {
    return this.items.length;
  }
}

export interface ServerOptions {
  /** Subprotocols the server accepts; default both OCPP-J versions. */
  protocols?: string[];
  /** Listen on this port (to bring a server up where a client is already retrying). */
  port?: number;
}

export interface Handshake {
  atMs: number;
  url: string;
  authorization: string | undefined;
}

export class ScriptedServer {
  private readonly connections = new Inbox<ServerConnection>();

  private constructor(
    private readonly wss: WebSocketServer,
    /** One entry per upgrade request, accepted or not, with its performance.now() time. */
    readonly handshakes: Handshake[],
    private readonly rejections: number[],
  ) {
    wss.on('connection', (ws, req) => this.connections.push(new ServerConnection(ws, req)));
  }

  static async start(options: ServerOptions = {}): Promise<ScriptedServer> {
    const accepted = options.protocols ?? ['ocpp1.6', 'ocpp2.0.1'];
    const handshakes: Handshake[] = [];
    const rejections: number[] = [];
    const wss = new WebSocketServer({
      host: '127.0.0.1',
      port: options.port ?? 0,
      handleProtocols: (offered) => [...offered].find((protocol) => accepted.includes(protocol)) ?? false,
      verifyClient: (info: { req: IncomingMessage }, done: (ok: boolean, status?: number) => void) => {
        handshakes.push({ atMs: performance.now(), url: info.req.url ?? '', authorization: info.req.headers.authorization });
        const status = rejections.shift();
        if (status === undefined) done(true);
        else done(false, status);
      },
    });
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', reject);
    });
    return new ScriptedServer(wss, handshakes, rejections);
  }

  get port(): number {
    return (this.wss.address() as AddressInfo).port;
  }

  url(stationId = 'CP-1'): string {
    return `ws://127.0.0.1:${this.port}/ocpp/${stationId}`;
  }

  /** Rejects the next upgrade requests with these HTTP statuses, one each, in order. */
  rejectHandshakes(...statuses: number[]): void {
    this.rejections.push(...statuses);
  }

  nextConnection(): Promise<ServerConnection> {
    return this.connections.next();
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

export type WireFrame = unknown[];

export class ServerConnection {
  readonly protocol: string;
  readonly closed: Promise<number>;
  private readonly inbox = new Inbox<string>();
  private seq = 0;

  constructor(
    readonly ws: WebSocket,
    readonly request: IncomingMessage,
  ) {
    this.protocol = ws.protocol;
    ws.on('message', (data) => this.inbox.push(String(data)));
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
  }

  /** The next text the client sent, parsed. */
  async nextFrame(): Promise<WireFrame> {
    return JSON.parse(await this.inbox.next()) as WireFrame;
  }

  /** Frames received but not read yet: proves what the client has not sent. */
  get unreadFrames(): number {
    return this.inbox.size;
  }

  sendRaw(text: string): void {
    this.ws.send(text);
  }

  send(frame: WireFrame): void {
    this.sendRaw(JSON.stringify(frame));
  }

  /** Reads the next frame, which must be a CALL, and answers it with `payload`. */
  async answerNextCall(payload: Record<string, unknown>): Promise<WireFrame> {
    const frame = await this.nextFrame();
    if (frame[0] !== 2) throw new Error(`expected a CALL, got ${JSON.stringify(frame)}`);
    this.send([3, frame[1], payload]);
    return frame;
  }

  /** Sends a CALL to the client and returns its answer frame. */
  async call(action: string, payload: unknown): Promise<WireFrame> {
    const id = `srv-${++this.seq}`;
    this.send([2, id, action, payload]);
    return this.nextFrame();
  }

  /** Terminates the TCP connection without a close handshake. */
  drop(): void {
    this.ws.terminate();
  }
}

/** Resolves with the arguments of the next `event` the transport emits. */
export function nextEvent<E extends keyof TransportEvents>(transport: OcppTransport, event: E): Promise<TransportEvents[E]> {
  return new Promise((resolve) => {
    const listener = (...args: TransportEvents[E]): void => {
      transport.off(event, listener);
      resolve(args);
    };
    transport.on(event, listener);
  });
}

/** Collects every emission of `event` with its performance.now() time. */
export function record<E extends keyof TransportEvents>(
  transport: OcppTransport,
  event: E,
): { atMs: number; args: TransportEvents[E] }[] {
  const seen: { atMs: number; args: TransportEvents[E] }[] = [];
  transport.on(event, (...args) => seen.push({ atMs: performance.now(), args }));
  return seen;
}