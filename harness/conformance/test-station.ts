/**
 * The conformance test station: a raw OCPP-J client on `ws` that the case drives frame by frame. It sends exactly
 * the frame a case gives it, keeps every frame both ways with its time, and checks every CSMS frame as it arrives:
 * the payload against the official schema of its version (simulator/protocol/validator.ts), the CALLERROR code
 * against the version's spelling, and that a CALLRESULT answers a CALL the station actually has open.
 */
import type { TLSSocket } from 'node:tls';
import WebSocket, { type ClientOptions } from 'ws';
import { isWireCode } from '../../simulator/protocol/errors.js';
import { parseFrame, type JsonObject } from '../../simulator/protocol/frames.js';
import { validatePayload } from '../../simulator/protocol/validator.js';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import { describeConnectFailure } from '../../simulator/transport/connect-failure.js';
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
  /** What the station proves itself with (security profiles 1-3); none: profile 0. */
  credentials?: StationCredentials;
}

/** Basic auth (profiles 1-2) and TLS material (2-3): the CA the CSMS certificate must chain to, the client certificate (3). */
export interface StationCredentials {
  basicAuth?: { username: string; password: Buffer };
  tls?: { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer };
}

/** Why the WebSocket did not open: the CSMS answered the upgrade with an HTTP status, TLS failed, or the network did. */
export class ConnectError extends Error {
  override readonly name = 'ConnectError';
  constructor(
    readonly kind: 'http' | 'tls' | 'network' | 'subprotocol',
    message: string,
    readonly status?: number,
    /** Node's or OpenSSL's error code, e.g. UNABLE_TO_VERIFY_LEAF_SIGNATURE. */
    readonly code?: string,
  ) {
    super(message);
  }
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
    /** The TLS version negotiated (e.g. TLSv1.3); undefined on plain ws. */
    readonly tlsVersion: string | undefined,
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

  /** Opens the connection; rejects with a ConnectError, one line, when the CSMS cannot be reached or refuses. */
  static connect(options: StationOptions): Promise<TestStation> {
    const target = `${options.url.replace(/\/+$/, '')}/${encodeURIComponent(options.stationId)}`;
    return new Promise((resolve, reject) => {
      let ws: WebSocket;
      let tlsVersion: string | undefined;
      try {
        ws = new WebSocket(target, [options.protocol], { handshakeTimeout: options.connectTimeoutMs, ...socketOptions(options.credentials) });
      } catch (error) {
        reject(new ConnectError('network', `cannot connect to ${target}: ${(error as Error).message}`));
        return;
      }
      ws.once('upgrade', (res) => {
        const socket = res.socket as Partial<TLSSocket>;
        tlsVersion = typeof socket.getProtocol === 'function' ? (socket.getProtocol() ?? undefined) : undefined;
      });
      ws.once('open', () => {
        if (ws.protocol !== options.protocol) {
          ws.close();
          reject(new ConnectError('subprotocol', `the CSMS at ${target} did not select subprotocol ${options.protocol} (got ${JSON.stringify(ws.protocol)})`));
          return;
        }
        resolve(new TestStation(ws, options, tlsVersion));
      });
      ws.once('unexpected-response', (_req, res) => {
        const status = res.statusCode ?? 0;
        reject(new ConnectError('http', `the CSMS at ${target} refused the WebSocket upgrade with HTTP ${status || '?'}`, status));
        ws.terminate();
      });
      ws.once('error', (error: Error & { code?: string }) => {
        const { kind, reason } = describeConnectFailure(error, undefined, target);
        reject(new ConnectError(kind === 'tls' ? 'tls' : 'network', `cannot connect to ${target}: ${reason}`, undefined, error.code));
      });
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

/** Basic auth header and TLS options; TLS 1.2 is the floor a station may offer (A00.FR.313). */
function socketOptions(credentials: StationCredentials | undefined): ClientOptions {
  const options: ClientOptions = {};
  const auth = credentials?.basicAuth;
  if (auth !== undefined) {
    // A 1.6 AuthorizationKey is binary: the header carries its bytes as they are.
    const encoded = Buffer.concat([Buffer.from(`${auth.username}:`), auth.password]).toString('base64');
    options.headers = { Authorization: `Basic ${encoded}` };
  }
  if (credentials?.tls !== undefined) Object.assign(options, credentials.tls, { minVersion: 'TLSv1.2' });
  return options;
}
