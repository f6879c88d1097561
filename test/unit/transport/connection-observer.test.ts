/**
 * The connection observer (OcppTransport.observeConnection): told of 'open', 'close' and 'connectFailed' directly,
 * with the transport as `this`, before the listeners of those events, which still hear them as before.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectFailure, ConnectionObserver, OcppTransport } from '../../../simulator/transport/types.js';
import { WsOcppClient } from '../../../simulator/transport/ws-client.js';
import { ScriptedServer, nextEvent } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('WsOcppClient connection observer', () => {
  it('tells its observer first, with the transport as this, then the listeners, with the same arguments', async () => {
    const server = await ScriptedServer.start();
    cleanups.push(() => server.close());
    const client = new WsOcppClient({ url: server.url(), protocol: 'ocpp1.6', reconnectBaseMs: 10, reconnectMaxMs: 20 });
    cleanups.push(() => client.close());
    const heard: string[] = [];
    const on = (who: string, transport: unknown) => `${who}${transport === client ? '' : ' (not on the transport)'}`;
    const failureOf = (failure: ConnectFailure) => `${failure.statusCode} attempt ${failure.attempt}`;
    const observer: ConnectionObserver = {
      open(this: OcppTransport) {
        heard.push(`${on('observer', this)} open`);
      },
      close(this: OcppTransport, ...args) {
        heard.push(`${on('observer', this)} close ${JSON.stringify(args)}`);
      },
      connectFailed(this: OcppTransport, failure) {
        heard.push(`${on('observer', this)} connectFailed ${failureOf(failure)}`);
      },
    };
    client.observeConnection(observer);
    client.on('open', () => heard.push('listener open'));
    client.on('close', (...args) => heard.push(`listener close ${JSON.stringify(args)}`));
    client.on('connectFailed', (failure) => heard.push(`listener connectFailed ${failureOf(failure)}`));

    server.rejectHandshakes(503);
    await client.connect();
    (await server.nextConnection()).drop();
    await nextEvent(client, 'open');
    await server.nextConnection();
    await client.close(1000, 'bye');

    expect(heard).toEqual([
      'observer connectFailed 503 attempt 1',
      'listener connectFailed 503 attempt 1',
      'observer open',
      'listener open',
      // Dropped by the peer: `local` false. Closed by close(): no `local`, as before.
      'observer close [1006,"",false]',
      'listener close [1006,"",false]',
      'observer open',
      'listener open',
      'observer close [1000,"bye"]',
      'listener close [1000,"bye"]',
    ]);
  });
});
