import { afterEach, describe, expect, it } from 'vitest';
import { OcppDisconnectedError } from '../../../simulator/protocol/errors.js';
import { WsOcppClient } from '../../../simulator/transport/ws-client.js';
import type { ConnectFailure, TransportOptions } from '../../../simulator/transport/types.js';
import { seededRandom } from '../../../simulator/random.js';
import { watchLoopLag } from '../../support/loop-lag.js';
import { ScriptedServer, nextEvent, record } from './helpers.js';

const BASE_MS = 40;
const MAX_MS = 1_000;
const SEED = 7;
/** Timers fire a little after their delay, never before; 2 ms covers clock rounding between processes' views. */
const EARLY_MS = 2;
/** A retry may start up to one base period after its nominal time on a busy machine (TCP connect, handshake). */
const LATE_MS = BASE_MS;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer(port?: number): Promise<ScriptedServer> {
  const server = await ScriptedServer.start(port === undefined ? {} : { port });
  cleanups.push(() => server.close());
  return server;
}

function newClient(url: string, options: Partial<TransportOptions> = {}): WsOcppClient {
  const client = new WsOcppClient({
    url,
    protocol: 'ocpp1.6',
    reconnectBaseMs: BASE_MS,
    reconnectMaxMs: MAX_MS,
    random: seededRandom(SEED),
    ...options,
  });
  cleanups.push(() => client.close());
  return client;
}

/** The delays the client must pick for attempts 0..n-1, from the same seeded sequence. */
function expectedDelays(count: number): number[] {
  const random = seededRandom(SEED);
  return Array.from({ length: count }, (_, attempt) => Math.min(MAX_MS, BASE_MS * 2 ** attempt) * (0.5 + 0.5 * random()));
}

/** A port that refuses connections right now (a server was there a moment ago). */
async function refusedPort(): Promise<number> {
  const server = await ScriptedServer.start();
  const port = server.port;
  await server.close();
  return port;
}

describe('WsOcppClient reconnect', () => {
  it('reconnects after the server drops the socket, each attempt spaced by the jittered backoff', async () => {
    const server = await startServer();
    const client = newClient(server.url());
    const failures = record(client, 'connectFailed');
    await client.connect();
    const first = await server.nextConnection();
    server.rejectHandshakes(503, 503, 503);

    const lag = watchLoopLag();
    const closed = nextEvent(client, 'close');
    first.drop();
    await closed;
    const droppedAtMs = performance.now();
    await nextEvent(client, 'open');
    // Client and server share this process: a stall holds up the retry timer and the handshake it starts.
    const stallMs = 2 * lag.maxMs();
    lag.stop();

    const delays = expectedDelays(4);
    const attemptTimes = [droppedAtMs, ...server.handshakes.slice(1).map((h) => h.atMs)];
    expect(attemptTimes).toHaveLength(5);
    expect(failures.map((f) => f.args[0].statusCode)).toEqual([503, 503, 503]);
    expect(failures.map((f) => f.args[0].retryInMs)).toEqual(delays.slice(1).map((d) => expect.closeTo(d, 6)));
    delays.forEach((delayMs, attempt) => {
      const gapMs = (attemptTimes[attempt + 1] as number) - (attemptTimes[attempt] as number);
      const upperBoundMs = Math.min(MAX_MS, BASE_MS * 2 ** attempt);
      expect(gapMs, `attempt ${attempt}`).toBeGreaterThanOrEqual(delayMs - EARLY_MS);
      expect(gapMs, `attempt ${attempt}`).toBeLessThanOrEqual(upperBoundMs + LATE_MS + stallMs);
      expect(delayMs).toBeGreaterThanOrEqual(upperBoundMs / 2);
    });
    expect(client.state).toBe('open');
  });

  it('starts the backoff over after a successful connect', async () => {
    const server = await startServer();
    const client = newClient(server.url());
    await client.connect();
    server.rejectHandshakes(503);
    (await server.nextConnection()).drop();
    await nextEvent(client, 'open');
    const failures = record(client, 'connectFailed');

    server.rejectHandshakes(503);
    (await server.nextConnection()).drop();
    await nextEvent(client, 'open');

    // The first outage drew two delays (attempts 0 and 1), the second drew one for attempt 0;
    // its failed attempt must back off as attempt 1 again, not as attempt 3.
    const random = seededRandom(SEED);
    random();
    random();
    random();
    const expectedMs = Math.min(MAX_MS, BASE_MS * 2) * (0.5 + 0.5 * random());
    expect(failures.map((f) => [f.args[0].attempt, f.args[0].retryInMs])).toEqual([[1, expect.closeTo(expectedMs, 6)]]);
  });

  it('draws the jitter from a source seeded with randomSeed when given no random source', async () => {
    const client = newClient(`ws://127.0.0.1:${await refusedPort()}/ocpp/CP-1`, { random: undefined, randomSeed: SEED });
    const failures = record(client, 'connectFailed');
    void client.connect().catch(() => {});
    await nextEvent(client, 'connectFailed');
    await nextEvent(client, 'connectFailed');
    await client.close();
    expect(failures.map((f) => f.args[0].retryInMs).slice(0, 2)).toEqual(expectedDelays(2).map((d) => expect.closeTo(d, 6)));
  });

  it('retries the first connect until the server comes up', async () => {
    const port = await refusedPort();
    const client = newClient(`ws://127.0.0.1:${port}/ocpp/CP-1`);
    const failures = record(client, 'connectFailed');

    const connecting = client.connect();
    await nextEvent(client, 'connectFailed');
    await nextEvent(client, 'connectFailed');
    const server = await startServer(port);
    await connecting;

    expect(client.state).toBe('open');
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(failures[0]?.args[0]).toMatchObject({ attempt: 1, error: expect.any(Error) });
    expect(failures[0]?.args[0].statusCode).toBeUndefined();
    expect(server.handshakes).toHaveLength(1);
  });

  it('retries a handshake rejected with 401 or 404 and reports the status code', async () => {
    const server = await startServer();
    server.rejectHandshakes(401, 404);
    const client = newClient(server.url('CP-9'), { password: 'wrong-then-right' });
    const failures = record(client, 'connectFailed');

    await client.connect();

    expect(failures.map((f) => [f.args[0].statusCode, f.args[0].attempt])).toEqual([
      [401, 1],
      [404, 2],
    ]);
    expect(server.handshakes).toHaveLength(3);
    expect(server.handshakes.every((h) => h.url === '/ocpp/CP-9')).toBe(true);
  });

  it('stops retrying on close() and rejects the pending connect', async () => {
    const server = await startServer();
    server.rejectHandshakes(401, 401, 401, 401);
    const client = newClient(server.url());

    const connecting = client.connect().catch((e: unknown) => e);
    const [failure] = await nextEvent(client, 'connectFailed');
    await client.close();

    expect(await connecting).toBeInstanceOf(OcppDisconnectedError);
    expect(client.state).toBe('closed');
    // Wait past the retry the client had planned: no further attempt may arrive.
    await new Promise((resolve) => setTimeout(resolve, (failure as ConnectFailure).retryInMs + LATE_MS));
    expect(server.handshakes).toHaveLength(1);
  });

  it('drops the socket without a close handshake and reconnects', async () => {
    const server = await startServer();
    const client = newClient(server.url());
    await client.connect();
    const first = await server.nextConnection();

    const closed = nextEvent(client, 'close');
    client.drop();
    const [code] = await closed;
    await nextEvent(client, 'open');

    expect(code).toBe(1006);
    expect(await first.closed).toBe(1006);
    expect(server.handshakes).toHaveLength(2);
  });

  it('stays idle after drop() without reconnect, and connects again on request', async () => {
    const server = await startServer();
    const client = newClient(server.url());
    await client.connect();
    await server.nextConnection();

    const closed = nextEvent(client, 'close');
    client.drop({ reconnect: false });
    await closed;
    expect(client.state).toBe('idle');

    await client.connect();
    expect(client.state).toBe('open');
    expect(server.handshakes).toHaveLength(2);
  });

  it('fails the call in flight with OcppDisconnectedError when the server drops the socket', async () => {
    const server = await startServer();
    const client = newClient(server.url());
    await client.connect();
    const connection = await server.nextConnection();

    const answer = client.call('Heartbeat', {}).catch((e: unknown) => e);
    await connection.nextFrame();
    connection.drop();

    expect(await answer).toBeInstanceOf(OcppDisconnectedError);
  });
});
