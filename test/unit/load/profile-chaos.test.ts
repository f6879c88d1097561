import { describe, expect, it } from 'vitest';
import { chaosChooser } from '../../../harness/load/profiles/chaos.js';
import { parseProfile } from '../../../harness/load/profiles/compile.js';
import { formatProblem } from '../../../harness/runner/scenario/problems.js';

const profile = (chaos: string) => `name: chaotic
defaults: { stations: 1000, sites: 100 }
stages:
  - ramp: 100% over 10s
chaos:
${chaos}`;

describe('a load profile\'s network chaos', () => {
  it('gives the stations of the named sites their network, a seeded share another, and the rest a clean one', () => {
    const parsed = parseProfile(profile('  - { network: "latency=200ms,jitter=100ms", sites: [S3, S7] }\n  - { network: "drop=2%", share: 10% }\n'), 'p.yaml');
    if (!parsed.ok) throw new Error(parsed.problems.map(formatProblem).join('\n'));
    const choose = chaosChooser(parsed.profile.chaos, 7);
    if (choose === undefined) throw new Error('no chooser for two rules');
    expect(choose({ siteId: 'S3', index: 2 })).toEqual({ latencyMs: 200, jitterMs: 100 });
    expect(choose({ siteId: 'S7', index: 6 })).toEqual({ latencyMs: 200, jitterMs: 100 });
    const others = Array.from({ length: 1000 }, (_, index) => ({ siteId: `S${(index % 100) + 1}`, index })).filter((s) => s.siteId !== 'S3' && s.siteId !== 'S7');
    const dropping = others.filter((s) => choose(s)?.dropOut !== undefined);
    // A tenth of the other 980, give or take the draw; the same stations for the same seed, others for another.
    expect(dropping.length).toBeGreaterThan(60);
    expect(dropping.length).toBeLessThan(140);
    expect(others.filter((s) => choose(s)?.dropOut !== undefined)).toEqual(dropping);
    const again = chaosChooser(parsed.profile.chaos, 8);
    expect(others.filter((s) => again?.(s)?.dropOut !== undefined)).not.toEqual(dropping);
    expect(others.filter((s) => choose(s) === undefined)).toHaveLength(others.length - dropping.length);
  });

  it('no rules: no chooser, every station on a clean network', () => {
    const parsed = parseProfile('name: calm\nstages:\n  - hold: 10s\n', 'calm.yaml');
    expect(parsed.ok && chaosChooser(parsed.profile.chaos, 1)).toBeUndefined();
  });

  it('a bad spec or share is refused with its position and what is allowed', () => {
    const parsed = parseProfile(profile('  - { network: "latency=fast" }\n  - { network: "drop=1%", share: 150% }\n  - { network: "drop=1%", share: 5 }\n'), 'bad.yaml');
    expect(parsed.ok).toBe(false);
    const lines = parsed.ok ? [] : parsed.problems.map(formatProblem);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('bad.yaml:6:16: /chaos/0/network: latency: "fast" is not allowed (allowed: a duration like 50ms or 2s)');
    expect(lines[1]).toMatch(/^bad\.yaml:7:\d+: \/chaos\/1\/share: "150%" is not a share of the stations \(allowed: a percentage from 0% to 100%\)/);
    expect(lines[2]).toMatch(/^bad\.yaml:8:\d+: \/chaos\/2\/share: /);
  });
});
