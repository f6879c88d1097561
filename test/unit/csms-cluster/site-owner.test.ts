import { describe, expect, it } from 'vitest';
import { siteHash, workerOfSite, workerOfStation } from '../../../harness/csms-cluster/site-owner.js';

describe('the worker that owns a site', () => {
  it('is a fixed function of the site id: pinned values, so a change of hash (which would move every site on restart) fails here', () => {
    expect([siteHash('S1'), siteHash('S2'), siteHash('S3'), siteHash('a'), siteHash('')]).toEqual([3114598777, 1530700981, 3943931629, 444641715, 2872998923]);
    expect(['S1', 'S2', 'S3', 'S4', 'S5'].map((site) => workerOfSite(site, 3))).toEqual([1, 1, 1, 2, 0]);
  });

  it('puts every station of a site on its site’s worker, whatever the charger number', () => {
    for (let site = 1; site <= 50; site++) {
      const owner = workerOfSite(`S${site}`, 7);
      for (let n = 1; n <= 12; n++) expect(workerOfStation(`S${site}-CP${n}`, 7)).toBe(owner);
    }
    // A station id outside the S<site>-CP<n> convention is a site of its own.
    expect(workerOfStation('charger-x', 5)).toBe(workerOfSite('charger-x', 5));
    expect(workerOfStation('east-S1-CP2', 4, () => 'east-S1')).toBe(workerOfSite('east-S1', 4));
  });

  it('spreads many sites evenly (each of 6 workers gets 1/6 of 12,000 sites within 5 %)', () => {
    const counts = new Array<number>(6).fill(0);
    for (let site = 1; site <= 12_000; site++) counts[workerOfSite(`S${site}`, 6)]! += 1;
    for (const count of counts) expect(Math.abs(count - 2_000)).toBeLessThan(100);
  });

  it('is 0 for one worker and refuses a count that is not a whole number >= 1', () => {
    expect(workerOfSite('S9', 1)).toBe(0);
    expect(() => workerOfSite('S1', 0)).toThrow(/workers must be a whole number >= 1, got 0/);
    expect(() => workerOfSite('S1', 2.5)).toThrow(/got 2.5/);
  });
});
