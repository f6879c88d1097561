/** Each planned station has its own drivers' tokens: disjoint across the fleet, valid for its version, seeded. */
import { describe, expect, it } from 'vitest';
import { planFleet } from '../../../simulator/fleet/plan.js';
import { TOKENS_PER_CONNECTOR } from '../../../simulator/fleet/token-pool.js';
import { tokenProblem } from '../../../simulator/protocol/id-tokens.js';

describe('fleet token pools', () => {
  const plan = planFleet({ stations: 2_000, sites: 100, protocol: 'mix', seed: 1, connectors: 2 });

  it('gives a 2,000-station fleet with 2 connectors no token shared by two stations', () => {
    const holder = new Map<string, string>();
    const shared: string[] = [];
    for (const station of plan) {
      expect(station.tokens).toHaveLength(2 * TOKENS_PER_CONNECTOR);
      for (const { idToken } of station.tokens) {
        const other = holder.get(idToken.toUpperCase());
        if (other !== undefined && other !== station.id) shared.push(`${idToken} at ${other} and ${station.id}`);
        holder.set(idToken.toUpperCase(), station.id);
      }
    }
    expect(shared).toEqual([]);
    expect(holder.size).toBe(2_000 * 2 * TOKENS_PER_CONNECTOR);
  });

  it('gives every station tokens valid for its version, typed as real fleets send them', () => {
    for (const station of plan) {
      for (const token of station.tokens) expect(tokenProblem(station.protocol, token.idToken, token.type), `${station.id} ${token.idToken}`).toBeUndefined();
    }
    const types = (protocol: string) => plan.filter((s) => s.protocol === protocol).flatMap((s) => s.tokens.map((t) => t.type));
    expect(new Set(types('ocpp1.6'))).toEqual(new Set(['ISO14443']));
    const types201 = types('ocpp2.0.1');
    const share = (type: string) => types201.filter((t) => t === type).length / types201.length;
    expect(share('ISO14443')).toBeGreaterThan(0.7);
    expect(share('eMAID')).toBeGreaterThan(0.1);
    expect(share('ISO15693')).toBeGreaterThan(0.02);
    expect(share('Central')).toBe(0);
  });

  it('scales the pool with connectors and deals the same tokens for the same seed, sharded or not', () => {
    const four = planFleet({ stations: 10, sites: 2, protocol: 'ocpp2.0.1', seed: 9, connectors: 4 });
    expect(four.every((s) => s.tokens.length === 4 * TOKENS_PER_CONNECTOR)).toBe(true);
    const whole = planFleet({ stations: 30, sites: 3, protocol: 'mix', seed: 9 });
    expect(planFleet({ stations: 30, sites: 3, protocol: 'mix', seed: 9 })).toEqual(whole);
    const shard = planFleet({ stations: 30, sites: 3, protocol: 'mix', seed: 9, shard: { index: 1, count: 3 } });
    for (const station of shard) expect(station.tokens).toEqual(whole[station.index]?.tokens);
    const other = planFleet({ stations: 30, sites: 3, protocol: 'mix', seed: 10 });
    expect(other.map((s) => s.tokens)).not.toEqual(whole.map((s) => s.tokens));
  });

  it('refuses a connector count that is not a whole number >= 1', () => {
    expect(() => planFleet({ stations: 3, sites: 1, protocol: 'ocpp1.6', seed: 1, connectors: 0 })).toThrow('connectors must be a whole number >= 1, got 0');
  });
});
