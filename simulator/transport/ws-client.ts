/**
 * A lean OCPP-J client directly on `ws`, built for thousands of instances per process.
 *
 * Per call it allocates one small record and the caller's promise: no timer (one module-wide
 * sweeper expires overdue calls), no Error unless the call fails, no AbortController. The same
 * sweeper keeps the handshake deadline, so a socket holds no timer of its own. A socket hands its
 * events straight to its client (found through a symbol), so a reconnect creates no closures and
 * no listeners. Knows framing, ids, timeouts, validation and reconnects; nothing about stations.
 *
 * This file is the connection (connect, close, drop, reconnect with backoff.ts) and the frame
 * dispatch; outgoing calls and the offline queue are call-tracker.ts, CALLs from the CSMS are
 * incoming-calls.ts.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { OcppDisconnectedError } from '../protocol/errors.js';
import { messageTypeOf, parseFrame } from '../protocol/frames.js';
import type { FrameParseFailure, JsonObject } from '../protocol/frames.js';
import type { OcppProtocol } from '../protocol/versions.js';
import { withFastListenerTable } from '../listener-table.js';
import { seededRandom } from '../random.js';
import { backoffMs } from './backoff.js';
import { CallTracker, PendingCall, WRITE_CALL } from './call-tracker.js';
import { connectFailureOf, handshakeTimeoutError } from './connect-failure.js';
import { ChaosLayer } from './chaos.js';
import { TRANSPORT_DEFAULTS } from './defaults.js';
import { IncomingCalls, SEND_ANSWER } from './incoming-calls.js';
import { socketOptionsOf, stationIdOf } from './socket-options.js';
import { SWEEP, unwatch, watch } from './sweeper.js';
import type { Sweepable } from './sweeper.js';
import { newWaiter } from './waiter.js';
import type { Waiter } from './waiter.js';
import type {
  CallHandler,
  CallOptions,
  ConnectionObserver,
  OcppTransport,
  PayloadSource,
  TransportEvents,
  TransportOptions,
  TransportState,
} from './types.js';

export { TRANSPORT_DEFAULTS } from './defaults.js';

const OWNER = Symbol('owner');
type OwnedSocket = WebSocket & { [OWNER]: WsOcppClient };

export function createTransport(options: TransportOptions): OcppTransport {
  return new WsOcppClient(options);
}

export class WsOcppClient extends EventEmitter<TransportEvents> implements OcppTransport, Sweepable {
  readonly protocol: OcppProtocol;
  /** The URL; the text of the latest socket's own copy once ws has made one, so a station holds it once, not twice. */
  private href: string;

  private readonly reconnectBaseMs: number;
  private readonly reconnectMaxMs: number;
  /** The jitter source; made on the first backoff from `randomSeed` when not given. */
  private random: (() => number) | undefined;
  private readonly randomSeed: number | undefined;
  private readonly socketOptions: WebSocket.ClientOptions;
  /** Network chaos applied to every socket this client opens (chaos.ts); undefined: a clean network. */
  readonly chaos: ChaosLayer | undefined;
  callObserver: OcppTransport['callObserver'];
  /** Told of 'open', 'close' and 'connectFailed' before their listeners (`observeConnection`). */
  private connectionObserver: ConnectionObserver | undefined;

  private ws: OwnedSocket | undefined;
  private socketOpen = false;
  private current: TransportState = 'idle';
  private readonly calls: CallTracker;
  private readonly incoming: IncomingCalls;
  /** Backoff exponent: delays taken since the last open, including the one after a drop. */
  private attempt = 0;
  private failedAttempts = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly handshakeTimeoutMs: number;
  /** performance.now() by which the socket now connecting must be open. */
  private handshakeDeadlineMs = 0;
  private reconnectAfterClose = true;
  private handshakeStatus: number | undefined;
  /** The socket now closing was dropped by this side (`drop()`), not by the peer or the network. */
  private droppedHere = false;
  private lastSocketError: Error | undefined;
  private connectWaiter: Waiter | undefined;
  private closeWaiter: (() => void) | undefined;
  private closing: Promise<void> | undefined;
  /** `localPort` until the first connection attempt takes it. */
  private firstLocalPort: number | undefined;

  constructor(options: TransportOptions) {
    super();
    withFastListenerTable(this);
    const url = new URL(options.url);
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
      throw new TypeError(`transport URL must start with ws:// or wss://, got ${options.url}`);
    }
    this.href = options.url;
    this.protocol = options.protocol;
    this.reconnectBaseMs = options.reconnectBaseMs ?? TRANSPORT_DEFAULTS.reconnectBaseMs;
    this.reconnectMaxMs = options.reconnectMaxMs ?? TRANSPORT_DEFAULTS.reconnectMaxMs;
    this.handshakeTimeoutMs = options.handshakeTimeoutMs ?? TRANSPORT_DEFAULTS.handshakeTimeoutMs;
    if (!(this.handshakeTimeoutMs > 0 && this.handshakeTimeoutMs < Infinity)) throw new RangeError(`transport handshakeTimeoutMs must be milliseconds above 0, got ${String(options.handshakeTimeoutMs)}`);
    this.random = options.random;
    this.randomSeed = options.randomSeed;
    this.chaos = options.chaos === undefined ? undefined : new ChaosLayer(options.chaos);
    const validate = options.validate ?? true;
    const callTimeoutMs = options.callTimeoutMs ?? TRANSPORT_DEFAULTS.callTimeoutMs;
    this.calls = new CallTracker(this, this.protocol, callTimeoutMs, options.offlineQueueLimit ?? TRANSPORT_DEFAULTS.offlineQueueLimit, validate);
    this.incoming = new IncomingCalls(this, this.protocol, validate);
    this.socketOptions = socketOptionsOf(options, url);
    this.firstLocalPort = options.localPort;
  }

  /** Station identity: the last path segment of the URL, also the Basic auth username. Read from the URL, not kept. */
  get stationId(): string { return stationIdOf(new URL(this.url)); }

  get url(): string { return this.href; }

  get state(): TransportState { return this.current; }

  get queuedCount(): number { return this.calls.queuedCount; }

  get unsettledCount(): number { return this.calls.unsettledCount; }

  /** Durable messages dropped because the offline queue was full. */
  get droppedCount(): number { return this.calls.droppedCount; }

  connect(): Promise<void> {
    if (this.current === 'open') return Promise.resolve();
    if (this.current === 'closed') return Promise.reject(new OcppDisconnectedError('connect'));
    const waiter = (this.connectWaiter ??= newWaiter());
    if (this.current === 'idle') {
      this.current = 'connecting';
      this.attempt = 0;
      this.failedAttempts = 0;
      this.openSocket();
    }
    return waiter.promise;
  }

  close(code = 1000, reason = ''): Promise<void> {
    if (this.closing !== undefined) return this.closing;
    this.current = 'closed';
    this.clearReconnectTimer();
    this.rejectConnectWaiter();
    this.calls.failAll();
    const ws = this.ws;
    if (ws === undefined) return (this.closing = Promise.resolve());
    this.closing = new Promise((resolve) => {
      this.closeWaiter = resolve;
      if (ws.readyState !== WebSocket.OPEN) return ws.terminate();
      try {
        ws.close(code, reason);
      } catch {
        // An invalid close code (e.g. 1006) must still close the socket.
        ws.terminate();
      }
    });
    return this.closing;
  }

  drop(options?: { reconnect?: boolean }): void {
    if (this.current === 'closed' || this.current === 'idle') return;
    const reconnect = options?.reconnect ?? true;
    if (this.ws !== undefined) {
      // The close handler decides what follows, as it does for a real network loss.
      this.reconnectAfterClose = reconnect;
      this.droppedHere = true;
      this.ws.terminate();
    } else if (!reconnect) {
      // Waiting between attempts: just stop trying.
      this.clearReconnectTimer();
      this.current = 'idle';
      this.rejectConnectWaiter();
    }
  }

  call<T extends JsonObject = JsonObject>(action: string, payload: PayloadSource, options?: CallOptions): Promise<T> {
    const durable = options?.durable === true;
    return new Promise<T>((resolve, reject) => {
      this.calls.submit(new PendingCall(action, payload, durable, resolve as (payload: JsonObject) => void, reject), this.current);
    });
  }

  callThen(action: string, payload: PayloadSource, onResult: (payload: JsonObject) => void, onError: (error: Error) => void): void {
    this.calls.submit(new PendingCall(action, payload, false, onResult, onError, true), this.current);
  }

  handle(action: string, handler: CallHandler): void {
    this.incoming.handle(action, handler);
  }

  handleAll(actions: ReadonlyMap<string, unknown>, handler: CallHandler): void {
    this.incoming.handleAll(actions, handler);
  }

  releaseQueue(): void {
    this.calls.releaseQueue();
  }

  observeConnection(observer: ConnectionObserver): void {
    this.connectionObserver = observer;
  }

  /** Sweeper hook: fails the connection attempt past its deadline; false once no attempt is under way. */
  [SWEEP](nowMs: number): boolean {
    const ws = this.ws;
    if (ws === undefined || ws.readyState !== WebSocket.CONNECTING) return false;
    if (nowMs < this.handshakeDeadlineMs) return true;
    // Set before the abort's own error, so the failure reads as a timeout; 'error' and 'close' follow, then the retry.
    this.lastSocketError = handshakeTimeoutError();
    ws.terminate();
    return false;
  }

  // --- connection ---------------------------------------------------------------------------

  private rejectConnectWaiter(): void {
    const waiter = this.connectWaiter;
    if (waiter === undefined) return;
    this.connectWaiter = undefined;
    waiter.reject(new OcppDisconnectedError('connect'));
  }

  private openSocket(): void {
    this.reconnectTimer = undefined;
    this.handshakeStatus = undefined;
    this.lastSocketError = undefined;
    this.droppedHere = false;
    if (this.listenerCount('connecting') > 0) this.emit('connecting');
    // ws hands its options to http.request, which binds a `localPort` as given; later attempts let the kernel choose.
    const localPort = this.firstLocalPort;
    this.firstLocalPort = undefined;
    const socketOptions = localPort === undefined ? this.socketOptions : { ...this.socketOptions, localPort };
    this.handshakeDeadlineMs = performance.now() + this.handshakeTimeoutMs;
    const ws: OwnedSocket = new WsOcppClient.OcppSocket(this.url, this.protocol, socketOptions);
    ws[OWNER] = this;
    if (ws.url === this.href) this.href = ws.url;
    this.ws = ws;
    watch(this, this.handshakeTimeoutMs);
    // Chaos hook: the layer wraps the socket's send and events (and may refuse the connect).
    this.chaos?.attach(ws);
  }

  private onOpen(ws: OwnedSocket): void {
    if (ws !== this.ws) return;
    this.socketOpen = true;
    this.current = 'open';
    this.attempt = 0;
    this.failedAttempts = 0;
    unwatch(this);
    this.tell('open');
    const waiter = this.connectWaiter;
    this.connectWaiter = undefined;
    waiter?.resolve();
    this.calls.pump();
  }

  private onClose(ws: OwnedSocket, code: number, reason: Buffer): void {
    if (ws !== this.ws) return;
    this.ws = undefined;
    const wasOpen = this.socketOpen;
    const local = this.droppedHere;
    this.socketOpen = false;
    if (wasOpen) this.calls.disconnected();
    if (this.current === 'closed') {
      if (wasOpen) this.tell('close', code, reason.toString());
      const done = this.closeWaiter;
      this.closeWaiter = undefined;
      done?.();
      return;
    }
    const reconnect = this.reconnectAfterClose;
    this.reconnectAfterClose = true;
    if (!reconnect) {
      this.current = 'idle';
      this.rejectConnectWaiter();
      if (wasOpen) this.tell('close', code, reason.toString(), local);
      return;
    }
    this.current = 'connecting';
    const retryInMs = this.nextBackoffMs();
    if (wasOpen) {
      this.tell('close', code, reason.toString(), local);
    } else {
      this.tell('connectFailed', connectFailureOf(this.lastSocketError, code, this.handshakeStatus, this.url, (this.failedAttempts += 1), retryInMs));
    }
    // A listener may have closed or dropped us in the meantime.
    if (this.current === 'connecting' && this.ws === undefined && this.reconnectTimer === undefined) {
      this.reconnectTimer = setTimeout(WsOcppClient.reconnectNow, retryInMs, this);
    }
  }

  private onUnexpectedResponse(ws: OwnedSocket, response: IncomingMessage): void {
    this.handshakeStatus = response.statusCode;
    response.resume();
    // Aborts the handshake: 'error' then 'close' follow, and the close handler retries with backoff.
    ws.terminate();
  }

  /** The connection observer first, then the listeners (`observeConnection`). */
  private tell<E extends keyof ConnectionObserver>(event: E, ...args: TransportEvents[E]): void {
    (this.connectionObserver?.[event] as ((this: WsOcppClient, ...args: TransportEvents[E]) => void) | undefined)?.apply(this, args);
    (this.emit as (event: E, ...args: TransportEvents[E]) => boolean).call(this, event, ...args);
  }

  private nextBackoffMs(): number {
    const random = (this.random ??= this.randomSeed === undefined ? Math.random : seededRandom(this.randomSeed));
    const delayMs = backoffMs(this.attempt, this.reconnectBaseMs, this.reconnectMaxMs, random);
    this.attempt += 1;
    return delayMs;
  }

  private clearReconnectTimer(): void {
    if (this.reconnectTimer === undefined) return;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
  }

  /** The tracker's one way onto the socket, only ever called while open. */
  [WRITE_CALL](text: string): void {
    (this.ws as OwnedSocket).send(text);
    if (this.listenerCount('frame') > 0) this.emit('frame', 'out', text);
  }

  // --- incoming frames ----------------------------------------------------------------------

  private onMessage(ws: OwnedSocket, data: WebSocket.RawData, isBinary: boolean): void {
    if (ws !== this.ws) return;
    const text = String(data);
    if (this.listenerCount('frame') > 0) this.emit('frame', 'in', text);
    // OCPP-J is text only; read it anyway so a load test keeps going, but a conformance run sees it.
    if (isBinary) this.emit('protocolError', 'binary WebSocket frame; OCPP-J uses text frames', text);
    const parsed = parseFrame(text);
    if (!parsed.ok) return this.onMalformed(ws, parsed, text);
    const frame = parsed.frame;
    switch (frame[0]) {
      case 2:
        return this.incoming.onCall(ws, frame[1], frame[2], frame[3]);
      case 3:
        return this.calls.onCallResult(frame[1], frame[2], text);
      case 4:
        return this.calls.onCallError(frame[1], frame[2], frame[3], frame[4], text);
    }
  }

  private onMalformed(ws: OwnedSocket, failure: FrameParseFailure, text: string): void {
    this.emit('protocolError', failure.reason, text);
    const id = failure.messageId;
    if (id === undefined) return;
    const type = messageTypeOf(text);
    if (type === 3 || type === 4) {
      // A CALLERROR may only answer a CALL; a broken answer to our call fails that call instead.
      return this.calls.onBrokenAnswer(id, failure.code, failure.reason);
    }
    this.incoming.sendCallError(ws, id, failure.code, failure.reason);
  }

  /** Answers go on the socket that asked; after a reconnect the CSMS no longer expects them. */
  [SEND_ANSWER](ws: WebSocket, text: string): void {
    if (ws !== this.ws || ws.readyState !== WebSocket.OPEN) return;
    ws.send(text);
    if (this.listenerCount('frame') > 0) this.emit('frame', 'out', text);
  }

  /**
   * ws's WebSocket handing the events the client needs straight to it, not to listeners: a connection costs no
   * closures and no listener table (five event names grow each socket's table a size). In the class body so it may
   * reach the client's private state; other events (ping, pong, upgrade) are emitted as usual.
   */
  private static readonly OcppSocket = class extends WebSocket {
    declare [OWNER]: WsOcppClient;

    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      withFastListenerTable(this);
    }

    override emit(event: string | symbol, ...args: unknown[]): boolean {
      const client = this[OWNER];
      if (event === 'open') client.onOpen(this);
      else if (event === 'message') client.onMessage(this, args[0] as WebSocket.RawData, args[1] as boolean);
      else if (event === 'close') client.onClose(this, args[0] as number, args[1] as Buffer);
      // Always followed by 'close', which decides what happens next; taken, so ws does not throw. The first is the cause.
      else if (event === 'error') client.lastSocketError ??= args[0] as Error;
      else if (event === 'unexpected-response') client.onUnexpectedResponse(this, args[1] as IncomingMessage);
      else return super.emit(event, ...args);
      return true;
    }
  };

  private static reconnectNow(client: WsOcppClient): void {
    if (client.current === 'connecting' && client.ws === undefined) client.openSocket();
    else client.reconnectTimer = undefined;
  }
}
