/**
 * The conformance test station: a raw OCPP-J client on `ws` that the case drives frame by frame. It sends exactly
 * the frame a case gives it, keeps every frame both ways with its time, and checks every CSMS frame as it arrives:
 * the payload against the official schema of its version (simulator/protocol/validator.ts), the CALLERROR code
 * against the version's spelling, and that a CALLRESULT answers a CALL the station actually has open.
 */
import WebSocket from 'ws';
import { isWireCode } from '../../simulator/protocol/errors.js';
import { parseFrame, type JsonObject } from '../../simulator/protocol/frames.js';
import { validatePayload } from '../../simulator/protocol/validator.js';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import { CaseFailure, type CapturedFrame } from './types.js';

export interface StationOptions {
  /** CSMS endpoint base; the station connects to `${url}/${stationId}`. */
  url: string;
  stationId: string;
  protocol: OcppProtocol;
  /** How long the WebSocket handshake may take. */
  connectTimeoutMs: number;
  /** How long the CSMS has to answer a CALL, and to send a CALL a case waits for. */
  callTimeoutMs: number;
}

/** A CALL the CSMS sent, not yet answered by the case. */
export interface IncomingCall {
  messageId: string;
  action: string;
  payload: JsonObject;
  text: string;
}

export interface CallErrorAnswer {
  code: string;
  description: string;
  text: string;
}

interface Pending {
  action: string;
  resolve: (answer: { payload: JsonObject; text: string } | { error: CallErrorAnswer }) => void;
  reject: (error: Error) => void;
}

export class TestStation {
  readonly frames: CapturedFrame[] = [];
  /** The first rule the CSMS broke on this connection, whatever the case was waiting for at the time. */
  protocolFailure: CaseFailure | undefined;
  private readonly pending = new Map<string, Pending>();
  /** Calls that timed out: their late answers are not "unknown message ids". */
  private readonly timedOut = new Set<string>();
  private readonly inbox: IncomingCall[] = [];
  private inboxWaiter: (() => void) | undefined;
  private nextId = 1;
  private closed = false;
  private readonly idPrefix = `cd${Date.now().toString(36)}`;

  private constructor(
    private readonly ws: WebSocket,
    readonly options: StationOptions,
  ) {
    ws.on('message', (data) => this.receive(data.toString()));
    ws.on('close', () => {
      this.closed = true;
      for (const [, p] of this.pending) p.reject(new CaseFailure('timeout', 'the CSMS closed the connection'));
      this.pending.clear();
      this.inboxWaiter?.();
    });
  }

  get protocol(): OcppProtocol {
    return this.options.protocol;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Opens the connection; rejects with a one-line reason when the CSMS cannot be reached or refuses. */
  static connect(options: StationOptions): Promise<TestStation> {
    const target = `${options.url.replace(/\/+$/, '')}/${encodeURIComponent(options.stationId)}`;
    return new Promise((resolve, reject) => {
      let ws: WebSocket;
      try {
        ws = new WebSocket(target, [options.protocol], { handshakeTimeout: options.connectTimeoutMs });
      } catch (error) {
        reject(new Error(`cannot connect to ${target}: ${(error as Error).message}`));
        return;
      }
      ws.once('open', () => {
        if (ws.protocol !== options.protocol) {
          ws.close();
          reject(new Error(`the CSMS at ${target} did not select subprotocol ${options.protocol} (got ${JSON.stringify(ws.protocol)})`));
          return;
        }
        resolve(new TestStation(ws, options));
      });
      ws.once('unexpected-response', (_req, res) => {
        reject(new Error(`the CSMS at ${target} refused the WebSocket upgrade with HTTP ${res.statusCode ?? '?'}`));
        ws.terminate();
      });
      ws.once('error', (error) => reject(new Error(`cannot connect to ${target}: ${error.message}`)));
    });
  }

  /** Sends a CALL and returns the CALLRESULT payload; a CALLERROR, a timeout or a broken rule FAILs the case. */
  async call(action: string, payload: JsonObject): Promise<JsonObject> {
    const answer = await this.callAny(action, payload);
    if ('error' in answer) {
      throw new CaseFailure('unexpected-callerror', `${action} was answered with CALLERROR ${answer.error.code}: ${answer.error.description}`, answer.error.text);
    }
    return answer.payload;
  }

  /** Sends a CALL (or `rawText` as it is, under the given id) and returns whichever answer comes. */
  callAny(action: string, payload: JsonObject, rawText?: (messageId: string) => string): Promise<{ payload: JsonObject; text: string } | { error: CallErrorAnswer }> {
    if (this.closed) return Promise.reject(new CaseFailure('timeout', `cannot send ${action}: the CSMS closed the connection`));
    const messageId = `${this.idPrefix}-${this.nextId++}`;
    const text = rawText ? rawText(messageId) : JSON.stringify([2, messageId, action, payload]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(messageId);
        this.timedOut.add(messageId);
        reject(new CaseFailure('timeout', `the CSMS did not answer ${action} within ${this.options.callTimeoutMs} ms`));
      }, this.options.callTimeoutMs);
      this.pending.set(messageId, {
        action,
        resolve: (answer) => {
          clearTimeout(timer);
          resolve(answer);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.send(text);
    });
  }

  /** Waits for the CSMS to send a CALL of `action` (calls of other actions that come first are kept for later). */
  async expectCall(action: string, timeoutMs = this.options.callTimeoutMs): Promise<IncomingCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.inbox.findIndex((c) => c.action === action);
      if (index >= 0) return this.inbox.splice(index, 1)[0]!;
      const left = deadline - Date.now();
      if (left <= 0 || this.closed) {
        const other = this.inbox.map((c) => c.action);
        throw new CaseFailure('timeout', `the CSMS did not send ${action} within ${timeoutMs} ms${other.length ? ` (it sent ${other.join(', ')})` : ''}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.inboxWaiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  reply(call: IncomingCall, payload: JsonObject): void {
    this.send(JSON.stringify([3, call.messageId, payload]));
  }

  replyError(call: IncomingCall, code: string, description: string): void {
    this.send(JSON.stringify([4, call.messageId, code, description, {}]));
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.ws.terminate();
        resolve();
      }, 1000);
      this.ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.ws.close(1000);
    });
  }

  private send(text: string): void {
    this.frames.push({ at: new Date().toISOString(), direction: 'station->csms', text });
    this.ws.send(text);
  }

  private receive(text: string): void {
    this.frames.push({ at: new Date().toISOString(), direction: 'csms->station', text });
    const parsed = parseFrame(text);
    if (!parsed.ok) return this.broke(new CaseFailure('schema-invalid', `the CSMS sent a frame that is not OCPP-J: ${parsed.reason}`, text));
    const frame = parsed.frame;
    if (frame[0] === 2) {
      const [, messageId, action, payload] = frame;
      const violation = validatePayload(this.protocol, action, 'req', payload);
      if (violation) this.broke(new CaseFailure('schema-invalid', `${action} request breaks the ${this.protocol} schema: ${violation.message}`, text));
      this.inbox.push({ messageId, action, payload, text });
      this.inboxWaiter?.();
      return;
    }
    const messageId = frame[1];
    const pending = this.pending.get(messageId);
    if (!pending) {
      if (this.timedOut.has(messageId)) return;
      return this.broke(new CaseFailure('wrong-message-id', `the CSMS answered message id ${JSON.stringify(messageId)}, which the station never sent or already had answered`, text));
    }
    this.pending.delete(messageId);
    if (frame[0] === 3) {
      const violation = validatePayload(this.protocol, pending.action, 'conf', frame[2]);
      if (violation) {
        const failure = new CaseFailure('schema-invalid', `${pending.action} answer breaks the ${this.protocol} schema: ${violation.message}`, text);
        this.broke(failure);
        return pending.reject(failure);
      }
      return pending.resolve({ payload: frame[2], text });
    }
    const [, , code, description] = frame;
    if (!isWireCode(this.protocol, code)) {
      const failure = new CaseFailure('wrong-error-code', `CALLERROR code ${JSON.stringify(code)} does not exist in ${this.protocol}`, text);
      this.broke(failure);
      return pending.reject(failure);
    }
    pending.resolve({ error: { code, description, text } });
  }

  private broke(failure: CaseFailure): void {
    this.protocolFailure ??= failure;
  }
}
