/**
 * OCPP-J calls over one connection, without k6: one CALL in flight at a time (OCPP-J §4.1.1; the strict CSMS's
 * concurrent-call rule), the rest queued in order; answers matched by message id and timed; a CALL from the CSMS
 * answered with NotImplemented (the k6 station only sends). Time is passed in, never read.
 */
import { wireCode } from '../../../simulator/protocol/errors.js';
import { parseFrame, serializeFrame, type JsonObject } from '../../../simulator/protocol/frames.js';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';

export type CallOutcome = { kind: 'result'; payload: JsonObject } | { kind: 'error'; code: string; description: string } | { kind: 'timeout' };

/** One finished call, for the `ocpp_call_duration` Trend and the error Rate. */
export interface CallRecord {
  action: string;
  ms: number;
  outcome: CallOutcome['kind'];
}

export interface CallQueueOptions {
  protocol: OcppProtocol;
  send(text: string): void;
  /** Real ms a call may wait for its answer. */
  timeoutMs: number;
  onCall(record: CallRecord): void;
  /** Something the CSMS sent that is not a well-formed answer to the call in flight. */
  onProblem(message: string): void;
}

interface Queued {
  action: string;
  payload: JsonObject;
  then: ((outcome: CallOutcome, nowMs: number) => void) | undefined;
}

interface InFlight extends Queued {
  id: string;
  sentAtMs: number;
}

export class CallQueue {
  private nextId = 1;
  private readonly queue: Queued[] = [];
  private inFlight: InFlight | undefined;

  constructor(private readonly options: CallQueueOptions) {}

  /** Queues a CALL; `then` runs with its answer (or timeout) and the time it came. Sent at once when nothing is in flight. */
  call(action: string, payload: JsonObject, nowMs: number, then?: (outcome: CallOutcome, nowMs: number) => void): void {
    this.queue.push({ action, payload, then });
    this.pump(nowMs);
  }

  /** Nothing queued and nothing waiting for an answer. */
  get idle(): boolean {
    return this.inFlight === undefined && this.queue.length === 0;
  }

  /** Calls sent or queued and not answered yet. */
  get outstanding(): number {
    return this.queue.length + (this.inFlight === undefined ? 0 : 1);
  }

  receive(text: string, nowMs: number): void {
    const parsed = parseFrame(text);
    if (!parsed.ok) {
      this.options.onProblem(`unreadable frame from the CSMS: ${parsed.reason}`);
      return;
    }
    const frame = parsed.frame;
    if (frame[0] === 2) {
      const description = `the k6 station does not handle ${frame[2]}`;
      this.options.send(serializeFrame([4, frame[1], wireCode(this.options.protocol, 'NotImplemented'), description, {}]));
      return;
    }
    const call = this.inFlight;
    if (call === undefined || call.id !== frame[1]) {
      this.options.onProblem(`an answer to message ${frame[1]}, which is not the call in flight (${call === undefined ? 'none' : call.id})`);
      return;
    }
    const outcome: CallOutcome = frame[0] === 3 ? { kind: 'result', payload: frame[2] } : { kind: 'error', code: frame[2], description: frame[3] };
    this.finish(call, outcome, nowMs);
  }

  /** Times out the call in flight once its time is up. */
  tick(nowMs: number): void {
    const call = this.inFlight;
    if (call !== undefined && nowMs - call.sentAtMs >= this.options.timeoutMs) this.finish(call, { kind: 'timeout' }, nowMs);
  }

  /** Forgets every call (the connection is gone); their callbacks never run. */
  clear(): void {
    this.queue.length = 0;
    this.inFlight = undefined;
  }

  private finish(call: InFlight, outcome: CallOutcome, nowMs: number): void {
    this.inFlight = undefined;
    this.options.onCall({ action: call.action, ms: nowMs - call.sentAtMs, outcome: outcome.kind });
    call.then?.(outcome, nowMs);
    this.pump(nowMs);
  }

  private pump(nowMs: number): void {
    if (this.inFlight !== undefined) return;
    const next = this.queue.shift();
    if (next === undefined) return;
    const id = String(this.nextId++);
    this.inFlight = { ...next, id, sentAtMs: nowMs };
    this.options.send(serializeFrame([2, id, next.action, next.payload]));
  }
}
