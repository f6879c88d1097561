/** The seeded fault mix: deterministic from the seed, one fault per station, protocol and time windows respected. */
import { describe, expect, it } from 'vitest';
import { parseProfile, type CompiledProfile } from '../../../harness/load/profiles/compile.js';
import { onlineAt } from '../../../harness/load/profiles/stages.js';
import { formatProblem } from '../../../harness/runner/scenario/problems.js';
import { planFleet } from '../../../simulator/fleet/plan.js';
import { faultParams } from '../../../simulator/faults/registry.js';

const PROFILE = `name: faults
defaults: { stations: 400, sites: 20, protocol: mix, seed: 7 }
stages:
  - ramp: 100% over 30s
  - name: main
    hold: 5m
  - ramp: 0 over 10s
faults:
  - { kind: ground-failure, share: 0.5% }
  - { kind: heartbeat-loss, share: 1% }
  - { kind: stuck-finishing, count: 20, stage: main }
  - { kind: power-loss-resets, share: 0.2%, params: { count: 3 } }
  - { kind: high-temperature, count: 3, connector: 2 }
`;

function compile(text: string, overrides = {}): CompiledProfile {
  const result = parseProfile(text, 'p.yaml', overrides);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.profile;
}

function problems(text: string): string[] {
  const result = parseProfile(text, 'p.yaml');
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('the fault mix', () => {
  const profile = compile(PROFILE);

  it('places each share and count of faults, with complete parameters and the issue each raises', () => {
    const byKind = (kind: string) => profile.faults.filter((f) => f.kind === kind);
    expect(byKind('ground-failure')).toHaveLength(2);
    expect(byKind('heartbeat-loss')).toHaveLength(4);
    expect(byKind('stuck-finishing')).toHaveLength(20);
    expect(byKind('power-loss-resets')).toHaveLength(1);
    expect(byKind('high-temperature')).toHaveLength(3);
    expect(byKind('power-loss-resets')[0]?.params).toEqual(faultParams('power-loss-resets', { count: 3 }));
    expect(byKind('ground-failure').map((f) => f.expectedIssue)).toEqual(['safety-fault', 'safety-fault']);
    expect(byKind('heartbeat-loss').every((f) => f.expectedIssue === 'no-connectivity' && f.connectorId === undefined)).toBe(true);
    expect(byKind('high-temperature').map((f) => f.connectorId)).toEqual([2, 2, 2]);
    for (const fault of byKind('stuck-finishing')) expect([1, 2]).toContain(fault.connectorId);
  });

  it('is the same for the same seed and different for another', () => {
    expect(compile(PROFILE).faults).toEqual(profile.faults);
    const other = compile(PROFILE, { seed: 8 });
    expect(other.faults.map((f) => [f.atMs, f.stationIndex])).not.toEqual(profile.faults.map((f) => [f.atMs, f.stationIndex]));
  });

  it('gives every fault its own station, online at its time, inside its stage, sorted by time', () => {
    const stations = profile.faults.map((f) => f.stationIndex);
    expect(new Set(stations).size).toBe(stations.length);
    for (const fault of profile.faults) expect(fault.stationIndex).toBeLessThan(onlineAt(profile.stages, fault.atMs));
    const end = profile.stages.reduce((sum, s) => sum + s.durationMs, 0);
    for (const fault of profile.faults) expect(fault.atMs).toBeLessThan(end);
    for (const fault of profile.faults.filter((f) => f.kind === 'stuck-finishing')) {
      expect(fault.atMs).toBeGreaterThanOrEqual(30_000);
      expect(fault.atMs).toBeLessThan(330_000);
    }
    expect(profile.faults.map((f) => f.atMs)).toEqual([...profile.faults.map((f) => f.atMs)].sort((a, b) => a - b));
  });

  it('places faults only on stations whose protocol has them (mix: even index 1.6, odd 2.0.1)', () => {
    const plan = planFleet({ stations: 400, sites: 20, protocol: 'mix', seed: 7 });
    const protocols = new Set(profile.faults.map((f) => plan[f.stationIndex]?.protocol));
    // Every kind here exists in both protocols, so the mix lands on both.
    expect(protocols).toEqual(new Set(['ocpp1.6', 'ocpp2.0.1']));
  });

  it.each([
    ['an unknown kind', '  - { kind: ground-fault, count: 1 }', 'p.yaml:6:13: /faults/0/kind: "ground-fault" is not a fault kind (did you mean "ground-failure"?)'],
    ['a site-wide kind', '  - { kind: site-uplink-outage, count: 1 }', "p.yaml:6:13: /faults/0/kind: site-uplink-outage cannot be part of a load run's fault mix: a fault of a whole site; for a reconnect storm use a stage `disconnect:`"],
    ['a bad parameter', '  - { kind: power-loss-resets, count: 1, params: { count: 0 } }', 'p.yaml:6:59: /faults/0/params/count: 0 is not allowed (allowed: a whole number >= 1)'],
    ['a share without %', '  - { kind: ground-failure, share: 1 }', 'p.yaml:6:36: /faults/0/share: 1 is not a share of the stations (allowed: a percentage like 0.5% or 100%, at most 100%)'],
    ['an unknown stage', '  - { kind: ground-failure, count: 1, stage: mainn }', 'p.yaml:6:46: /faults/0/stage: no stage is named "mainn" (did you mean "main"?) (allowed: ramp-1, main)'],
    ['a connector the stations lack', '  - { kind: ground-failure, count: 1, connector: 3 }', 'p.yaml:6:50: /faults/0/connector: connector 3 does not exist: stations have 2 (allowed: 1 … 2)'],
    ['a connector on a station fault', '  - { kind: heartbeat-loss, count: 1, connector: 1 }', 'p.yaml:6:50: /faults/0/connector: heartbeat-loss is a fault of the whole station: it takes no connector'],
    ['more faults than stations', '  - { kind: ground-failure, count: 11 }', 'p.yaml:6:36: /faults/0/count: only 10 of 11 ground-failure faults find a station of their own online during the run (allowed: fewer faults, more stations, or a longer stage with stations online)'],
    ['both share and count', '  - { kind: ground-failure, count: 1, share: 1% }', 'p.yaml:6:5: /faults/0: has "share" and "count": only one of them is allowed (allowed: share, count)'],
  ])('refuses %s where it is written', (_, line, expected) => {
    const text = `name: t\ndefaults: { stations: 10 }\nstages: [{ ramp: 100% over 10s }, { name: main, hold: 1m }]\nsessionsPerHour: 1\nfaults:\n${line}\n`;
    expect(problems(text).map((p) => p.replace(/ \(allowed: heartbeat-loss, .*\)$/, ''))).toEqual([expected]);
  });
});
