/** A fleet mixes vendor behaviour profiles by station seed: deterministic, and every listed profile is used. */
import { afterEach, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../../simulator/clock.js';
import { Fleet, type FleetOptions } from '../../../simulator/fleet/fleet.js';
import { BEHAVIOUR_PROFILES } from '../../../simulator/station/behaviour.js';
import { VirtualStation } from '../../../simulator/station/station.js';
import { FakeTransport } from '../station/fake-transport.js';

const fleets: Fleet[] = [];
afterEach(async () => {
  for (const fleet of fleets.splice(0)) await fleet.stop();
});

async function startFleet(options: Partial<FleetOptions>): Promise<Fleet> {
  const clock = new ScaledClock({ timeScale: 1_000 });
  const fleet = new Fleet({
    csmsUrl: 'ws://csms.test/ocpp',
    clock,
    stations: 20,
    sites: 2,
    protocol: 'ocpp1.6',
    seed: 9,
    rampPerS: 10_000,
    createStation: (config) => new VirtualStation(config, { createTransport: (transport) => new FakeTransport(transport, clock) }),
    ...options,
  });
  fleets.push(fleet);
  await fleet.start();
  return fleet;
}

const profilesOf = (fleet: Fleet) => new Map([...fleet.stations].map(([id, station]) => [id, station.profile]));

describe('fleet behaviour profiles', () => {
  it('deals the listed profiles to stations by seed, the same way every run', async () => {
    const first = profilesOf(await startFleet({ behaviours: ['reference', 'vendor-a'] }));
    const second = profilesOf(await startFleet({ behaviours: ['reference', 'vendor-a'] }));
    expect(second).toEqual(first);
    const values = [...first.values()];
    const reference = values.filter((p) => JSON.stringify(p) === JSON.stringify(BEHAVIOUR_PROFILES.reference)).length;
    const vendorA = values.filter((p) => JSON.stringify(p) === JSON.stringify(BEHAVIOUR_PROFILES['vendor-a'])).length;
    expect(reference + vendorA).toBe(20);
    expect(reference).toBeGreaterThan(0);
    expect(vendorA).toBeGreaterThan(0);
  });

  it('gives every station the one `behaviour`, reference when none is given', async () => {
    const all = [...profilesOf(await startFleet({ behaviour: { profile: 'vendor-b', finishing: 'straight-to-available' } })).values()];
    expect(all.every((p) => p.statusNotifications === 'every-change' && p.finishing === 'straight-to-available')).toBe(true);
    const plain = [...profilesOf(await startFleet({})).values()];
    expect(plain.every((p) => JSON.stringify(p) === JSON.stringify(BEHAVIOUR_PROFILES.reference))).toBe(true);
  });

  it('refuses an unknown profile before starting any station', () => {
    const clock = new ScaledClock({ timeScale: 1 });
    const base = { csmsUrl: 'ws://csms.test/ocpp', clock, stations: 2, sites: 1, protocol: 'ocpp1.6' as const, seed: 1, rampPerS: 1 };
    expect(() => new Fleet({ ...base, behaviours: ['reference', 'vendor-q' as never] })).toThrow('fleet behaviours[1] must be one of reference, vendor-a, vendor-b, got "vendor-q"');
    expect(() => new Fleet({ ...base, behaviours: [] })).toThrow(/behaviours must list at least one profile/);
  });
});
