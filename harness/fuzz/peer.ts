/**
 * A bare OCPP-J peer for the fuzzer: sends any bytes as text or binary frames, keeps every frame the CSMS
 * sends, and says how the connection ended. No OCPP library between the fuzzer and the wire, so nothing
 * cleans up what it sends or reads.
 */
import WebSocket from 'ws';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';

export interface Received {
  /** performance.now() on arrival. */
  atMs: number;
  text: string;
  /** The parsed frame when the text is a JSON array. */
  frame: unknown[] | undefined;
}

interface Waiter {
  match: (received: Received) => boolean;
  resolve: (received: Received | undefined) => void;
  timer: NodeJS.Timeout;
}

export class FuzzPeer {
  readonly received: Received[] = [];
  /** Close code when the socket closed; `closedByUs` tells whose idea it was. */
  closeCode: number | undefined;
  closedByUs = false;
  private readonly waiters = new Set<Waiter>();
  private readonly closeWaiters: (() => void)[] = [];

  private constructor(
    readonly stationId: string,
    readonly ws: WebSocket,
  ) {
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('close', (code) => {
      this.closeCode = code;
      for (const waiter of [...this.waiters]) this.settle(waiter, undefined);
      for (const done of this.closeWaiters.splice(0)) done();
    });
    // A failed socket is followed by 'close'; listening keeps ws from throwing.
    ws.on('error', () => {});
  }

  /** Opens `${baseUrl}/${stationId}` offering `protocol`; rejects when the handshake fails or takes longer than `timeoutMs`. */
  static open(baseUrl: string, stationId: string, protocol: OcppProtocol, timeoutMs: number, maxPayload = 64 * 1024 * 1024): Promise<FuzzPeer> {
    const ws = new WebSocket(`${baseUrl}/${encodeURIComponent(stationId)}`, [protocol], { handshakeTimeout: timeoutMs, perMessageDeflate: false, maxPayload });
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(new Error(`connect ${stationId}: ${error.message}`));
      ws.once('error', onError);
      ws.once('unexpected-response', (_req, res) => {
        res.resume();
        ws.terminate();
        reject(new Error(`connect ${stationId}: HTTP ${res.statusCode ?? '?'}`));
      });
      ws.once('open', () => {
        ws.off('error', onError);
        if (ws.protocol !== protocol) {
          ws.terminate();
          reject(new Error(`connect ${stationId}: the CSMS chose subprotocol ${JSON.stringify(ws.protocol)}, not ${protocol}`));
          return;
        }
        resolve(new FuzzPeer(stationId, ws));
      });
    });
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Called for every counted frame sent (the fuzzer counts hostile frames, not its own boots and sentinels). */
  onSend: (() => void) | undefined;

  send(data: string | Buffer, options: { binary?: boolean; counted?: boolean } = {}): void {
    if (!this.open) return;
    this.ws.send(data, { binary: options.binary === true });
    if (options.counted !== false) this.onSend?.();
  }

  /** The next frame from now on that matches, or undefined after `timeoutMs` or when the socket closes. */
  next(match: (received: Received) => boolean, timeoutMs: number): Promise<Received | undefined> {
    if (!this.open) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiter: Waiter = { match, resolve, timer: setTimeout(() => this.settle(waiter, undefined), timeoutMs) };
      this.waiters.add(waiter);
    });
  }

  /** Resolves once the socket is closed (at once if it is). */
  closed(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => this.closeWaiters.push(resolve));
  }

  /** Stops reading from the TCP socket (the peer's writes pile up), or starts again. */
  pauseReading(): void {
    (this.ws as unknown as { _socket?: { pause(): void } })._socket?.pause();
  }

  resumeReading(): void {
    (this.ws as unknown as { _socket?: { resume(): void } })._socket?.resume();
  }

  /** Cuts the socket without a close handshake (a network loss, as the CSMS sees it). */
  terminate(): void {
    this.closedByUs = true;
    this.ws.terminate();
  }

  /** Closes with a handshake, or cuts the socket after `graceMs` if the CSMS does not answer it. */
  async close(graceMs = 1_000): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.closedByUs = true;
    const done = this.closed();
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(1000);
    else this.ws.terminate();
    const timer = setTimeout(() => this.ws.terminate(), graceMs);
    await done;
    clearTimeout(timer);
  }

  private onMessage(data: WebSocket.RawData, _isBinary: boolean): void {
    const text = String(data);
    let frame: unknown[] | undefined;
    try {
      const value: unknown = JSON.parse(text);
      frame = Array.isArray(value) ? value : undefined;
    } catch {
      frame = undefined;
    }
    const received = { atMs: performance.now(), text, frame };
    this.received.push(received);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(received)) this.settle(waiter, received);
    }
  }

  private settle(waiter: Waiter, received: Received | undefined): void {
    if (!this.waiters.delete(waiter)) return;
    clearTimeout(waiter.timer);
    waiter.resolve(received);
  }
}
