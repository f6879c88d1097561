import { afterEach, describe, expect, it } from 'vitest';
import { OcppDisconnectedError } from '../../../simulator/protocol/errors.js';
import { WsOcppClient } from '../../../simulator/transport/ws-client.js';
import type { TransportOptions } from '../../../simulator/transport/types.js';
import { ScriptedServer, nextEvent, record } from './helpers.js';
import type { ServerConnection } from './helpers.js';

const NOW = '2025-01-01T00:00:00.000Z';
const BOOT = { chargePointVendor: 'acme', chargePointModel: 'x1' };
const ACCEPTED = { status: 'Accepted', currentTime: NOW, interval: 300 };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: Partial<TransportOptions> = {}) {
  const server = await ScriptedServer.start();
  cleanups.push(() => server.close());
  // A short base keeps reconnects quick; the random source is fixed so no test depends on luck.
  const client = new WsOcppClient({
    url: server.url(),
    protocol: 'ocpp1.6',
    reconnectBaseMs: 10,
    random: () => 0,
    ...options,
  });
  cleanups.push(() => client.close());
  return { server, client };
}

/** Durable test message, told apart by `messageId`. */
function transfer(messageId: string) {
  return { vendorId: 'acme', messageId };
}

/** Drops the current connection from the server side and waits until the client is offline. */
async function goOffline(client: WsOcppClient, connection: ServerConnection): Promise<void> {
  const closed = nextEvent(client, 'close');
  connection.drop();
  await closed;
}

/** Proves nothing else was sent: the client's next frame answers this server CALL. */
async function expectNothingSent(connection: ServerConnection): Promise<void> {
  const reply = await connection.call('NoSuchAction', {});
  expect(reply[0]).toBe(4);
  expect(connection.unreadFrames).toBe(0);
}

describe('WsOcppClient offline queue', () => {
  it('holds durable calls made offline until releaseQueue, then sends them in order', async () => {
    const { server, client } = await setup();
    await client.connect();
    await goOffline(client, await server.nextConnection());

    const answers = ['A', 'B', 'C'].map((id) => client.call('DataTransfer', transfer(id), { durable: true }));
    expect(client.queuedCount).toBe(3);
    const connection = await server.nextConnection();
    await nextEvent(client, 'open');
    const boot = client.call('BootNotification', BOOT);
    expect((await connection.answerNextCall(ACCEPTED))[2]).toBe('BootNotification');
    await boot;
    await expectNothingSent(connection);

    client.releaseQueue();
    const sent = [];
    for (let i = 0; i < 3; i += 1) sent.push((await connection.answerNextCall({ status: 'Accepted' }))[3]);

    expect(sent).toEqual([transfer('A'), transfer('B'), transfer('C')]);
    await expect(Promise.all(answers)).resolves.toEqual([1, 2, 3].map(() => ({ status: 'Accepted' })));
    expect(client.queuedCount).toBe(0);
  });

  it('drops the oldest durable call when the queue is full and counts it', async () => {
    const { server, client } = await setup({ offlineQueueLimit: 2 });

    const answers = ['A', 'B', 'C'].map((id) =>
      client.call('DataTransfer', transfer(id), { durable: true }).catch((e: unknown) => e),
    );
    expect([client.queuedCount, client.droppedCount]).toEqual([2, 1]);
    expect(await answers[0]).toBeInstanceOf(OcppDisconnectedError);
    await client.connect();
    const connection = await server.nextConnection();
    client.releaseQueue();
    const sent = [];
    for (let i = 0; i < 2; i += 1) sent.push((await connection.answerNextCall({ status: 'Accepted' }))[3]);

    expect(sent).toEqual([transfer('B'), transfer('C')]);
  });

  it('fails non-durable calls at once while offline', async () => {
    const { server, client } = await setup();
    const done = record(client, 'callDone');

    const beforeConnect = await client.call('Heartbeat', {}).catch((e: unknown) => e);
    await client.connect();
    await goOffline(client, await server.nextConnection());
    const whileReconnecting = await client.call('Heartbeat', {}).catch((e: unknown) => e);

    expect(beforeConnect).toBeInstanceOf(OcppDisconnectedError);
    expect(whileReconnecting).toBeInstanceOf(OcppDisconnectedError);
    expect(client.queuedCount).toBe(0);
    expect(done.map((d) => d.args[0])).toEqual([1, 2].map(() => ({ action: 'Heartbeat', ok: false, end: 'unsent', errorCode: 'Disconnected', latencyMs: 0 })));
  });

  it('sends a durable call cut off in flight again first, then the durable calls queued behind it', async () => {
    const { server, client } = await setup();
    await client.connect();
    const first = await server.nextConnection();
    let builds = 0;
    const a = client.call(
      'DataTransfer',
      () => {
        builds += 1;
        return transfer(`A${builds}`);
      },
      { durable: true },
    );
    const b = client.call('DataTransfer', transfer('B'), { durable: true });
    const plain = client.call('Heartbeat', {}).catch((e: unknown) => e);
    expect((await first.nextFrame())[3]).toEqual(transfer('A1'));

    await goOffline(client, first);
    expect(client.queuedCount).toBe(2);
    expect(await plain).toBeInstanceOf(OcppDisconnectedError);
    const second = await server.nextConnection();
    await nextEvent(client, 'open');
    client.releaseQueue();
    const sent = [];
    for (let i = 0; i < 2; i += 1) sent.push((await second.answerNextCall({ status: 'Accepted' }))[3]);

    expect(sent).toEqual([transfer('A2'), transfer('B')]);
    await Promise.all([a, b]);
  });

  it('sends a durable call cut off in flight again under its message id, so the CSMS can tell the retry from a new message', async () => {
    const { server, client } = await setup();
    await client.connect();
    const first = await server.nextConnection();
    const a = client.call('DataTransfer', transfer('A'), { durable: true });
    const firstId = (await first.nextFrame())[1];
    await goOffline(client, first);
    const second = await server.nextConnection();
    await nextEvent(client, 'open');
    client.releaseQueue();
    const retry = await second.answerNextCall({ status: 'Accepted' });
    expect(retry[1]).toBe(firstId);
    await a;
    // A new call gets a new id.
    const b = client.call('DataTransfer', transfer('B'), { durable: true });
    expect((await second.answerNextCall({ status: 'Accepted' }))[1]).not.toBe(firstId);
    await b;
  });

  it('builds a queued payload after the caller has read the answer ahead of it (a stop learns its transactionId)', async () => {
    const { server, client } = await setup();
    await client.connect();
    const connection = await server.nextConnection();
    let transactionId: string | undefined;
    const start = client.call<{ data: string }>('DataTransfer', transfer('start'), { durable: true }).then((answer) => {
      transactionId = answer.data;
    });
    const stop = client.call('DataTransfer', () => ({ vendorId: 'acme', data: String(transactionId) }), { durable: true });
    await connection.answerNextCall({ status: 'Accepted', data: '42' });
    expect((await connection.answerNextCall({ status: 'Accepted' }))[3]).toEqual({ vendorId: 'acme', data: '42' });
    await Promise.all([start, stop]);
  });

  it('sends released calls before calls made after them, behind the call already in flight', async () => {
    const { server, client } = await setup();
    const queued = client.call('DataTransfer', transfer('queued'), { durable: true });
    await client.connect();
    const connection = await server.nextConnection();

    const boot = client.call('BootNotification', BOOT);
    const newer = client.call('DataTransfer', transfer('newer'));
    const bootFrame = await connection.nextFrame();
    client.releaseQueue();
    connection.send([3, bootFrame[1], ACCEPTED]);
    const order = [];
    for (let i = 0; i < 2; i += 1) order.push((await connection.answerNextCall({ status: 'Accepted' }))[3]);

    expect(order).toEqual([transfer('queued'), transfer('newer')]);
    await Promise.all([boot, queued, newer]);
  });

  it('queues a durable call made while older ones wait, so order survives a reconnect', async () => {
    const { server, client } = await setup();
    const older = client.call('DataTransfer', transfer('older'), { durable: true });
    await client.connect();
    const connection = await server.nextConnection();

    const later = client.call('DataTransfer', transfer('later'), { durable: true });
    expect(client.queuedCount).toBe(2);
    await expectNothingSent(connection);
    client.releaseQueue();
    const order = [];
    for (let i = 0; i < 2; i += 1) order.push((await connection.answerNextCall({ status: 'Accepted' }))[3]);

    expect(order).toEqual([transfer('older'), transfer('later')]);
    await Promise.all([older, later]);
  });

  it('fails queued durable calls with OcppDisconnectedError on close, since no reconnect follows', async () => {
    const { client } = await setup();
    const queued = client.call('DataTransfer', transfer('A'), { durable: true }).catch((e: unknown) => e);

    await client.close();

    expect(await queued).toBeInstanceOf(OcppDisconnectedError);
    expect(client.queuedCount).toBe(0);
  });
});
