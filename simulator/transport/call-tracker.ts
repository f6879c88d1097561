/**
 * The station's outgoing CALLs from `call()` until they settle: one in flight, a FIFO behind it, and the
 * offline queue of durable calls that waits for the next connection. Watched by the module-wide sweeper
 * only while a call is in flight, so a call costs no timer; an Error is made only for a call that fails.
 */
import { MessageIds } from './message-ids.js';
import type { EventEmitter } from 'node:events';
import { OcppDisconnectedError, OcppError, OcppTimeoutError, genericCode, isWireCode } from '../protocol/errors.js';
import type { GenericCode } from '../protocol/errors.js';
import { serializeFrame } from '../protocol/frames.js';
import type { JsonObject } from '../protocol/frames.js';
import { validatePayload } from '../protocol/validator.js';
import type { OcppProtocol } from '../protocol/versions.js';
import { SWEEP, watch } from './sweeper.js';
import type { Sweepable } from './sweeper.js';
import type { CallEnd, CallOutcome, PayloadSource, TransportEvents, TransportState } from './types.js';

/** One outgoing CALL from `call()` until it settles. Fixed shape so V8 keeps one hidden class. */
export class PendingCall {
  id = '';
  sentAtMs = 0;
  constructor(
    readonly action: string,
    readonly payload: PayloadSource,
    readonly durable: boolean,
    readonly resolve: (payload: JsonObject) => void,
    readonly reject: (error: Error) => void,
    /** `reject` runs in a microtask (callThen's callbacks, which may call again; a promise's reject defers itself). */
    readonly deferReject = false,
  ) {}
}

/** The link's method that puts a CALL frame on the socket; a symbol, so it stays off the client's public face. */
export const WRITE_CALL = Symbol('writeCall');

/**
 * The client the tracker sends through and reports to. The client itself, not an object of closures: a
 * fleet has thousands of clients, and each closure is memory per connection.
 */
export interface CallLink extends EventEmitter<TransportEvents> {
  readonly state: TransportState;
  /** Called with `this` = the link (OcppTransport's `callObserver`). */
  readonly callObserver: ((outcome: CallOutcome) => void) | undefined;
  [WRITE_CALL](text: string): void;
}

/**
 * The queue of a tracker that has nothing queued: shared by all, since an idle station never queues. Frozen, so a
 * push that forgot to give the queue its own array fails loudly; `queueing` gives it one.
 */
const NOTHING_QUEUED = Object.freeze([]) as readonly PendingCall[] as PendingCall[];

/** `queue` if it is a tracker's own array, else a new one to take its place. */
function queueing(queue: PendingCall[]): PendingCall[] {
  return queue === NOTHING_QUEUED ? [] : queue;
}

export class CallTracker implements Sweepable {
  private readonly messageIds = new MessageIds();
  private inFlight: PendingCall | undefined;
  private deadlineMs = 0;
  private watched = false;
  private sendQueue = NOTHING_QUEUED;
  private offlineQueue = NOTHING_QUEUED;
  private dropped = 0;

  constructor(
    /** Where calls go out and `callDone` and `protocolError` are reported. */
    private readonly link: CallLink,
    private readonly protocol: OcppProtocol,
    private readonly callTimeoutMs: number,
    private readonly offlineQueueLimit: number,
    private readonly validate: boolean,
  ) {}

  get queuedCount(): number {
    return this.offlineQueue.length;
  }

  /** Calls not settled yet: the one in flight, those waiting to be sent and the offline queue. */
  get unsettledCount(): number {
    return (this.inFlight === undefined ? 0 : 1) + this.sendQueue.length + this.offlineQueue.length;
  }

  /** Durable messages dropped because the offline queue was full. */
  get droppedCount(): number {
    return this.dropped;
  }

  /** A new call, given the connection's state now. */
  submit(call: PendingCall, state: TransportState): void {
    if (state !== 'open' || (call.durable && this.offlineQueue.length > 0)) {
      // Durable calls queue behind older durable ones even when online, so order survives a reconnect.
      if (call.durable && state !== 'closed') this.enqueueOffline(call);
      else this.fail(call, new OcppDisconnectedError(call.action), 'Disconnected', 'disconnected');
    } else if (this.inFlight === undefined && this.sendQueue.length === 0) {
      this.send(call);
    } else {
      (this.sendQueue = queueing(this.sendQueue)).push(call);
    }
  }

  /** Sends the durable calls kept while offline, ahead of anything newer. */
  releaseQueue(): void {
    if (this.offlineQueue.length === 0 || this.link.state !== 'open') return;
    // Older than anything waiting in the send queue, so they go first.
    this.sendQueue = this.offlineQueue.concat(this.sendQueue);
    this.offlineQueue = NOTHING_QUEUED;
    this.pump();
  }

  /** Sends the next queued call while none is in flight. */
  pump(): void {
    // The shared empty queue is frozen: shift() would throw on it even with nothing to take.
    while (this.inFlight === undefined && this.link.state === 'open' && this.sendQueue.length > 0) {
      const next = this.sendQueue.shift();
      if (next === undefined) return;
      this.send(next);
    }
  }

  /** Sweeper hook: expires the in-flight call past its deadline; false once nothing is in flight. */
  [SWEEP](nowMs: number): boolean {
    if (this.inFlight !== undefined && nowMs >= this.deadlineMs) {
      const call = this.inFlight;
      this.inFlight = undefined;
      this.fail(call, new OcppTimeoutError(call.action, this.callTimeoutMs), 'Timeout', 'timeout');
      this.pump();
    }
    if (this.inFlight === undefined) this.watched = false;
    return this.watched;
  }

  // --- answers ----------------------------------------------------------------------------------

  onCallResult(id: string, payload: JsonObject, text: string): void {
    const call = this.answered(id, text);
    if (call === undefined) return;
    const violation = this.validate ? validatePayload(this.protocol, call.action, 'conf', payload) : undefined;
    if (violation === undefined) {
      this.succeed(call, payload);
    } else {
      this.link.emit('protocolError', `${call.action} response: ${violation.message}`, text);
      this.fail(call, new OcppError(violation.code, `${call.action} response: ${violation.message}`), violation.code, 'invalid');
    }
    // A next payload built at send time may read this answer (a StopTransaction or MeterValues queued behind its
    // StartTransaction needs the transactionId): send it after the caller's continuation has run, not before.
    if (typeof this.sendQueue[0]?.payload === 'function') queueMicrotask(() => this.pump());
    else this.pump();
  }

  onCallError(id: string, code: string, description: string, details: JsonObject, text: string): void {
    const call = this.inFlight;
    if (call === undefined || call.id !== id) {
      this.link.emit('protocolError', `CALLERROR for unknown message id ${id}`, text);
      return;
    }
    // Still a valid answer, but a conformance run wants to know (e.g. a 2.0.1 spelling sent to a 1.6 station).
    if (!isWireCode(this.protocol, code)) {
      this.link.emit('protocolError', `${code} is not an ${this.protocol} CALLERROR code`, text);
    }
    this.inFlight = undefined;
    const generic = genericCode(code);
    this.fail(call, new OcppError(generic, description, details), generic, 'error', code);
    this.pump();
  }

  /** An unreadable answer with message id `id`: fails the call in flight if it answers that, else nothing. */
  onBrokenAnswer(id: string, code: GenericCode, reason: string): void {
    const call = this.inFlight;
    if (call === undefined || call.id !== id) return;
    this.inFlight = undefined;
    this.fail(call, new OcppError(code, `${call.action} response: ${reason}`), code, 'invalid');
    this.pump();
  }

  /** The connection is gone: durable calls wait for the next connection (at least once, in order), the rest fail. */
  disconnected(): void {
    const keep: PendingCall[] = [];
    const inFlight = this.inFlight;
    this.inFlight = undefined;
    const queued = this.sendQueue;
    this.sendQueue = NOTHING_QUEUED;
    for (const call of inFlight === undefined ? queued : [inFlight, ...queued]) {
      if (call.durable) keep.push(call);
      else this.fail(call, new OcppDisconnectedError(call.action), 'Disconnected', 'disconnected');
    }
    if (keep.length === 0) return;
    this.offlineQueue = keep.concat(this.offlineQueue);
    while (this.offlineQueue.length > this.offlineQueueLimit) this.dropOldest();
  }

  failAll(): void {
    const calls = [...(this.inFlight === undefined ? [] : [this.inFlight]), ...this.sendQueue, ...this.offlineQueue];
    this.inFlight = undefined;
    this.sendQueue = NOTHING_QUEUED;
    this.offlineQueue = NOTHING_QUEUED;
    for (const call of calls) this.fail(call, new OcppDisconnectedError(call.action), 'Disconnected', 'disconnected');
  }

  // --- internals --------------------------------------------------------------------------------

  /** Sends `call` now; a payload that cannot be built or is invalid fails the call without sending. */
  private send(call: PendingCall): void {
    let payload: JsonObject;
    try {
      payload = typeof call.payload === 'function' ? call.payload() : call.payload;
    } catch (error) {
      this.fail(call, error instanceof Error ? error : new Error(String(error)), 'InternalError', 'unsent');
      return;
    }
    if (this.validate) {
      const violation = validatePayload(this.protocol, call.action, 'req', payload);
      if (violation !== undefined) {
        this.fail(call, new OcppError(violation.code, `${call.action} request: ${violation.message}`), violation.code, 'unsent');
        return;
      }
    }
    // A durable call replayed after a lost connection keeps its message id: the CSMS can tell the retry from a new message.
    const id = call.id === '' ? this.messageIds.next() : call.id;
    const text = serializeFrame([2, id, call.action, payload]);
    call.id = id;
    call.sentAtMs = performance.now();
    this.inFlight = call;
    this.deadlineMs = call.sentAtMs + this.callTimeoutMs;
    if (!this.watched) {
      this.watched = true;
      watch(this, this.callTimeoutMs);
    }
    this.link[WRITE_CALL](text);
  }

  /** The call in flight if `id` answers it, taken off; else reports the stray answer. */
  private answered(id: string, text: string): PendingCall | undefined {
    const call = this.inFlight;
    if (call === undefined || call.id !== id) {
      this.link.emit('protocolError', `CALLRESULT for unknown message id ${id}`, text);
      return undefined;
    }
    this.inFlight = undefined;
    return call;
  }

  private enqueueOffline(call: PendingCall): void {
    (this.offlineQueue = queueing(this.offlineQueue)).push(call);
    if (this.offlineQueue.length > this.offlineQueueLimit) this.dropOldest();
  }

  private dropOldest(): void {
    const oldest = this.offlineQueue.shift() as PendingCall;
    this.dropped += 1;
    this.fail(oldest, new OcppDisconnectedError(oldest.action), 'Disconnected', 'unsent');
  }

  private succeed(call: PendingCall, payload: JsonObject): void {
    const observer = this.link.callObserver;
    const listened = this.link.listenerCount('callDone') > 0;
    if (observer !== undefined || listened) {
      this.report({ action: call.action, latencyMs: performance.now() - call.sentAtMs, ok: true, end: 'result' }, observer, listened);
    }
    call.resolve(payload);
  }

  private report(outcome: CallOutcome, observer: CallLink['callObserver'], listened: boolean): void {
    observer?.call(this.link, outcome);
    if (listened) this.link.emit('callDone', outcome);
  }

  /**
   * Latency is 0 for a call that never went out; a call cut by the connection's end is `unsent` unless it was
   * on the wire. `wireCode`: a CALLERROR's code as the peer spelled it.
   */
  private fail(call: PendingCall, error: Error, errorCode: string, end: CallEnd, wireCode?: string): void {
    const observer = this.link.callObserver;
    const listened = this.link.listenerCount('callDone') > 0;
    if (observer !== undefined || listened) {
      const sent = call.sentAtMs !== 0;
      const latencyMs = sent ? performance.now() - call.sentAtMs : 0;
      const how: CallEnd = sent || end !== 'disconnected' ? end : 'unsent';
      this.report({ action: call.action, latencyMs, ok: false, end: how, errorCode, ...(wireCode !== undefined && { wireCode }) }, observer, listened);
    }
    if (call.deferReject) queueMicrotask(() => call.reject(error));
    else call.reject(error);
  }
}
