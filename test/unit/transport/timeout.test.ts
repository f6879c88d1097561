import { afterEach, describe, expect, it } from 'vitest';
import { OcppTimeoutError } from '../../../simulator/protocol/errors.js';
import { sweeperStatus } from '../../../simulator/transport/sweeper.js';
import { WsOcppClient } from '../../../simulator/transport/ws-client.js';
import { ScriptedServer, record } from './helpers.js';

const NOW = '2025-01-01T00:00:00.000Z';
const CALL_TIMEOUT_MS = 100;
/** The sweeper runs every tenth of the timeout, so a call fails at most one period late, plus scheduling. */
const SWEEP_EVERY_MS = CALL_TIMEOUT_MS / 10;
const LATEST_FAILURE_MS = CALL_TIMEOUT_MS * 2;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function connected(): Promise<{ client: WsOcppClient; connection: Awaited<ReturnType<ScriptedServer['nextConnection']>> }> {
  const server = await ScriptedServer.start();
  cleanups.push(() => server.close());
  const client = new WsOcppClient({ url: server.url(), protocol: 'ocpp1.6', callTimeoutMs: CALL_TIMEOUT_MS });
  cleanups.push(() => client.close());
  await client.connect();
  return { client, connection: await server.nextConnection() };
}

describe('WsOcppClient call timeouts', () => {
  it('fails an unanswered call with OcppTimeoutError between the timeout and one sweep later', async () => {
    const { client, connection } = await connected();

    const started = performance.now();
    const error = await client.call('Heartbeat', {}).catch((e: unknown) => e);
    const elapsedMs = performance.now() - started;

    expect(error).toBeInstanceOf(OcppTimeoutError);
    expect((error as OcppTimeoutError).timeoutMs).toBe(CALL_TIMEOUT_MS);
    expect(elapsedMs).toBeGreaterThanOrEqual(CALL_TIMEOUT_MS);
    expect(elapsedMs).toBeLessThan(LATEST_FAILURE_MS);
    expect((await connection.nextFrame())[2]).toBe('Heartbeat');
  });

  it('runs one sweeper for all clients while a call is pending and stops it when none is', async () => {
    const { client } = await connected();
    const second = await connected();

    const pending = [client.call('Heartbeat', {}), second.client.call('Heartbeat', {})].map((p) => p.catch(() => 0));
    const during = sweeperStatus();
    await Promise.all(pending);

    expect(during).toEqual({ running: true, intervalMs: SWEEP_EVERY_MS, watched: 2 });
    expect(sweeperStatus()).toEqual({ running: false, intervalMs: 0, watched: 0 });
  });

  it('sends the next queued call once the one in flight times out', async () => {
    const { client, connection } = await connected();

    const first = client.call('Heartbeat', {}).catch((e: unknown) => e);
    const second = client.call('DataTransfer', { vendorId: 'acme' });
    const firstFrame = await connection.nextFrame();
    const secondFrame = await connection.answerNextCall({ status: 'Accepted' });

    expect(await first).toBeInstanceOf(OcppTimeoutError);
    expect(secondFrame[2]).toBe('DataTransfer');
    expect(secondFrame[1]).not.toBe(firstFrame[1]);
    await expect(second).resolves.toEqual({ status: 'Accepted' });
  });

  it('ignores an answer that arrives after the timeout and reports it as a protocol error', async () => {
    const { client, connection } = await connected();
    const problems = record(client, 'protocolError');

    const late = client.call('Heartbeat', {}).catch((e: unknown) => e);
    const frame = await connection.nextFrame();
    expect(await late).toBeInstanceOf(OcppTimeoutError);
    connection.send([3, frame[1], { currentTime: NOW }]);
    const next = client.call('Heartbeat', {});
    await connection.answerNextCall({ currentTime: NOW });
    await next;

    expect(problems.map((p) => p.args[0])).toEqual([`CALLRESULT for unknown message id ${String(frame[1])}`]);
  });

  it('reports a timed-out call as a failed outcome with code Timeout', async () => {
    const { client } = await connected();
    const done = record(client, 'callDone');

    await client.call('Heartbeat', {}).catch(() => undefined);

    expect(done.map((d) => d.args[0])).toEqual([
      { action: 'Heartbeat', ok: false, end: 'timeout', errorCode: 'Timeout', latencyMs: expect.any(Number) },
    ]);
    expect(done[0]?.args[0].latencyMs).toBeGreaterThanOrEqual(CALL_TIMEOUT_MS);
  });
});
