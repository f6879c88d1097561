/**
 * A bare OCPP-J peer on `ws` for CSMS tests: sends any text (well-formed or not), waits for
 * specific frames, and answers the CSMS's calls. No library between the test and the wire.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

export type Frame = unknown[];

interface Waiter {
  match: (frame: Frame) => boolean;
  resolve: (frame: Frame) => void;
}

export class RawStation {
  readonly frames: Frame[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly callHandlers = new Map<string, (payload: Record<string, unknown>) => Record<string, unknown>>();

  private constructor(
    readonly id: string,
    readonly ws: WebSocket,
  ) {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      this.frames.push(frame);
      if (frame[0] === 2) this.answer(frame);
      for (const w of [...this.waiters]) {
        if (!w.match(frame)) continue;
        this.waiters.delete(w);
        w.resolve(frame);
      }
    });
  }

  static connect(ocppUrl: string, id: string, protocol: 'ocpp1.6' | 'ocpp2.0.1'): Promise<RawStation> {
    const ws = new WebSocket(`${ocppUrl}/${encodeURIComponent(id)}`, [protocol]);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new RawStation(id, ws)));
      ws.once('error', reject);
    });
  }

  /** Sends a text exactly as given. */
  sendRaw(text: string): void {
    this.ws.send(text);
  }

  /** Resolves with the next received frame matching `match` (frames already received don't count). */
  next(match: (frame: Frame) => boolean): Promise<Frame> {
    return new Promise((resolve) => this.waiters.add({ match, resolve }));
  }

  /** Resolves with the CALLRESULT or CALLERROR answering `messageId`. */
  answerTo(messageId: string): Promise<Frame> {
    return this.next((f) => (f[0] === 3 || f[0] === 4) && f[1] === messageId);
  }

  /** Sends a CALL and resolves with its answer frame. */
  async call(action: string, payload: unknown, messageId: string = randomUUID()): Promise<Frame> {
    const answer = this.answerTo(messageId);
    this.sendRaw(JSON.stringify([2, messageId, action, payload]));
    return answer;
  }

  /** Answers the CSMS's CALLs of `action` with `reply(payload)`. */
  onCall(action: string, reply: (payload: Record<string, unknown>) => Record<string, unknown>): void {
    this.callHandlers.set(action, reply);
  }

  /** Resolves with the close code once the CSMS closes the socket. */
  closed(): Promise<number> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve(-1);
    return new Promise((resolve) => this.ws.once('close', (code) => resolve(code)));
  }

  close(): Promise<number> {
    const done = this.closed();
    this.ws.close();
    return done;
  }

  private answer(frame: Frame): void {
    const reply = this.callHandlers.get(frame[2] as string);
    if (reply) this.ws.send(JSON.stringify([3, frame[1], reply(frame[3] as Record<string, unknown>)]));
  }
}

export const boot16 = { chargePointVendor: 'Acme', chargePointModel: 'AC22', firmwareVersion: '1.0.0' };
export const boot201 = { reason: 'PowerUp', chargingStation: { vendorName: 'Acme', model: 'DC150', firmwareVersion: '2.0.0' } };
