import { afterEach, describe, expect, it } from 'vitest';
import { OcppError, wireCode } from '../../../simulator/protocol/errors.js';
import { validatePayload } from '../../../simulator/protocol/validator.js';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import { WsOcppClient } from '../../../simulator/transport/ws-client.js';
import { ScriptedServer, record } from './helpers.js';
import type { ServerConnection } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function connected(protocol: OcppProtocol): Promise<{ client: WsOcppClient; connection: ServerConnection }> {
  const server = await ScriptedServer.start();
  cleanups.push(() => server.close());
  const client = new WsOcppClient({ url: server.url(), protocol });
  cleanups.push(() => client.close());
  await client.connect();
  return { client, connection: await server.nextConnection() };
}

const VALID_RESET: Record<OcppProtocol, object> = {
  'ocpp1.6': { type: 'Soft' },
  'ocpp2.0.1': { type: 'Immediate' },
};

describe('WsOcppClient answering CSMS calls', () => {
  it('answers with the handler result and emits the command first', async () => {
    const { client, connection } = await connected('ocpp1.6');
    const commands = record(client, 'command');
    client.handle('Reset', (payload) => Promise.resolve({ status: payload.type === 'Soft' ? 'Accepted' : 'Rejected' }));

    const answer = await connection.call('Reset', { type: 'Soft' });

    expect(answer).toEqual([3, 'srv-1', { status: 'Accepted' }]);
    expect(commands.map((c) => c.args)).toEqual([['Reset', { type: 'Soft' }]]);
  });

  it('answers an action unknown to the protocol with NotImplemented', async () => {
    const { connection } = await connected('ocpp1.6');

    const answer = await connection.call('FlyToTheMoon', {});

    expect(answer.slice(0, 3)).toEqual([4, 'srv-1', 'NotImplemented']);
  });

  it('answers a known action without a handler with NotSupported', async () => {
    const { connection } = await connected('ocpp1.6');

    const answer = await connection.call('ClearCache', {});

    expect(answer.slice(0, 3)).toEqual([4, 'srv-1', 'NotSupported']);
  });

  it.each(['ocpp1.6', 'ocpp2.0.1'] as const)(
    'answers an invalid %s payload with the validator code in that version spelling, without running the handler',
    async (protocol) => {
      const { client, connection } = await connected(protocol);
      let handled = 0;
      client.handle('Reset', () => {
        handled += 1;
        return { status: 'Accepted' };
      });
      const invalid = { type: 'Sideways', extra: 1 };
      const violation = validatePayload(protocol, 'Reset', 'req', invalid);

      const answer = await connection.call('Reset', invalid);

      expect(violation).toBeDefined();
      expect(answer.slice(0, 3)).toEqual([4, 'srv-1', wireCode(protocol, violation!.code)]);
      expect(handled).toBe(0);
    },
  );

  it.each([
    ['ocpp1.6', 'FormatViolation', 'FormationViolation'],
    ['ocpp1.6', 'OccurrenceConstraintViolation', 'OccurenceConstraintViolation'],
    ['ocpp1.6', 'RpcFrameworkError', 'FormationViolation'],
    ['ocpp2.0.1', 'FormatViolation', 'FormatViolation'],
    ['ocpp2.0.1', 'OccurrenceConstraintViolation', 'OccurrenceConstraintViolation'],
    ['ocpp2.0.1', 'RpcFrameworkError', 'RpcFrameworkError'],
  ] as const)('answers a %s peer whose handler throws %s with %s', async (protocol, thrown, onWire) => {
    const { client, connection } = await connected(protocol);
    client.handle('Reset', () => {
      throw new OcppError(thrown, 'refused on purpose', { reason: 'test' });
    });

    const answer = await connection.call('Reset', VALID_RESET[protocol]);

    expect(answer).toEqual([4, 'srv-1', onWire, 'refused on purpose', { reason: 'test' }]);
  });

  it('answers InternalError when the handler throws something other than an OcppError', async () => {
    const { client, connection } = await connected('ocpp1.6');
    client.handle('Reset', () => Promise.reject(new Error('relay stuck')));

    const answer = await connection.call('Reset', { type: 'Hard' });

    expect(answer).toEqual([4, 'srv-1', 'InternalError', 'relay stuck', {}]);
  });

  it('answers InternalError when the handler returns a response that breaks the schema', async () => {
    const { client, connection } = await connected('ocpp1.6');
    client.handle('Reset', () => ({ status: 'Maybe' }));

    const answer = await connection.call('Reset', { type: 'Hard' });

    expect(answer.slice(0, 3)).toEqual([4, 'srv-1', 'InternalError']);
  });
});

describe('WsOcppClient receiving CALLERROR', () => {
  it('reads a 1.6 spelling from a 1.6 peer as the generic code', async () => {
    const { client, connection } = await connected('ocpp1.6');
    const problems = record(client, 'protocolError');

    const answer = client.call('Heartbeat', {}).catch((e: unknown) => e);
    const frame = await connection.nextFrame();
    connection.send([4, frame[1], 'OccurenceConstraintViolation', 'missing field', { field: 'x' }]);
    const error = (await answer) as OcppError;

    expect(error).toBeInstanceOf(OcppError);
    expect([error.code, error.message, error.details]).toEqual([
      'OccurrenceConstraintViolation',
      'missing field',
      { field: 'x' },
    ]);
    expect(problems).toHaveLength(0);
  });

  it('reads a 2.0.1 spelling from a 2.0.1 peer as the same generic code', async () => {
    const { client, connection } = await connected('ocpp2.0.1');

    const answer = client.call('Heartbeat', {}).catch((e: unknown) => e);
    const frame = await connection.nextFrame();
    connection.send([4, frame[1], 'FormatViolation', 'bad', {}]);

    expect(((await answer) as OcppError).code).toBe('FormatViolation');
  });

  it('still fails the call but reports a protocol error when a 1.6 peer uses a 2.0.1-only spelling', async () => {
    const { client, connection } = await connected('ocpp1.6');
    const problems = record(client, 'protocolError');

    const answer = client.call('Heartbeat', {}).catch((e: unknown) => e);
    const frame = await connection.nextFrame();
    connection.send([4, frame[1], 'FormatViolation', 'bad', {}]);

    expect(((await answer) as OcppError).code).toBe('FormatViolation');
    expect(problems.map((p) => p.args[0])).toEqual(['FormatViolation is not an ocpp1.6 CALLERROR code']);
  });
});
