/**
 * The parts of ocpp-rpc's server-side client the CSMS uses, typed narrowly (the package's own
 * declarations are loose). Event shapes are those emitted by ocpp-rpc 2.2 `lib/client.js`.
 */
import type { EventEmitter } from 'node:events';

export interface RpcCall {
  messageId: string;
  method: string;
  params: unknown;
}

export interface RpcHandshake {
  remoteAddress: string | undefined;
  identity: string;
  protocols: Set<string>;
  endpoint: string;
  /** The Basic auth password when the header's username is the identity (ocpp-rpc leaves it out otherwise). */
  password?: Buffer;
  headers: Record<string, string | string[] | undefined>;
  /** The upgrade request; its socket is a TLSSocket on a TLS listener. */
  request: { socket: unknown };
}

export interface RpcServerClient extends EventEmitter {
  readonly identity: string;
  readonly protocol: string | undefined;
  readonly handshake: RpcHandshake;
  /** 1 = OPEN (ws readyState numbering). */
  readonly state: number;
  handle(method: string, handler: (call: RpcCall) => unknown): void;
  call(method: string, params: unknown, options?: { callTimeoutMs?: number }): Promise<unknown>;
  /** Every outbound frame goes through here; the CSMS wraps it to correct 1.6 error spellings. */
  sendRaw(message: string): void;
  close(options?: { code?: number; reason?: string; force?: boolean }): Promise<unknown>;
}

/** `call` / `response` events: the parsed frame array, emitted just before an outbound frame is sent. */
export interface RpcFrameEvent {
  outbound: boolean;
  payload: unknown[];
}

export interface RpcBadMessageEvent {
  buffer: Buffer | string;
  error: Error & { rpcErrorCode?: string };
  /** The CALLERROR ocpp-rpc is about to send, or null when it will not answer (bad CALLRESULT/CALLERROR). */
  response: unknown[] | null;
}

export interface RpcValidationFailureEvent {
  messageId: string;
  method: string;
  outbound: boolean;
  isCall: boolean;
  error: Error & { rpcErrorCode?: string };
}
