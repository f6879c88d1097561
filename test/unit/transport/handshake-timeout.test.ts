/**
 * The handshake deadline: kept by the module-wide sweeper, not by a timer on the socket. An attempt whose TCP
 * connect, TLS or upgrade goes unanswered fails as `timeout` once the deadline passes, and the client retries with
 * backoff; an open socket holds no timer and the deadline no longer touches it. Real sockets on loopback.
 */
import dc from 'node:diagnostics_channel';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectFailureReason } from '../../../simulator/transport/connect-failure.js';
import { TRANSPORT_DEFAULTS } from '../../../simulator/transport/defaults.js';
import type { TransportOptions } from '../../../simulator/transport/types.js';
import { WsOcppClient } from '../../../simulator/transport/ws-client.js';
import { watchLoopLag } from '../../support/loop-lag.js';
import { ScriptedServer, nextEvent, record } from './helpers.js';
import { freePort } from '../../support/free-port.js';

const HANDSHAKE_TIMEOUT_MS = 100;
/** The sweeper runs every tenth of the shortest timeout it watches (capped), so a deadline is seen at most one period late. */
const SWEEP_EVERY_MS = Math.min(TRANSPORT_DEFAULTS.sweepMaxIntervalMs, HANDSHAKE_TIMEOUT_MS / 10);

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A TCP server on 127.0.0.1 that accepts connections and never says a word: no upgrade answer, no TLS hello. */
async function silentServer(): Promise<{ port: number; accepted: Socket[] }> {
  const accepted: Socket[] = [];
  const server = createServer((socket) => accepted.push(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  cleanups.push(() => accepted.forEach((socket) => socket.destroy()));
  return { port: (server.address() as AddressInfo).port, accepted };
}


function newClient(options: TransportOptions): WsOcppClient {
  const client = new WsOcppClient(options);
  cleanups.push(() => client.close());
  return client;
}

/** Every option path builds its socket options differently (shared, own copy, per-attempt copy, TLS, chaos hook). */
const OPTION_PATHS: [string, 'ws' | 'wss', () => Promise<Partial<TransportOptions>>][] = [
  ['the shared plain options', 'ws', async () => ({})],
  ['its own options (password, source address, payload limit)', 'ws', async () => ({ password: 'secret', localAddress: '127.0.0.1', maxPayloadBytes: 1_024 })],
  ['a first attempt from a given local port', 'ws', async () => ({ localAddress: '127.0.0.1', localPort: await freePort() })],
  ['the chaos layer', 'ws', async () => ({ chaos: { seed: 3, latencyMs: 1 } })],
  ['TLS, whose hello goes unanswered', 'wss', async () => ({ tls: {} })],
];

describe('WsOcppClient handshake deadline', () => {
  it.each(OPTION_PATHS)('fails an unanswered attempt with %s as a timeout, after the deadline and within a sweep, then retries', async (_path, scheme, extra) => {
    const silent = await silentServer();
    const client = newClient({
      url: `${scheme}://127.0.0.1:${silent.port}/ocpp/CP-1`,
      protocol: 'ocpp1.6',
      handshakeTimeoutMs: HANDSHAKE_TIMEOUT_MS,
      reconnectBaseMs: 20,
      reconnectMaxMs: 40,
      ...(await extra()),
    });
    const attempts = record(client, 'connecting');

    const lag = watchLoopLag();
    const failed = nextEvent(client, 'connectFailed');
    const started = performance.now();
    void client.connect().catch(() => {});
    const [failure] = await failed;
    const elapsedMs = performance.now() - started;
    const stallMs = lag.maxMs();
    lag.stop();

    expect(connectFailureReason(failure)).toBe('timeout');
    expect(failure).toMatchObject({ kind: 'network', reason: 'Opening handshake has timed out', attempt: 1 });
    expect(failure.statusCode).toBeUndefined();
    expect(elapsedMs).toBeGreaterThanOrEqual(HANDSHAKE_TIMEOUT_MS);
    expect(elapsedMs).toBeLessThanOrEqual(HANDSHAKE_TIMEOUT_MS + SWEEP_EVERY_MS + stallMs);
    expect(silent.accepted.length).toBeGreaterThanOrEqual(1);
    // The usual backoff follows: a second attempt, which times out the same way.
    const [second] = await nextEvent(client, 'connectFailed');
    expect(attempts.length).toBe(2);
    expect(second).toMatchObject({ reason: 'Opening handshake has timed out', attempt: 2 });
    expect(client.state).toBe('connecting');
  });

  it('never arms a timer on the socket, and the passed deadline does not touch the open connection', async () => {
    // Every setTimeout() each new client socket gets: a timeout above 0 arms a Timeout the socket keeps for life.
    const armed: number[][] = [];
    const onSocket = (message: unknown): void => {
      const socket = (message as { socket: Socket }).socket;
      const calls: number[] = [];
      armed.push(calls);
      const setTimeout = socket.setTimeout.bind(socket);
      socket.setTimeout = (ms: number, callback?: () => void) => {
        calls.push(ms);
        return setTimeout(ms, callback);
      };
    };
    dc.subscribe('net.client.socket', onSocket);
    cleanups.push(() => dc.unsubscribe('net.client.socket', onSocket));
    const server = await ScriptedServer.start();
    cleanups.push(() => server.close());
    const client = newClient({ url: server.url(), protocol: 'ocpp1.6', handshakeTimeoutMs: HANDSHAKE_TIMEOUT_MS });
    const failures = record(client, 'connectFailed');
    const closes = record(client, 'close');

    await client.connect();
    const connection = await server.nextConnection();
    // Past the deadline and two sweeps more: a deadline still armed would have cut the connection by now.
    await new Promise((resolve) => setTimeout(resolve, HANDSHAKE_TIMEOUT_MS + 2 * SWEEP_EVERY_MS));

    // ws clears a socket's timeout once open (setTimeout(0), which arms nothing); its handshakeTimeout would have armed one.
    expect(armed).toEqual([[0]]);
    expect(client.state).toBe('open');
    expect(failures).toEqual([]);
    expect(closes).toEqual([]);
    const answered = client.call('Heartbeat', {});
    await connection.answerNextCall({ currentTime: new Date().toISOString() });
    await expect(answered).resolves.toMatchObject({ currentTime: expect.any(String) });
  });

  it('refuses a handshake timeout that is not a number of milliseconds above 0', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new WsOcppClient({ url: 'ws://127.0.0.1:1/ocpp/CP-1', protocol: 'ocpp1.6', handshakeTimeoutMs: bad })).toThrow(
        `transport handshakeTimeoutMs must be milliseconds above 0, got ${String(bad)}`,
      );
    }
  });
});
