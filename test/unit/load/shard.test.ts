/** Shards of a load run: stage targets divided without losing a station, faults to the owner, ids that never meet. */
import { describe, expect, it } from 'vitest';
import { ownsStation, shardFaults, shardPosition, shardTarget } from '../../../harness/load/shard.js';
import type { ScheduledFault } from '../../../harness/load/result.js';
import { planFleet } from '../../../simulator/fleet/plan.js';

describe('shards of a run', () => {
  it('divide every stage target so the shards add up to it, and own the same stations the single run has online', () => {
    for (const count of [1, 2, 3, 7]) {
      for (let target = 0; target <= 50; target++) {
        const parts = Array.from({ length: count }, (_, index) => shardTarget(target, { index, count }));
        expect(parts.reduce((a, b) => a + b, 0)).toBe(target);
        // The first shardTarget stations of a shard are exactly its run indexes below the target.
        parts.forEach((part, index) => {
          const owned = Array.from({ length: target }, (_, r) => r).filter((r) => ownsStation({ index, count }, r));
          expect(owned).toHaveLength(part);
          expect(owned.map((r) => shardPosition(r, { index, count }))).toEqual(Array.from({ length: part }, (_, i) => i));
        });
      }
    }
    expect(shardTarget(10, undefined)).toBe(10);
  });

  it('give each scheduled fault to the shard owning its station, keeping its run index', () => {
    const fault = (stationIndex: number): ScheduledFault => ({ atMs: 0, stationIndex, kind: 'connection-loss', params: {}, expectedIssue: 'no-connectivity' });
    const faults = [0, 1, 2, 3, 4, 5, 8].map(fault);
    const shards = [0, 1, 2].map((index) => shardFaults(faults, { index, count: 3 }).map((f) => f.stationIndex));
    expect(shards).toEqual([[0, 3], [1, 4], [2, 5, 8]]);
    expect(shardPosition(8, { index: 2, count: 3 })).toBe(2);
    expect(shardPosition(8, { index: 1, count: 3 })).toBeUndefined();
  });

  it('plan the same ids, seeds and tokens as the single run, disjoint, with the union the single run\'s', () => {
    const whole = planFleet({ stations: 20, sites: 4, protocol: 'mix', seed: 5 });
    const shards = [0, 1, 2].map((index) => planFleet({ stations: 20, sites: 4, protocol: 'mix', seed: 5, shard: { index, count: 3 } }));
    const ids = shards.flatMap((plan) => plan.map((s) => s.id));
    expect(new Set(ids).size).toBe(20);
    expect([...ids].sort()).toEqual(whole.map((s) => s.id).sort());
    for (const station of shards.flat()) expect(station).toEqual(whole[station.index]);
  });
});

describe('--first-station and --id-prefix', () => {
  it('plan stations N.. of a larger fleet: the same ids, seeds and tokens as there, none of a fleet before it', () => {
    const larger = planFleet({ stations: 30, sites: 5, protocol: 'ocpp1.6', seed: 2 });
    const second = planFleet({ stations: 10, sites: 5, protocol: 'ocpp1.6', seed: 2, firstStation: 20 });
    expect(second).toEqual(larger.slice(20));
    const first = planFleet({ stations: 20, sites: 5, protocol: 'ocpp1.6', seed: 2 });
    const taken = new Set(first.map((s) => s.id));
    expect(second.some((s) => taken.has(s.id))).toBe(false);
    const tokens = new Set(first.flatMap((s) => s.tokens.map((t) => t.idToken)));
    expect(second.some((s) => s.tokens.some((t) => tokens.has(t.idToken)))).toBe(false);
  });

  it('put a prefix before every station and site id', () => {
    const plan = planFleet({ stations: 3, sites: 2, protocol: 'ocpp1.6', seed: 1, idPrefix: 'east-' });
    expect(plan.map((s) => [s.id, s.siteId])).toEqual([['east-S1-CP1', 'east-S1'], ['east-S2-CP1', 'east-S2'], ['east-S1-CP2', 'east-S1']]);    // As docs/load.md says: the prefix exactly as given, no separator added.
    expect(planFleet({ stations: 1, sites: 1, protocol: 'ocpp1.6', seed: 1, idPrefix: 'east' })[0]?.id).toBe('eastS1-CP1');
  });

  it('refuse a prefix that cannot be part of a URL path, a negative first station and a shard outside its count', () => {
    expect(() => planFleet({ stations: 3, sites: 1, protocol: 'ocpp1.6', seed: 1, idPrefix: 'a/b' })).toThrow(/idPrefix must be 1 to 16 of A-Z a-z 0-9 \. _ -, got "a\/b"/);
    expect(() => planFleet({ stations: 3, sites: 1, protocol: 'ocpp1.6', seed: 1, firstStation: -1 })).toThrow(/firstStation must be a whole number >= 0, got -1/);
    expect(() => planFleet({ stations: 3, sites: 1, protocol: 'ocpp1.6', seed: 1, shard: { index: 3, count: 3 } })).toThrow(/shard must be a whole index from 0 to count - 1/);
  });
});
