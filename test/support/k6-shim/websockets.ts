/**
 * k6/websockets under Node, on `ws`: the event-handler API the k6 scripts use (onopen, onmessage, onerror, onclose,
 * send, close). As in k6, the subprotocol is asked for with a Sec-WebSocket-Protocol header in `params.headers`.
 */
import NodeWebSocket from 'ws';
import { shimState } from './state.js';

interface Params {
  headers?: Record<string, string>;
}

export class WebSocket {
  onopen: () => void = () => {};
  onmessage: (event: { data: string; type: 'message'; timestamp: number }) => void = () => {};
  onerror: (event: { type: 'error'; error: string; timestamp: number }) => void = () => {};
  onclose: () => void = () => {};
  private readonly socket: NodeWebSocket;

  constructor(url: string, _protocols?: null, params?: Params | null) {
    const headers = { ...params?.headers };
    const requested = headers['Sec-WebSocket-Protocol'];
    delete headers['Sec-WebSocket-Protocol'];
    const protocols = requested === undefined ? [] : requested.split(',').map((p) => p.trim());
    this.socket = new NodeWebSocket(url, protocols, { headers });
    const state = shimState();
    state.sockets.add(this);
    state.opened++;
    this.socket.on('open', () => this.onopen());
    this.socket.on('message', (data, isBinary) => {
      if (!isBinary) this.onmessage({ data: String(data), type: 'message', timestamp: Date.now() });
    });
    this.socket.on('error', (error) => this.onerror({ type: 'error', error: error.message, timestamp: Date.now() }));
    this.socket.on('close', () => {
      state.sockets.delete(this);
      this.onclose();
    });
  }

  get readyState(): number {
    return this.socket.readyState;
  }

  send(data: string): void {
    this.socket.send(data);
  }

  close(code?: number, reason?: string): void {
    if (this.socket.readyState === NodeWebSocket.CONNECTING) this.socket.terminate();
    else this.socket.close(code ?? 1000, reason);
  }
}
