/**
 * `localPort`: the first connection is bound to the port given (no search by the kernel); later ones, and a retry
 * after the port turned out to be taken, let the kernel choose. Real sockets on loopback; the server side reads the
 * station's port as its remote port.
 */
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { WsOcppClient } from '../../../simulator/transport/ws-client.js';
import { freePort } from '../../support/free-port.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A WebSocket server that records the remote port of every connection it accepts. */
async function portRecordingServer(): Promise<{ url: string; ports: number[]; accepted: () => Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'ocpp1.6' });
  await once(wss, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => wss.close(() => resolve())));
  const ports: number[] = [];
  wss.on('connection', (socket, request: IncomingMessage) => {
    ports.push(request.socket.remotePort as number);
    cleanups.push(() => socket.terminate());
  });
  return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ocpp/CP1`, ports, accepted: async () => void (await once(wss, 'connection')) };
}

/** A port of 127.0.0.1 held by a listener for the test's length: bind() to it must fail. */
async function takenPort(): Promise<number> {
  const server: Server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}


function client(url: string, localPort: number): WsOcppClient {
  const transport = new WsOcppClient({ url, protocol: 'ocpp1.6', localAddress: '127.0.0.1', localPort, reconnectBaseMs: 10, reconnectMaxMs: 20 });
  cleanups.push(() => transport.close());
  return transport;
}

describe('the local port of the first connection', () => {
  it('connects from the port given first, and lets the kernel choose the next time', async () => {
    const server = await portRecordingServer();
    const port = await freePort();
    const transport = client(server.url, port);

    await transport.connect();
    expect(server.ports).toEqual([port]);

    const closed = once(transport, 'close');
    transport.drop({ reconnect: false });
    await closed;
    // Held by a listener now: a second connection that asked for it again would fail with EADDRINUSE first.
    const held = createServer();
    held.listen(port, '127.0.0.1');
    await once(held, 'listening');
    cleanups.push(() => new Promise<void>((resolve) => held.close(() => resolve())));
    const failures: unknown[] = [];
    transport.on('connectFailed', (failure) => failures.push(failure.error));
    await transport.connect();
    expect(failures).toEqual([]);
    expect(server.ports).toHaveLength(2);
    expect(server.ports[1]).not.toBe(port);
  });

  it('retries a port that is taken with one the kernel chooses', async () => {
    const server = await portRecordingServer();
    const port = await takenPort();
    const transport = client(server.url, port);
    const failures: string[] = [];
    transport.on('connectFailed', (failure) => failures.push(String((failure.error as { code?: unknown }).code)));

    await transport.connect();
    expect(failures).toEqual(['EADDRINUSE']);
    expect(server.ports).toHaveLength(1);
    expect(server.ports[0]).not.toBe(port);
  });
});
