import { afterEach, describe, expect, it } from 'vitest';
import { OcppDisconnectedError, OcppError } from '../../../simulator/protocol/errors.js';
import { validatePayload } from '../../../simulator/protocol/validator.js';
import { WsOcppClient, createTransport } from '../../../simulator/transport/ws-client.js';
import type { CallOutcome, TransportOptions } from '../../../simulator/transport/types.js';
import { ScriptedServer, record } from './helpers.js';

const NOW = '2025-01-01T00:00:00.000Z';
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer(): Promise<ScriptedServer> {
  const server = await ScriptedServer.start();
  cleanups.push(() => server.close());
  return server;
}

function newClient(options: TransportOptions): WsOcppClient {
  const client = new WsOcppClient(options);
  cleanups.push(() => client.close());
  return client;
}

describe('WsOcppClient calls', () => {
  it('sends a CALL with a string id and resolves with the CALLRESULT payload', async () => {
    const server = await startServer();
    const client = newClient({ url: server.url(), protocol: 'ocpp1.6' });
    await client.connect();
    const connection = await server.nextConnection();

    const answer = client.call('Heartbeat', {});
    const frame = await connection.answerNextCall({ currentTime: NOW });

    expect(frame).toEqual([2, expect.any(String), 'Heartbeat', {}]);
    await expect(answer).resolves.toEqual({ currentTime: NOW });
  });

  it('callThen: the next call can go out from the answer itself, with no promise in between', async () => {
    const server = await startServer();
    const client = newClient({ url: server.url(), protocol: 'ocpp1.6' });
    await client.connect();
    const connection = await server.nextConnection();
    const answers: unknown[] = [];
    client.callThen(
      'Heartbeat',
      {},
      (payload) => {
        answers.push(payload);
        client.callThen('Heartbeat', {}, (next) => answers.push(next), (error) => answers.push(error));
        answers.push(client.unsettledCount);
      },
      (error) => answers.push(error),
    );
    await connection.answerNextCall({ currentTime: NOW });
    await connection.answerNextCall({ currentTime: NOW });
    await expect.poll(() => answers.length).toBe(3);
    expect(answers).toEqual([{ currentTime: NOW }, 1, { currentTime: NOW }]);
  });

  it('callThen: a call cut by a lost connection fails after the transport has handled the loss', async () => {
    const server = await startServer();
    const client = newClient({ url: server.url(), protocol: 'ocpp1.6', reconnectBaseMs: 60_000 });
    await client.connect();
    const connection = await server.nextConnection();
    const seen: { error: unknown; state: string; again: unknown }[] = [];
    client.callThen(
      'Heartbeat',
      {},
      () => {},
      (error) => {
        // Calling again from here must not reach for the dropped socket: the new call fails (not sent) instead.
        let again: unknown;
        client.callThen('Heartbeat', {}, () => {}, (next) => (again = next));
        seen.push({ error, state: client.state, again });
      },
    );
    await connection.nextFrame();
    connection.drop();
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]?.error).toBeInstanceOf(OcppDisconnectedError);
    expect(seen[0]?.state).toBe('connecting');
    // The second call's failure is deferred too: it arrives after the first callback returned.
    expect(seen[0]?.again).toBeUndefined();
  });

  it('negotiates the configured subprotocol and sends Basic auth with the station id as username', async () => {
    const server = await startServer();
    const client = newClient({ url: server.url('CP-7'), protocol: 'ocpp2.0.1', password: 's3cret' });
    await client.connect();
    const connection = await server.nextConnection();

    expect(connection.protocol).toBe('ocpp2.0.1');
    expect(connection.request.headers.authorization).toBe(`Basic ${Buffer.from('CP-7:s3cret').toString('base64')}`);
    expect(connection.request.headers['sec-websocket-extensions']).toBeUndefined();
  });

  it('keeps the second CALL back until the first is answered', async () => {
    const server = await startServer();
    const client = newClient({ url: server.url(), protocol: 'ocpp1.6' });
    await client.connect();
    const connection = await server.nextConnection();

    const first = client.call('Heartbeat', {});
    const second = client.call('DataTransfer', { vendorId: 'acme', messageId: 'second' });
    const firstFrame = await connection.nextFrame();
    expect(firstFrame[2]).toBe('Heartbeat');

    // Frames arrive in order: if the second CALL had been sent, it would precede this answer.
    const reply = await connection.call('NoSuchAction', {});
    expect(reply[0]).toBe(4);
    expect(connection.unreadFrames).toBe(0);

    connection.send([3, firstFrame[1], { currentTime: NOW }]);
    const secondFrame = await connection.answerNextCall({ status: 'Accepted' });

    expect(secondFrame[2]).toBe('DataTransfer');
    expect(secondFrame[1]).not.toBe(firstFrame[1]);
    await expect(first).resolves.toEqual({ currentTime: NOW });
    await expect(second).resolves.toEqual({ status: 'Accepted' });
  });

  it('builds a payload given as a function when the CALL is sent, not when it is queued', async () => {
    const server = await startServer();
    const client = newClient({ url: server.url(), protocol: 'ocpp1.6' });
    await client.connect();
    const connection = await server.nextConnection();
    let data = 'at queue time';

    void client.call('Heartbeat', {});
    const queued = client.call('DataTransfer', () => ({ vendorId: 'acme', data }));
    const heartbeat = await connection.nextFrame();
    data = 'at send time';
    connection.send([3, heartbeat[1], { currentTime: NOW }]);
    const frame = await connection.answerNextCall({ status: 'Accepted' });

    expect(frame[3]).toEqual({ vendorId: 'acme', data: 'at send time' });
    await queued;
  });

  it('refuses an invalid outgoing payload with the validator code and sends nothing', async () => {
    const server = await startServer();
    const client = newClient({ url: server.url(), protocol: 'ocpp1.6' });
    await client.connect();
    const connection = await server.nextConnection();
    const invalid = { chargePointVendor: 'acme' };
    const expected = validatePayload('ocpp1.6', 'BootNotification', 'req', invalid);

    const error = await client.call('BootNotification', invalid).catch((e: unknown) => e);

    expect(expected).toBeDefined();
    expect(error).toBeInstanceOf(OcppError);
    expect((error as OcppError).code).toBe(expected?.code);
    await connection.call('NoSuchAction', {});
    expect(connection.unreadFrames).toBe(0);
  });

  it('rejects a response payload that breaks the schema with the validator code', async () => {
    const server = await startServer();
    const client = newClient({ url: server.url(), protocol: 'ocpp1.6' });
    const problems = record(client, 'protocolError');
    await client.connect();
    const connection = await server.nextConnection();
    const invalid = { currentTime: 12 };
    const expected = validatePayload('ocpp1.6', 'Heartbeat', 'conf', invalid);

    const answer = client.call('Heartbeat', {}).catch((e: unknown) => e);
    await connection.answerNextCall(invalid);
    const error = await answer;

    expect(expected?.code).toBe('TypeConstraintViolation');
    expect(error).toBeInstanceOf(OcppError);
    expect((error as OcppError).code).toBe('TypeConstraintViolation');
    expect(problems).toHaveLength(1);
  });

  it('sends without validation when validation is off', async () => {
    const server = await startServer();
    const client = newClient({ url: server.url(), protocol: 'ocpp1.6', validate: false });
    await client.connect();
    const connection = await server.nextConnection();

    const answer = client.call('BootNotification', { anything: true });
    const frame = await connection.answerNextCall({ whatever: 1 });

    expect(frame[3]).toEqual({ anything: true });
    await expect(answer).resolves.toEqual({ whatever: 1 });
  });

  it('reports every finished call with its latency and outcome', async () => {
    const server = await startServer();
    const client = newClient({ url: server.url(), protocol: 'ocpp1.6' });
    const done = record(client, 'callDone');
    await client.connect();
    const connection = await server.nextConnection();

    const started = performance.now();
    const answer = client.call('Heartbeat', {});
    const frame = await connection.nextFrame();
    connection.send([4, frame[1], 'GenericError', 'busy', {}]);
    await answer.catch(() => undefined);
    const elapsedMs = performance.now() - started;

    expect(done).toHaveLength(1);
    const outcome = done[0]?.args[0] as CallOutcome;
    expect(outcome).toMatchObject({ action: 'Heartbeat', ok: false, end: 'error', errorCode: 'GenericError' });
    expect(outcome.latencyMs).toBeGreaterThan(0);
    expect(outcome.latencyMs).toBeLessThanOrEqual(elapsedMs);
  });

  it('hands every finished call to its direct observer first, with the transport as this, then to listeners', async () => {
    const server = await startServer();
    const client = newClient({ url: server.url(), protocol: 'ocpp1.6' });
    const order: string[] = [];
    client.callObserver = function (this: unknown, outcome: CallOutcome) {
      order.push(`observer ${outcome.action} ${outcome.end} ${this === client ? 'on the transport' : 'elsewhere'}`);
    };
    client.on('callDone', (outcome) => order.push(`listener ${outcome.action} ${outcome.end}`));
    await client.connect();
    const connection = await server.nextConnection();

    const answered = client.call('Heartbeat', {});
    await connection.answerNextCall({ currentTime: NOW });
    await answered;
    const refused = client.call('Heartbeat', {});
    const frame = await connection.nextFrame();
    connection.send([4, frame[1], 'GenericError', 'busy', {}]);
    await refused.catch(() => undefined);

    expect(order).toEqual([
      'observer Heartbeat result on the transport',
      'listener Heartbeat result',
      'observer Heartbeat error on the transport',
      'listener Heartbeat error',
    ]);
  });

  it('emits every frame in both directions to frame listeners', async () => {
    const server = await startServer();
    const client = newClient({ url: server.url(), protocol: 'ocpp1.6' });
    const frames = record(client, 'frame');
    await client.connect();
    const connection = await server.nextConnection();

    const answer = client.call('Heartbeat', {});
    const frame = await connection.answerNextCall({ currentTime: NOW });
    await answer;

    expect(frames.map((f) => f.args)).toEqual([
      ['out', JSON.stringify([2, frame[1], 'Heartbeat', {}])],
      ['in', JSON.stringify([3, frame[1], { currentTime: NOW }])],
    ]);
  });

  it('fails the call in flight and the queued calls with OcppDisconnectedError on close', async () => {
    const server = await startServer();
    const client = createTransport({ url: server.url(), protocol: 'ocpp1.6' });
    await client.connect();
    await server.nextConnection();

    const first = client.call('Heartbeat', {}).catch((e: unknown) => e);
    const second = client.call('Heartbeat', {}).catch((e: unknown) => e);
    await client.close();

    expect(await first).toBeInstanceOf(OcppDisconnectedError);
    expect(await second).toBeInstanceOf(OcppDisconnectedError);
    expect(client.state).toBe('closed');
  });

  it('resolves every close() call once the socket is closed', async () => {
    const server = await startServer();
    const client = newClient({ url: server.url(), protocol: 'ocpp1.6' });
    await client.connect();
    const connection = await server.nextConnection();

    await Promise.all([client.close(1000, 'bye'), client.close()]);

    expect(await connection.closed).toBe(1000);
    await expect(client.connect()).rejects.toBeInstanceOf(OcppDisconnectedError);
  });

  it('refuses a URL that is not ws:// or wss://', () => {
    expect(() => new WsOcppClient({ url: 'http://127.0.0.1/ocpp/CP-1', protocol: 'ocpp1.6' })).toThrow(TypeError);
  });
});
