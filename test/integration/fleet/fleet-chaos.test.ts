/**
 * FleetOptions.chaos: chosen per station (here per site) by a function, seeded per station, and lost frames
 * show up in the fleet's numbers as call timeouts, while stations without chaos are served as usual.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Csms } from '../../../harness/csms/server.js';
import { ScaledClock } from '../../../simulator/clock.js';
import { Fleet } from '../../../simulator/fleet/fleet.js';
import type { ChaosLayer } from '../../../simulator/transport/chaos.js';
import type { WsOcppClient } from '../../../simulator/transport/ws-client.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('fleet chaos', () => {
  it('applies chaos to the stations a selector picks, seeds each station apart, and counts lost calls as Timeout', async () => {
    const clock = new ScaledClock({ timeScale: 60 });
    const csms = await Csms.start({ clock });
    cleanups.push(() => csms.close());
    const fleet = new Fleet({
      csmsUrl: csms.ocppUrl,
      clock,
      stations: 6,
      sites: 2,
      protocol: 'ocpp1.6',
      seed: 3,
      rampPerS: 1_000,
      stopGraceMs: 0,
      transport: { callTimeoutMs: 300 },
      // Site S2 loses every frame it sends; S1 is clean.
      chaos: (station) => (station.siteId === 'S2' ? { dropOut: 1 } : undefined),
    });
    cleanups.push(() => fleet.stop());
    const allBooted = fleet.waitForBoot(1_500);
    await fleet.start();
    expect(await allBooted).toBe(false);

    const layers = [...fleet.stations.values()].map((s) => [s.id, (s.transport as WsOcppClient).chaos as ChaosLayer | undefined] as const);
    const chaotic = layers.filter(([, layer]) => layer !== undefined);
    expect(chaotic.map(([id]) => id).sort()).toEqual(['S2-CP1', 'S2-CP2', 'S2-CP3']);
    expect(new Set(chaotic.map(([, layer]) => layer?.options.seed)).size).toBe(3);
    for (const [, layer] of chaotic) expect(layer?.stats.droppedOut).toBeGreaterThan(0);

    const snapshot = fleet.metrics.snapshot();
    expect(snapshot.booted).toBe(3);
    expect([...fleet.metrics.bootStatus.keys()].sort()).toEqual(['S1-CP1', 'S1-CP2', 'S1-CP3']);
    expect(snapshot.errorsByCode.Timeout).toBeGreaterThanOrEqual(3);
    expect(Object.keys(snapshot.errorsByCode)).toEqual(['Timeout']);
    expect(snapshot.actions.find((a) => a.action === 'BootNotification')?.timedOut).toBe(snapshot.errorsByCode.Timeout);
  });
});
