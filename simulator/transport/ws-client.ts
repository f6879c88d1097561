/**
 * A lean OCPP-J client directly on `ws`, built for thousands of instances per process.
 *
 * Per call it allocates one small record and the caller's promise: no timer (one module-wide
 * sweeper expires overdue calls), no Error unless the call fails, no AbortController. Socket
 * listeners are shared functions that find their client through a symbol, so a reconnect creates
 * no closures. Knows framing, ids, timeouts, validation and reconnects; nothing about stations.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { OcppDisconnectedError, OcppError, OcppTimeoutError, genericCode, isWireCode, wireCode } from '../protocol/errors.js';
import type { GenericCode } from '../protocol/errors.js';
import { isObject, parseFrame, serializeFrame } from '../protocol/frames.js';
import type { FrameParseFailure, JsonObject } from '../protocol/frames.js';
import { hasAction, validatePayload } from '../protocol/validator.js';
import type { OcppProtocol } from '../protocol/versions.js';
import { TRANSPORT_DEFAULTS } from './defaults.js';
import { MessageIds } from './message-ids.js';
import { SWEEP, watch } from './sweeper.js';
import type { Sweepable } from './sweeper.js';
import type {
  CallHandler,
  CallOptions,
  OcppTransport,
  PayloadSource,
  TransportEvents,
  TransportOptions,
  TransportState,
} from './types.js';

export { TRANSPORT_DEFAULTS } from './defaults.js';

const OWNER = Symbol('owner');
type OwnedSocket = WebSocket & { [OWNER]: WsOcppClient };

/** One outgoing CALL from `call()` until it settles. Fixed shape so V8 keeps one hidden class. */
class PendingCall {
  id = '';
  sentAtMs = 0;
  constructor(
    readonly action: string,
    readonly payload: PayloadSource,
    readonly durable: boolean,
    readonly resolve: (payload: JsonObject) => void,
    readonly reject: (error: Error) => void,
  ) {}
}

export function createTransport(options: TransportOptions): OcppTransport {
  return new WsOcppClient(options);
}

export class WsOcppClient extends EventEmitter<TransportEvents> implements OcppTransport, Sweepable {
  readonly protocol: OcppProtocol;
  readonly url: string;
  /** Station identity: the last path segment of the URL, also the Basic auth username. */
  readonly stationId: string;

  private readonly callTimeoutMs: number;
  private readonly reconnectBaseMs: number;
  private readonly reconnectMaxMs: number;
  private readonly offlineQueueLimit: number;
  private readonly validate: boolean;
  private readonly random: () => number;
  private readonly socketOptions: WebSocket.ClientOptions;

  private ws: OwnedSocket | undefined;
  private socketOpen = false;
  private current: TransportState = 'idle';
  private readonly messageIds = new MessageIds();
  private inFlight: PendingCall | undefined;
  private deadlineMs = 0;
  private watched = false;
  private sendQueue: PendingCall[] = [];
  private offlineQueue: PendingCall[] = [];
  private handlers: Map<string, CallHandler> | undefined;
  /** Backoff exponent: delays taken since the last open, including the one after a drop. */
  private attempt = 0;
  private failedAttempts = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnectAfterClose = true;
  private handshakeStatus: number | undefined;
  private lastSocketError: Error | undefined;
  private connectWaiter: { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } | undefined;
  private closeWaiter: (() => void) | undefined;
  private closing: Promise<void> | undefined;
  private dropped = 0;

  constructor(options: TransportOptions) {
    super();
    const url = new URL(options.url);
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
      throw new TypeError(`transport URL must start with ws:// or wss://, got ${options.url}`);
    }
    this.url = options.url;
    this.protocol = options.protocol;
    this.stationId = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? '');
    this.callTimeoutMs = options.callTimeoutMs ?? TRANSPORT_DEFAULTS.callTimeoutMs;
    this.reconnectBaseMs = options.reconnectBaseMs ?? TRANSPORT_DEFAULTS.reconnectBaseMs;
    this.reconnectMaxMs = options.reconnectMaxMs ?? TRANSPORT_DEFAULTS.reconnectMaxMs;
    this.offlineQueueLimit = options.offlineQueueLimit ?? TRANSPORT_DEFAULTS.offlineQueueLimit;
    this.validate = options.validate ?? true;
    this.random = options.random ?? Math.random;
    this.socketOptions = {
      perMessageDeflate: false,
      maxPayload: options.maxPayloadBytes ?? TRANSPORT_DEFAULTS.maxPayloadBytes,
      handshakeTimeout: TRANSPORT_DEFAULTS.handshakeTimeoutMs,
    };
    if (options.localAddress !== undefined) this.socketOptions.localAddress = options.localAddress;
    if (options.password !== undefined) {
      const credentials = Buffer.from(`${this.stationId}:${options.password}`).toString('base64');
      this.socketOptions.headers = { Authorization: `Basic ${credentials}` };
    }
  }

  get state(): TransportState {
    return this.current;
  }

  get queuedCount(): number {
    return this.offlineQueue.length;
  }

  /** Durable messages dropped because the offline queue was full. */
  get droppedCount(): number {
    return this.dropped;
  }

  connect(): Promise<void> {
    if (this.current === 'open') return Promise.resolve();
    if (this.current === 'closed') return Promise.reject(new OcppDisconnectedError('connect'));
    const waiter = this.connectWaiter ?? this.newConnectWaiter();
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
    this.failAll();
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
      const call = new PendingCall(action, payload, durable, resolve as (payload: JsonObject) => void, reject);
      if (this.current !== 'open' || (durable && this.offlineQueue.length > 0)) {
        // Durable calls queue behind older durable ones even when online, so order survives a reconnect.
        if (durable && this.current !== 'closed') this.enqueueOffline(call);
        else this.fail(call, new OcppDisconnectedError(action), 'Disconnected');
      } else if (this.inFlight === undefined && this.sendQueue.length === 0) {
        this.send(call);
      } else {
        this.sendQueue.push(call);
      }
    });
  }

  handle(action: string, handler: CallHandler): void {
    (this.handlers ??= new Map()).set(action, handler);
  }

  releaseQueue(): void {
    if (this.offlineQueue.length === 0 || this.current !== 'open') return;
    // Older than anything waiting in the send queue, so they go first.
    this.sendQueue = this.offlineQueue.concat(this.sendQueue);
    this.offlineQueue = [];
    this.pump();
  }

  /** Sweeper hook: expires the in-flight call past its deadline; false once nothing is in flight. */
  [SWEEP](nowMs: number): boolean {
    if (this.inFlight !== undefined && nowMs >= this.deadlineMs) {
      const call = this.inFlight;
      this.inFlight = undefined;
      this.fail(call, new OcppTimeoutError(call.action, this.callTimeoutMs), 'Timeout');
      this.pump();
    }
    if (this.inFlight === undefined) this.watched = false;
    return this.watched;
  }

  // --- connection ---------------------------------------------------------------------------

  private newConnectWaiter(): NonNullable<WsOcppClient['connectWaiter']> {
    let resolve!: () => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.connectWaiter = { promise, resolve, reject };
    return this.connectWaiter;
  }

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
    const ws = new WebSocket(this.url, this.protocol, this.socketOptions) as OwnedSocket;
    ws[OWNER] = this;
    ws.on('open', WsOcppClient.onSocketOpen);
    ws.on('message', WsOcppClient.onSocketMessage);
    ws.on('close', WsOcppClient.onSocketClose);
    ws.on('error', WsOcppClient.onSocketError);
    ws.on('unexpected-response', WsOcppClient.onUnexpectedResponse);
    this.ws = ws;
  }

  private onOpen(ws: OwnedSocket): void {
    if (ws !== this.ws) return;
    this.socketOpen = true;
    this.current = 'open';
    this.attempt = 0;
    this.failedAttempts = 0;
    this.emit('open');
    const waiter = this.connectWaiter;
    this.connectWaiter = undefined;
    waiter?.resolve();
    this.pump();
  }

  private onClose(ws: OwnedSocket, code: number, reason: Buffer): void {
    if (ws !== this.ws) return;
    this.ws = undefined;
    const wasOpen = this.socketOpen;
    this.socketOpen = false;
    if (wasOpen) this.failOnDisconnect();
    if (this.current === 'closed') {
      if (wasOpen) this.emit('close', code, reason.toString());
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
      if (wasOpen) this.emit('close', code, reason.toString());
      return;
    }
    this.current = 'connecting';
    const retryInMs = this.nextBackoffMs();
    if (wasOpen) {
      this.emit('close', code, reason.toString());
    } else {
      const failure = {
        error: this.lastSocketError ?? new Error(`connection closed with code ${code}`),
        attempt: (this.failedAttempts += 1),
        retryInMs,
        ...(this.handshakeStatus !== undefined && { statusCode: this.handshakeStatus }),
      };
      this.emit('connectFailed', failure);
    }
    // A listener may have closed or dropped us in the meantime.
    if (this.current === 'connecting' && this.ws === undefined && this.reconnectTimer === undefined) {
      this.reconnectTimer = setTimeout(WsOcppClient.reconnectNow, retryInMs, this);
    }
  }

  /** min(max, base * 2^attempt) * (0.5 + 0.5 * random): jitter spreads a fleet's reconnects out. */
  private nextBackoffMs(): number {
    const exponent = Math.min(this.attempt, TRANSPORT_DEFAULTS.reconnectMaxExponent);
    this.attempt += 1;
    return Math.min(this.reconnectMaxMs, this.reconnectBaseMs * 2 ** exponent) * (0.5 + 0.5 * this.random());
  }

  private clearReconnectTimer(): void {
    if (this.reconnectTimer === undefined) return;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
  }

  // --- outgoing calls -----------------------------------------------------------------------

  private pump(): void {
    while (this.inFlight === undefined && this.current === 'open') {
      const next = this.sendQueue.shift();
      if (next === undefined) return;
      this.send(next);
    }
  }

  /** Sends `call` now; a payload that cannot be built or is invalid fails the call without sending. */
  private send(call: PendingCall): void {
    let payload: JsonObject;
    try {
      payload = typeof call.payload === 'function' ? call.payload() : call.payload;
    } catch (error) {
      this.fail(call, error instanceof Error ? error : new Error(String(error)), 'InternalError');
      return;
    }
    if (this.validate) {
      const violation = validatePayload(this.protocol, call.action, 'req', payload);
      if (violation !== undefined) {
        this.fail(call, new OcppError(violation.code, `${call.action} request: ${violation.message}`), violation.code);
        return;
      }
    }
    const id = this.messageIds.next();
    const text = serializeFrame([2, id, call.action, payload]);
    call.id = id;
    call.sentAtMs = performance.now();
    this.inFlight = call;
    this.deadlineMs = call.sentAtMs + this.callTimeoutMs;
    if (!this.watched) {
      this.watched = true;
      watch(this, this.callTimeoutMs);
    }
    (this.ws as OwnedSocket).send(text);
    if (this.listenerCount('frame') > 0) this.emit('frame', 'out', text);
  }

  private enqueueOffline(call: PendingCall): void {
    this.offlineQueue.push(call);
    if (this.offlineQueue.length > this.offlineQueueLimit) this.dropOldest();
  }

  private dropOldest(): void {
    const oldest = this.offlineQueue.shift() as PendingCall;
    this.dropped += 1;
    this.fail(oldest, new OcppDisconnectedError(oldest.action), 'Disconnected');
  }

  /** The connection is gone: durable calls wait for the next connection (at least once, in order), the rest fail. */
  private failOnDisconnect(): void {
    const keep: PendingCall[] = [];
    const inFlight = this.inFlight;
    this.inFlight = undefined;
    const queued = this.sendQueue;
    this.sendQueue = [];
    for (const call of inFlight === undefined ? queued : [inFlight, ...queued]) {
      if (call.durable) keep.push(call);
      else this.fail(call, new OcppDisconnectedError(call.action), 'Disconnected');
    }
    if (keep.length === 0) return;
    this.offlineQueue = keep.concat(this.offlineQueue);
    while (this.offlineQueue.length > this.offlineQueueLimit) this.dropOldest();
  }

  private failAll(): void {
    const calls = [...(this.inFlight === undefined ? [] : [this.inFlight]), ...this.sendQueue, ...this.offlineQueue];
    this.inFlight = undefined;
    this.sendQueue = [];
    this.offlineQueue = [];
    for (const call of calls) this.fail(call, new OcppDisconnectedError(call.action), 'Disconnected');
  }

  private succeed(call: PendingCall, payload: JsonObject): void {
    if (this.listenerCount('callDone') > 0) {
      this.emit('callDone', { action: call.action, latencyMs: performance.now() - call.sentAtMs, ok: true });
    }
    call.resolve(payload);
  }

  /** Latency is 0 for a call that never went out. */
  private fail(call: PendingCall, error: Error, errorCode: string): void {
    if (this.listenerCount('callDone') > 0) {
      const latencyMs = call.sentAtMs === 0 ? 0 : performance.now() - call.sentAtMs;
      this.emit('callDone', { action: call.action, latencyMs, ok: false, errorCode });
    }
    call.reject(error);
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
        return this.onCall(ws, frame[1], frame[2], frame[3]);
      case 3:
        return this.onCallResult(frame[1], frame[2], text);
      case 4:
        return this.onCallError(frame[1], frame[2], frame[3], frame[4], text);
    }
  }

  private onCallResult(id: string, payload: JsonObject, text: string): void {
    const call = this.inFlight;
    if (call === undefined || call.id !== id) {
      this.emit('protocolError', `CALLRESULT for unknown message id ${id}`, text);
      return;
    }
    this.inFlight = undefined;
    const violation = this.validate ? validatePayload(this.protocol, call.action, 'conf', payload) : undefined;
    if (violation === undefined) {
      this.succeed(call, payload);
    } else {
      this.emit('protocolError', `${call.action} response: ${violation.message}`, text);
      this.fail(call, new OcppError(violation.code, `${call.action} response: ${violation.message}`), violation.code);
    }
    this.pump();
  }

  private onCallError(id: string, code: string, description: string, details: JsonObject, text: string): void {
    const call = this.inFlight;
    if (call === undefined || call.id !== id) {
      this.emit('protocolError', `CALLERROR for unknown message id ${id}`, text);
      return;
    }
    // Still a valid answer, but a conformance run wants to know (e.g. a 2.0.1 spelling sent to a 1.6 station).
    if (!isWireCode(this.protocol, code)) {
      this.emit('protocolError', `${code} is not an ${this.protocol} CALLERROR code`, text);
    }
    this.inFlight = undefined;
    const generic = genericCode(code);
    this.fail(call, new OcppError(generic, description, details), generic);
    this.pump();
  }

  private onMalformed(ws: OwnedSocket, failure: FrameParseFailure, text: string): void {
    this.emit('protocolError', failure.reason, text);
    const id = failure.messageId;
    if (id === undefined) return;
    const type = messageTypeOf(text);
    if (type === 3 || type === 4) {
      // A CALLERROR may only answer a CALL; a broken answer to our call fails that call instead.
      const call = this.inFlight;
      if (call === undefined || call.id !== id) return;
      this.inFlight = undefined;
      this.fail(call, new OcppError(failure.code, `${call.action} response: ${failure.reason}`), failure.code);
      this.pump();
      return;
    }
    this.sendCallError(ws, id, failure.code, failure.reason);
  }

  private onCall(ws: OwnedSocket, id: string, action: string, payload: JsonObject): void {
    const handler = this.handlers?.get(action);
    const known = hasAction(this.protocol, action);
    if (handler === undefined) {
      // NotImplemented: action unknown to the protocol; NotSupported: known, but this station has no handler.
      if (known) this.sendCallError(ws, id, 'NotSupported', `${action} is not supported by this station`);
      else this.sendCallError(ws, id, 'NotImplemented', `unknown action ${action}`);
      return;
    }
    if (this.validate && known) {
      const violation = validatePayload(this.protocol, action, 'req', payload);
      if (violation !== undefined) return this.sendCallError(ws, id, violation.code, violation.message);
    }
    this.emit('command', action, payload);
    let answer: JsonObject | Promise<JsonObject>;
    try {
      answer = handler(payload, action);
    } catch (error) {
      return this.answerWithError(ws, id, error);
    }
    if (answer instanceof Promise) {
      answer.then(
        (result) => this.answerWithResult(ws, id, action, known, result),
        (error: unknown) => this.answerWithError(ws, id, error),
      );
    } else {
      this.answerWithResult(ws, id, action, known, answer);
    }
  }

  private answerWithResult(ws: OwnedSocket, id: string, action: string, known: boolean, result: unknown): void {
    if (!isObject(result)) {
      return this.sendCallError(ws, id, 'InternalError', `${action} handler returned no payload object`);
    }
    if (this.validate && known) {
      const violation = validatePayload(this.protocol, action, 'conf', result);
      if (violation !== undefined) {
        return this.sendCallError(ws, id, 'InternalError', `${action} handler answer invalid: ${violation.message}`);
      }
    }
    this.sendText(ws, serializeFrame([3, id, result]));
  }

  private answerWithError(ws: OwnedSocket, id: string, error: unknown): void {
    if (error instanceof OcppError) return this.sendCallError(ws, id, error.code, error.message, error.details);
    this.sendCallError(ws, id, 'InternalError', error instanceof Error ? error.message : String(error));
  }

  private sendCallError(ws: OwnedSocket, id: string, code: GenericCode, description: string, details: JsonObject = {}): void {
    const text = description.slice(0, TRANSPORT_DEFAULTS.errorDescriptionMaxChars);
    this.sendText(ws, serializeFrame([4, id, wireCode(this.protocol, code), text, details]));
  }

  /** Answers go on the socket that asked; after a reconnect the CSMS no longer expects them. */
  private sendText(ws: OwnedSocket, text: string): void {
    if (ws !== this.ws || ws.readyState !== WebSocket.OPEN) return;
    ws.send(text);
    if (this.listenerCount('frame') > 0) this.emit('frame', 'out', text);
  }

  // Shared by every socket: EventEmitter calls listeners with `this` = the socket, so a connection
  // costs no closures. Static members of the class so they may reach the client's private state.

  private static onSocketOpen(this: WebSocket): void {
    const ws = this as OwnedSocket;
    ws[OWNER].onOpen(ws);
  }

  private static onSocketMessage(this: WebSocket, data: WebSocket.RawData, isBinary: boolean): void {
    const ws = this as OwnedSocket;
    ws[OWNER].onMessage(ws, data, isBinary);
  }

  private static onSocketClose(this: WebSocket, code: number, reason: Buffer): void {
    const ws = this as OwnedSocket;
    ws[OWNER].onClose(ws, code, reason);
  }

  /** Always followed by 'close', which decides what happens next; listening keeps ws from throwing. */
  private static onSocketError(this: WebSocket, error: Error): void {
    (this as OwnedSocket)[OWNER].lastSocketError = error;
  }

  private static onUnexpectedResponse(this: WebSocket, _request: unknown, response: IncomingMessage): void {
    (this as OwnedSocket)[OWNER].handshakeStatus = response.statusCode;
    response.resume();
    // Aborts the handshake: 'error' then 'close' follow, and the close handler retries with backoff.
    this.terminate();
  }

  private static reconnectNow(client: WsOcppClient): void {
    if (client.current === 'connecting' && client.ws === undefined) client.openSocket();
    else client.reconnectTimer = undefined;
  }
}

/** Message type of a frame that failed to parse (error path only, so parsing twice is fine). */
function messageTypeOf(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value[0] : undefined;
  } catch {
    return undefined;
  }
}
