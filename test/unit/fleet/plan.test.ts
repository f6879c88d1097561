import { describe, expect, it } from 'vitest';
import { planFleet } from '../../../simulator/fleet/plan.js';
import { stationTokens, TOKENS_PER_CONNECTOR } from '../../../simulator/fleet/token-pool.js';

describe('planFleet', () => {
  it('deals stations to sites in turn with S<site>-CP<n> ids', () => {
    const plan = planFleet({ stations: 5, sites: 2, protocol: 'ocpp1.6', seed: 1 });
    expect(plan.map((s) => s.id)).toEqual(['S1-CP1', 'S2-CP1', 'S1-CP2', 'S2-CP2', 'S1-CP3']);
    expect(plan.map((s) => s.siteId)).toEqual(['S1', 'S2', 'S1', 'S2', 'S1']);
  });

  it('makes a mixed fleet exactly half 1.6 and half 2.0.1', () => {
    const plan = planFleet({ stations: 200, sites: 10, protocol: 'mix', seed: 1 });
    expect(plan.filter((s) => s.protocol === 'ocpp1.6')).toHaveLength(100);
    expect(plan.filter((s) => s.protocol === 'ocpp2.0.1')).toHaveLength(100);
  });

  it('gives the same seeds for the same fleet seed and different ones for another', () => {
    const a = planFleet({ stations: 50, sites: 5, protocol: 'ocpp1.6', seed: 7 });
    const b = planFleet({ stations: 50, sites: 5, protocol: 'ocpp1.6', seed: 7 });
    const c = planFleet({ stations: 50, sites: 5, protocol: 'ocpp1.6', seed: 8 });
    expect(a.map((s) => s.seed)).toEqual(b.map((s) => s.seed));
    expect(a.map((s) => s.seed)).not.toEqual(c.map((s) => s.seed));
    expect(new Set(a.map((s) => s.seed)).size).toBe(50);
  });

  it('partitions a fleet into disjoint shards that cover every station', () => {
    const whole = planFleet({ stations: 101, sites: 7, protocol: 'mix', seed: 3 });
    const shards = [0, 1, 2].map((index) => planFleet({ stations: 101, sites: 7, protocol: 'mix', seed: 3, shard: { index, count: 3 } }));
    const ids = shards.flatMap((shard) => shard.map((s) => s.id));
    expect(ids).toHaveLength(101);
    expect(new Set(ids)).toEqual(new Set(whole.map((s) => s.id)));
  });

  it('derives each station\'s tokens from its fleet seed, index, seed and protocol, once', () => {
    const plan = planFleet({ stations: 6, sites: 2, protocol: 'mix', seed: 11, connectors: 3, firstStation: 4 });
    for (const station of plan) {
      const tokens = station.tokens;
      expect(tokens).toEqual(stationTokens({ fleetSeed: 11, index: station.index, stationSeed: station.seed, protocol: station.protocol, count: 3 * TOKENS_PER_CONNECTOR }));
      expect(station.tokens).toBe(tokens);
    }
    expect(new Set(plan.flatMap((s) => s.tokens.map((t) => t.idToken))).size).toBe(6 * 3 * TOKENS_PER_CONNECTOR);
  });

  it('refuses more sites than stations and non-whole counts', () => {
    expect(() => planFleet({ stations: 3, sites: 4, protocol: 'ocpp1.6', seed: 1 })).toThrow(/sites must be a whole number from 1 to the number of stations \(3\), got 4/);
    expect(() => planFleet({ stations: 2.5, sites: 1, protocol: 'ocpp1.6', seed: 1 })).toThrow(/stations must be a whole number/);
  });
});
