/**
 * Every malformed frame gets its own test: the client reports it, answers CALLERROR where the id is
 * known and the frame is not itself an answer, and keeps working afterwards.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OcppError } from '../../../simulator/protocol/errors.js';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import { WsOcppClient } from '../../../simulator/transport/ws-client.js';
import { ScriptedServer, record } from './helpers.js';
import type { ServerConnection } from './helpers.js';

const NOW = '2025-01-01T00:00:00.000Z';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function connected(protocol: OcppProtocol = 'ocpp2.0.1') {
  const server = await ScriptedServer.start();
  cleanups.push(() => server.close());
  const client = new WsOcppClient({ url: server.url(), protocol });
  cleanups.push(() => client.close());
  const problems = record(client, 'protocolError');
  await client.connect();
  return { client, connection: await server.nextConnection(), problems };
}

/** Proves the client still works and sent nothing in between: its next frame is this round trip's. */
async function expectStillWorking(client: WsOcppClient, connection: ServerConnection): Promise<void> {
  const answer = client.call('Heartbeat', {});
  const frame = await connection.answerNextCall({ currentTime: NOW });
  expect(frame[2]).toBe('Heartbeat');
  await expect(answer).resolves.toEqual({ currentTime: NOW });
}

describe('WsOcppClient receiving malformed frames', () => {
  it('reports text that is not JSON and answers nothing (no id to answer)', async () => {
    const { client, connection, problems } = await connected();

    connection.sendRaw('[2, "m1", "Reset"');
    await expectStillWorking(client, connection);

    expect(problems.map((p) => p.args)).toEqual([['message is not valid JSON', '[2, "m1", "Reset"']]);
  });

  it('reports JSON that is not an array and answers nothing', async () => {
    const { client, connection, problems } = await connected();

    connection.sendRaw('{"hello":"world"}');
    await expectStillWorking(client, connection);

    expect(problems.map((p) => p.args[0])).toEqual(['message is not a JSON array']);
  });

  it('answers a CALL without a payload with FormatViolation', async () => {
    const { client, connection, problems } = await connected();

    connection.send([2, 'm2', 'Reset']);
    const answer = await connection.nextFrame();
    await expectStillWorking(client, connection);

    expect(answer.slice(0, 3)).toEqual([4, 'm2', 'FormatViolation']);
    expect(problems).toHaveLength(1);
  });

  it('answers a malformed CALL from a 1.6 peer with FormationViolation', async () => {
    const { connection } = await connected('ocpp1.6');

    connection.send([2, 'm3', 42, {}]);

    expect((await connection.nextFrame()).slice(0, 3)).toEqual([4, 'm3', 'FormationViolation']);
  });

  it('answers an unknown message type with MessageTypeNotSupported', async () => {
    const { client, connection } = await connected();

    connection.send([7, 'm4', 'Reset', {}]);

    expect((await connection.nextFrame()).slice(0, 3)).toEqual([4, 'm4', 'MessageTypeNotSupported']);
    await expectStillWorking(client, connection);
  });

  it('answers an unknown message type from a 1.6 peer with FormationViolation', async () => {
    const { connection } = await connected('ocpp1.6');

    connection.send([7, 'm5', 'Reset', {}]);

    expect((await connection.nextFrame()).slice(0, 3)).toEqual([4, 'm5', 'FormationViolation']);
  });

  it('answers a message type that is not a number with RpcFrameworkError', async () => {
    const { connection } = await connected();

    connection.send(['2', 'm6', 'Reset', {}]);

    expect((await connection.nextFrame()).slice(0, 3)).toEqual([4, 'm6', 'RpcFrameworkError']);
  });

  it('reports a message id that is too long and answers nothing (the id is unusable)', async () => {
    const { client, connection, problems } = await connected();

    connection.send([2, 'x'.repeat(37), 'Reset', {}]);
    await expectStillWorking(client, connection);

    expect(problems.map((p) => p.args[0])).toEqual(['message id must be a string of 1 to 36 characters']);
  });

  it('ignores a CALLRESULT for an unknown id and reports it', async () => {
    const { client, connection, problems } = await connected();

    connection.send([3, 'never-sent', {}]);
    await expectStillWorking(client, connection);

    expect(problems.map((p) => p.args[0])).toEqual(['CALLRESULT for unknown message id never-sent']);
  });

  it('ignores a CALLERROR for an unknown id and reports it', async () => {
    const { client, connection, problems } = await connected();

    connection.send([4, 'never-sent', 'GenericError', '', {}]);
    await expectStillWorking(client, connection);

    expect(problems.map((p) => p.args[0])).toEqual(['CALLERROR for unknown message id never-sent']);
  });

  it('fails the pending call on a malformed answer to it and sends no CALLERROR back', async () => {
    const { client, connection, problems } = await connected();

    const answer = client.call('Heartbeat', {}).catch((e: unknown) => e);
    const frame = await connection.nextFrame();
    connection.send([3, frame[1], 'not an object']);
    const error = (await answer) as OcppError;
    await expectStillWorking(client, connection);

    expect(error).toBeInstanceOf(OcppError);
    expect(error.code).toBe('FormatViolation');
    expect(problems).toHaveLength(1);
  });

  it('reads a binary frame but reports it, since OCPP-J uses text frames', async () => {
    const { client, connection, problems } = await connected();

    const answer = client.call('Heartbeat', {});
    const frame = await connection.nextFrame();
    connection.ws.send(Buffer.from(JSON.stringify([3, frame[1], { currentTime: NOW }])), { binary: true });

    await expect(answer).resolves.toEqual({ currentTime: NOW });
    expect(problems.map((p) => p.args[0])).toEqual(['binary WebSocket frame; OCPP-J uses text frames']);
  });
});
