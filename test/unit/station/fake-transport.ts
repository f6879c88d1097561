/**
 * An in-memory OcppTransport for station tests: records every CALL the station sends (payload built
 * at send time, one in flight, durable calls kept offline like the real client), answers them with
 * per-action responders the test sets, and lets the test play the CSMS by invoking command handlers.
 */
import { EventEmitter } from 'node:events';
import type { Clock } from '../../../simulator/clock.js';
import { OcppDisconnectedError, OcppError } from '../../../simulator/protocol/errors.js';
import type { JsonObject } from '../../../simulator/protocol/frames.js';
import { validatePayload, type PayloadKind } from '../../../simulator/protocol/validator.js';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import type {
  CallHandler,
  CallOutcome,
  CallOptions,
  OcppTransport,
  PayloadSource,
  TransportEvents,
  TransportOptions,
  TransportState,
} from '../../../simulator/transport/types.js';

export interface SentCall {
  action: string;
  payload: JsonObject;
  durable: boolean;
  /** Simulated time the call went out. */
  atMs: number;
}

export type Responder = (payload: JsonObject, action: string) => JsonObject | Promise<JsonObject>;

interface Pending {
  action: string;
  source: PayloadSource;
  durable: boolean;
  resolve: (payload: JsonObject) => void;
  reject: (error: Error) => void;
}

export class FakeTransport extends EventEmitter<TransportEvents> implements OcppTransport {
  readonly protocol: OcppProtocol;
  readonly sent: SentCall[] = [];
  readonly handlers = new Map<string, CallHandler>();
  /** Payloads that break the official schemas: station requests, station answers and the test's own commands. */
  readonly violations: string[] = [];
  releaseCount = 0;
  dropCount = 0;
  callObserver: OcppTransport['callObserver'];
  private current: TransportState = 'idle';
  private readonly responders = new Map<string, Responder>();
  private offline: Pending[] = [];
  private sendQueue: Pending[] = [];
  private inFlight: Pending | undefined;
  private nextTransactionId = 1000;
  private readonly sentEvents = new EventEmitter<{ sent: [call: SentCall] }>();

  constructor(
    readonly options: TransportOptions,
    private readonly clock: Clock,
  ) {
    super();
    this.protocol = options.protocol;
    const now = () => new Date(clock.now()).toISOString();
    this.respond('BootNotification', () => ({ status: 'Accepted', interval: 300, currentTime: now() }));
    this.respond('Heartbeat', () => ({ currentTime: now() }));
    this.respond('Authorize', () => (this.protocol === 'ocpp1.6' ? { idTagInfo: { status: 'Accepted' } } : { idTokenInfo: { status: 'Accepted' } }));
    this.respond('StartTransaction', () => ({ transactionId: this.nextTransactionId++, idTagInfo: { status: 'Accepted' } }));
    this.respond('TransactionEvent', () => ({}));
  }

  get state(): TransportState {
    return this.current;
  }

  get queuedCount(): number {
    return this.offline.length;
  }

  get unsettledCount(): number {
    return (this.inFlight ? 1 : 0) + this.sendQueue.length + this.offline.length;
  }

  /** Sets how the CSMS answers `action`; unset actions are answered `{}`. */
  respond(action: string, responder: Responder): void {
    this.responders.set(action, responder);
  }

  /** Calls of `action` sent so far (optionally only those after index `from` of `sent`). */
  callsOf(action: string, from = 0): SentCall[] {
    return this.sent.slice(from).filter((call) => call.action === action);
  }

  /** Resolves with the `count`-th call of `action` matching `match` sent at or after index `from`. */
  waitForCall(action: string, options: { from?: number; count?: number; match?: (payload: JsonObject) => boolean } = {}): Promise<SentCall> {
    const { from = 0, count = 1, match = () => true } = options;
    const matching = () => this.sent.slice(from).filter((c) => c.action === action && match(c.payload));
    return new Promise((resolve) => {
      const check = () => {
        const found = matching();
        if (found.length < count) return false;
        this.sentEvents.off('sent', check);
        resolve(found[count - 1] as SentCall);
        return true;
      };
      if (!check()) this.sentEvents.on('sent', check);
    });
  }

  /** Plays the CSMS: sends `action` to the station and returns its answer (throws the handler's OcppError). */
  async invoke(action: string, payload: JsonObject): Promise<JsonObject> {
    const handler = this.handlers.get(action);
    if (!handler) throw new OcppError('NotImplemented', `no handler for ${action}`);
    this.check(action, 'req', payload);
    this.emit('command', action, payload);
    const answer = await handler(payload, action);
    this.check(action, 'conf', answer);
    return answer;
  }

  /**
   * Resolves once no CALL is in flight or waiting to be sent, one macrotask after the last answer was settled,
   * so the station has run everything it does on that answer.
   */
  async settled(): Promise<void> {
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.inFlight === undefined && this.sendQueue.length === 0) return;
      await new Promise<void>((resolve) => this.once('callDone', () => resolve()));
    }
  }

  /** Brings a dropped connection back (what the real client's backoff does by itself). */
  reconnect(): void {
    if (this.current === 'closed') return;
    this.current = 'open';
    this.emit('open');
  }

  connect(): Promise<void> {
    if (this.current === 'closed') return Promise.reject(new OcppDisconnectedError('connect'));
    if (this.current === 'open') return Promise.resolve();
    this.current = 'connecting';
    return Promise.resolve().then(() => this.reconnect());
  }

  async close(code = 1000, reason = ''): Promise<void> {
    if (this.current === 'closed') return;
    const wasOpen = this.current === 'open';
    this.current = 'closed';
    const all = [...(this.inFlight ? [this.inFlight] : []), ...this.sendQueue, ...this.offline];
    this.inFlight = undefined;
    this.sendQueue = [];
    this.offline = [];
    for (const call of all) call.reject(new OcppDisconnectedError(call.action));
    if (wasOpen) this.emit('close', code, reason);
  }

  drop(options?: { reconnect?: boolean }): void {
    if (this.current !== 'open') return;
    this.dropCount++;
    this.current = 'connecting';
    // Like the real client: durable calls (in flight or waiting) survive in the offline queue, the rest fail.
    const waiting = [...(this.inFlight ? [this.inFlight] : []), ...this.sendQueue];
    this.inFlight = undefined;
    this.sendQueue = [];
    this.offline = waiting.filter((c) => c.durable).concat(this.offline);
    for (const call of waiting) if (!call.durable) call.reject(new OcppDisconnectedError(call.action));
    this.emit('close', 1006, '', true);
    if (options?.reconnect ?? true) setTimeout(() => this.reconnect(), 1);
  }

  callThen(action: string, source: PayloadSource, onResult: (payload: JsonObject) => void, onError: (error: Error) => void): void {
    this.call(action, source).then(onResult, onError);
  }

  call<T extends JsonObject = JsonObject>(action: string, source: PayloadSource, options?: CallOptions): Promise<T> {
    const durable = options?.durable === true;
    return new Promise<T>((resolve, reject) => {
      const pending: Pending = { action, source, durable, resolve: resolve as (p: JsonObject) => void, reject };
      if (this.current !== 'open' || (durable && this.offline.length > 0)) {
        if (durable && this.current !== 'closed') this.offline.push(pending);
        else reject(new OcppDisconnectedError(action));
        return;
      }
      this.sendQueue.push(pending);
      this.pump();
    });
  }

  handle(action: string, handler: CallHandler): void {
    this.handlers.set(action, handler);
  }

  releaseQueue(): void {
    this.releaseCount++;
    if (this.current !== 'open') return;
    this.sendQueue = this.offline.concat(this.sendQueue);
    this.offline = [];
    this.pump();
  }

  private pump(): void {
    if (this.inFlight || this.current !== 'open') return;
    const next = this.sendQueue.shift();
    if (!next) return;
    this.inFlight = next;
    const payload = typeof next.source === 'function' ? next.source() : next.source;
    this.check(next.action, 'req', payload);
    const sent: SentCall = { action: next.action, payload, durable: next.durable, atMs: this.clock.now() };
    this.sent.push(sent);
    this.sentEvents.emit('sent', sent);
    const responder = this.responders.get(next.action) ?? (() => ({}));
    // Answer on a later turn, as a network would.
    setImmediate(() => {
      Promise.resolve()
        .then(() => responder(payload, next.action))
        .then(
          (answer) => this.finish(next, () => next.resolve(answer), true),
          (error: Error) => this.finish(next, () => next.reject(error), false),
        );
    });
  }

  private check(action: string, kind: PayloadKind, payload: unknown): void {
    const violation = validatePayload(this.protocol, action, kind, payload);
    if (violation) this.violations.push(`${action}.${kind}: ${violation.code} ${violation.message}`);
  }

  private finish(call: Pending, settle: () => void, ok: boolean): void {
    if (this.inFlight !== call) return; // dropped meanwhile
    this.inFlight = undefined;
    const outcome: CallOutcome = { action: call.action, latencyMs: 0, ok, end: ok ? 'result' : 'error' };
    this.callObserver?.call(this, outcome);
    this.emit('callDone', outcome);
    settle();
    this.pump();
  }
}
