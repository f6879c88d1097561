/**
 * What the transport hands `ws` for each socket of a client: built once per client, and one frozen object shared
 * by every client with no options of its own (source address, password, TLS, payload limit), as ws copies them.
 */
import type WebSocket from 'ws';
import { TRANSPORT_DEFAULTS } from './defaults.js';
import type { TransportOptions } from './types.js';

/** No `handshakeTimeout`: the TCP socket would keep ws's cleared timer for life; the client's sweep keeps the deadline. */
const PLAIN_SOCKET_OPTIONS: WebSocket.ClientOptions = Object.freeze({ perMessageDeflate: false, maxPayload: TRANSPORT_DEFAULTS.maxPayloadBytes });

/** Station identity: the last path segment of the URL, also the Basic auth username. */
export function stationIdOf(url: URL): string {
  return decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? '');
}

export function socketOptionsOf(options: TransportOptions, url: URL): WebSocket.ClientOptions {
  const plain = options.localAddress === undefined && options.password === undefined && options.tls === undefined && options.maxPayloadBytes === undefined;
  if (plain) return PLAIN_SOCKET_OPTIONS;
  const socketOptions: WebSocket.ClientOptions = { ...PLAIN_SOCKET_OPTIONS, maxPayload: options.maxPayloadBytes ?? TRANSPORT_DEFAULTS.maxPayloadBytes };
  if (options.localAddress !== undefined) socketOptions.localAddress = options.localAddress;
  if (options.password !== undefined) {
    // A 1.6 AuthorizationKey is binary: the header carries its bytes, not their hex spelling.
    const credentials = Buffer.concat([Buffer.from(`${stationIdOf(url)}:`), Buffer.from(options.password)]).toString('base64');
    socketOptions.headers = { Authorization: `Basic ${credentials}` };
  }
  // Security profiles 2-3: ws passes these to tls.connect; TLS 1.2 is the floor (A00.FR.313).
  if (options.tls !== undefined) Object.assign(socketOptions, { ...options.tls, minVersion: 'TLSv1.2' });
  return socketOptions;
}
