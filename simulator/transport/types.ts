/**
 * What a virtual station needs from its OCPP-J connection. The lean `ws` client implements it;
 * keeping it this small lets tests and benchmarks swap the implementation.
 */
import type { JsonObject } from '../protocol/frames.js';
import type { ChaosOptions } from './chaos.js';
import type { OcppProtocol } from '../protocol/versions.js';

/** Answers one CALL from the CSMS. Throw an `OcppError` to answer with CALLERROR. */
export type CallHandler = (payload: JsonObject, action: string) => JsonObject | Promise<JsonObject>;

export interface CallOptions {
  /**
   * Transaction messages are durable: while offline they wait in the bounded offline queue and are
   * replayed in order once `releaseQueue()` is called after the next accepted boot.
   */
  durable?: boolean;
}

/** A payload, or a function that builds it at send time (queued messages learn their transactionId late). */
export type PayloadSource = JsonObject | (() => JsonObject);

/**
 * How an outgoing call ended: `result` a valid CALLRESULT, `error` a CALLERROR, `invalid` an answer that
 * failed validation or could not be read, `timeout` no answer in time, `disconnected` it was on the wire
 * when the connection went (or the client closed), `unsent` it never went out (offline, a payload that
 * could not be built or failed validation, dropped from a full offline queue).
 */
export type CallEnd = 'result' | 'error' | 'invalid' | 'timeout' | 'disconnected' | 'unsent';

export interface CallOutcome {
  action: string;
  /** Real milliseconds from sending the CALL to its end (0 for a call that never went out). */
  latencyMs: number;
  ok: boolean;
  end: CallEnd;
  /** Generic error code when the call failed (CALLERROR, `Timeout`, `Disconnected`). */
  errorCode?: string;
  /** A CALLERROR's code as the peer spelled it. */
  wireCode?: string;
}

export type TransportState = 'idle' | 'connecting' | 'open' | 'closed';

export interface TransportEvents {
  /** A connection attempt starts (the first one and every reconnect). */
  connecting: [];
  open: [];
  /** An open connection ended; `local` when this side dropped it (`drop()`, a simulated network loss). */
  close: [code: number, reason: string, local?: boolean];
  /** Every frame sent or received, as text; for logs and conformance checks. */
  frame: [direction: 'in' | 'out', text: string];
  /** One event per finished outgoing CALL. */
  callDone: [outcome: CallOutcome];
  /** A CALL the CSMS sent us (after validation), before the handler runs. */
  command: [action: string, payload: JsonObject];
  /** A protocol-level problem with an incoming frame, already answered where the spec says so. */
  protocolError: [reason: string, text: string];
  /** A (re)connect attempt failed before the socket opened; another follows after `retryInMs` unless closed. */
  connectFailed: [failure: ConnectFailure];
}

export interface ConnectFailure {
  /** HTTP status of a rejected handshake (401 bad credentials, 403 bad client certificate, 404 unknown station), absent for network errors. */
  statusCode?: number;
  error: Error;
  /** Where it failed: the CSMS refused the upgrade (http), the TLS handshake failed (tls), or the network (network). */
  kind: ConnectFailureKind;
  /** One line saying what went wrong, e.g. `HTTP 401 Unauthorized` or `TLS: UNABLE_TO_VERIFY_LEAF_SIGNATURE ...`. */
  reason: string;
  /** Attempts failed in a row, this one included. */
  attempt: number;
  /** Real milliseconds until the next attempt. */
  retryInMs: number;
}

export interface OcppTransport {
  readonly protocol: OcppProtocol;
  readonly state: TransportState;
  /** Connects, retrying with jittered exponential backoff until `close()`; resolves on the first open. */
  connect(): Promise<void>;
  /** Closes for good: no reconnect. Pending calls fail with `OcppDisconnectedError`. */
  close(code?: number, reason?: string): Promise<void>;
  /** Drops the socket without a close handshake (simulates a network loss); reconnect follows unless `reconnect` is false. */
  drop(options?: { reconnect?: boolean }): void;
  /** Sends a CALL; at most one is in flight, the rest wait in order. Rejects with OcppError / OcppTimeoutError / OcppDisconnectedError. */
  call<T extends JsonObject = JsonObject>(action: string, payload: PayloadSource, options?: CallOptions): Promise<T>;
  /**
   * `call` without a promise, for hot loops (the heartbeat flood): `onResult` runs synchronously when the answer's
   * frame is read, so a loop may send its next call from it; `onError` runs in a microtask, after the transport has
   * finished handling the failure (a callback that calls again while a disconnect is being handled would find no socket).
   */
  callThen(action: string, payload: PayloadSource, onResult: (payload: JsonObject) => void, onError: (error: Error) => void): void;
  /** Registers the handler of one CSMS action; unknown actions are answered NotImplemented. */
  handle(action: string, handler: CallHandler): void;
  /**
   * Registers one handler for every action in `actions` (a table shared by many transports, so a connection holds no
   * map of its own); a handler given to `handle` for an action comes first. Transports without it take `handle`.
   */
  handleAll?(actions: ReadonlyMap<string, unknown>, handler: CallHandler): void;
  /** Replays durable messages queued while offline, in order. Call after the boot is accepted. */
  releaseQueue(): void;
  /** Number of durable messages waiting while offline. */
  readonly queuedCount: number;
  /**
   * The one observer of every finished CALL that is called directly, with `this` = the transport, before the
   * 'callDone' event: the station that owns the transport. A flood finishes a call for hundreds of stations in
   * turn, and an event's dispatch per call is measurable there; a shared function costs no closure per station.
   */
  callObserver: ((this: OcppTransport, outcome: CallOutcome) => void) | undefined;
  /**
   * Sets the one observer of the connection (the station that owns the transport), told of each 'open', 'close' and
   * 'connectFailed' before their listeners. Transports without it take listeners of those events.
   */
  observeConnection?(observer: ConnectionObserver): void;
  /** CALLs not answered yet (in flight, waiting to be sent, queued offline); transports that cannot tell leave it out. */
  readonly unsettledCount?: number;
  on<E extends keyof TransportEvents>(event: E, listener: (...args: TransportEvents[E]) => void): this;
  off<E extends keyof TransportEvents>(event: E, listener: (...args: TransportEvents[E]) => void): this;
}

/**
 * What a station hears of its connection, called directly with `this` = the transport before the event of the same
 * name: an emitter's table of listeners grows with each event name it is given, and a fleet holds thousands of
 * transports. Shared functions, so a station costs no closure.
 */
export interface ConnectionObserver {
  open(this: OcppTransport): void;
  close(this: OcppTransport, ...args: TransportEvents['close']): void;
  connectFailed(this: OcppTransport, failure: ConnectFailure): void;
}

export interface TransportOptions {
  /** Full URL including the station identity, e.g. ws://127.0.0.1:9000/ocpp/S1-CP1. */
  url: string;
  protocol: OcppProtocol;
  /** Real milliseconds to wait for an answer to a CALL. */
  callTimeoutMs?: number;
  /** Real milliseconds a connection attempt (TCP connect, TLS, upgrade) may take before it fails as `timeout` and is retried. */
  handshakeTimeoutMs?: number;
  /** Backoff for (re)connects, real milliseconds: min(maxMs, baseMs * 2^attempt) * random(0.5..1). */
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  /** Durable messages kept while offline; beyond it the oldest are dropped and counted. */
  offlineQueueLimit?: number;
  /** Largest frame accepted, bytes. */
  maxPayloadBytes?: number;
  /** Validate outgoing and incoming payloads against the official schemas (default true). */
  validate?: boolean;
  /** HTTP Basic auth password (security profiles 1-2): a 2.0.1 string, or the 1.6 AuthorizationKey's bytes. */
  password?: string | Uint8Array;
  /** TLS for a wss:// URL (security profiles 2-3): the CA that signs the CSMS certificate, and for profile 3 the station's own certificate and key (PEM). */
  tls?: TransportTls;
  /** Local address to connect from, to spread connections over 127.x source addresses. */
  localAddress?: string;
  /**
   * Local port of the first connection (with `localAddress`). A port given is bound as it is, where bind() with
   * port 0 searches the address's ports one by one, which at tens of thousands of connections per address costs
   * more kernel CPU with each one. Later connections let the kernel choose: this side may have closed the last
   * one, and its port waits out TIME_WAIT. A port in use fails that attempt, and the retry lets the kernel choose.
   */
  localPort?: number;
  /** Seeded random source for jitter; defaults to one seeded with `randomSeed`, else Math.random. */
  random?: () => number;
  /** Seed of the jitter source when `random` is not given; the source is made on the first reconnect. */
  randomSeed?: number;
  /** Network chaos on this connection (latency, lost and duplicated frames, refused connects, half-open sockets). */
  chaos?: ChaosOptions;
}

export type ConnectFailureKind = 'http' | 'tls' | 'network';

export interface TransportTls {
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
}
