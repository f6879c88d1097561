/**
 * A station on the real transport hears its connection through the transport's connection observer, not as a
 * listener: the transport's table of listeners holds only what others add, and the station still hears each
 * 'open', 'close' and 'connectFailed' before the transport's other listeners do, as when it listened first.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../../simulator/clock.js';
import { VirtualStation } from '../../../simulator/station/station.js';
import { WsOcppClient } from '../../../simulator/transport/ws-client.js';
import { ScriptedServer, nextEvent } from '../transport/helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('station and its transport', () => {
  it('adds no listener to the transport and hears each connection event before the transport listeners', async () => {
    const server = await ScriptedServer.start();
    cleanups.push(() => server.close());
    const clock = new ScaledClock({ timeScale: 1, startEpochMs: Date.UTC(2025, 0, 1) });
    const station = new VirtualStation({
      id: 'CP-1',
      siteId: 'S1',
      protocol: 'ocpp1.6',
      csmsUrl: `ws://127.0.0.1:${server.port}/ocpp`,
      clock,
      seed: 1,
      transport: { reconnectBaseMs: 10, reconnectMaxMs: 20 },
    });
    cleanups.push(() => station.stop());
    const { transport } = station;
    expect(transport).toBeInstanceOf(WsOcppClient);

    expect((transport as WsOcppClient).eventNames()).toEqual([]);

    const heard: string[] = [];
    station.on('connectFailed', (failure) => heard.push(`station connectFailed ${failure.statusCode}`));
    station.on('connected', () => heard.push('station connected'));
    station.on('disconnected', (code) => heard.push(`station disconnected ${code}`));
    transport.on('connectFailed', (failure) => heard.push(`transport connectFailed ${failure.statusCode}`));
    transport.on('open', () => heard.push('transport open'));
    transport.on('close', (code) => heard.push(`transport close ${code}`));

    server.rejectHandshakes(503);
    await station.start();
    (await server.nextConnection()).drop();
    await nextEvent(transport, 'open');

    expect(heard).toEqual([
      'station connectFailed 503',
      'transport connectFailed 503',
      'station connected',
      'transport open',
      'station disconnected 1006',
      'transport close 1006',
      'station connected',
      'transport open',
    ]);
  });
});
