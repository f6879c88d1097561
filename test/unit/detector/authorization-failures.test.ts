import { describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';

describe('authorization-failures rule', () => {
  it('raises on the third rejected Authorize at one station within 10 min', () => {
    const h = createHarness();
    h.authorize('S1-CP1', 'TAG-A', 'Invalid');
    h.advance(60_000);
    h.authorize('S1-CP1', 'TAG-B', 'Blocked');
    expect(h.raised).toEqual([]);
    h.advance(60_000);
    const third = h.authorize('S1-CP1', 'TAG-C', 'Expired');
    const [issue] = h.raisedOfType('authorization-failures');
    expect(issue).toMatchObject({ code: 'CD-I008', stationId: 'S1-CP1', siteId: 'S1' });
    expect(issue?.raisedAt.simMs).toBe(third.at);
    expect(issue?.evidence).toHaveLength(3);
    expect(issue?.details).toMatchObject({ rejections: 3, idTags: ['TAG-A', 'TAG-B', 'TAG-C'] });
  });

  it('raises nothing for one rejected Authorize', () => {
    const h = createHarness();
    h.authorize('S1-CP1', 'TAG-A', 'Invalid');
    h.authorize('S1-CP1', 'TAG-A', 'Accepted');
    expect(h.raised).toEqual([]);
  });

  it('raises nothing for rejections spread wider than the window', () => {
    const h = createHarness();
    for (let i = 0; i < 3; i++) {
      h.authorize('S1-CP1', 'TAG-A', 'Invalid');
      h.pass(6 * 60_000, ['S1-CP1']);
    }
    expect(h.raised).toEqual([]);
  });

  it('does not count ConcurrentTx or missing-tariff refusals as authorization failures', () => {
    const h = createHarness();
    h.authorize('S1-CP1', 'TAG-A', 'ConcurrentTx');
    h.authorize('S1-CP1', 'TAG-B', 'Blocked', { action: 'StartTransaction', reason: 'no-tariff' });
    h.authorize('S1-CP1', 'TAG-C', 'Invalid');
    expect(h.raisedOfType('authorization-failures')).toEqual([]);
  });

  it('is resolved after a full window without a rejection', () => {
    const h = createHarness();
    for (const tag of ['A', 'B', 'C']) h.authorize('S1-CP1', tag, 'Invalid');
    const lastAt = h.clock.now();
    h.pass(11 * 60_000, ['S1-CP1']);
    expect(h.resolved.find((issue) => issue.type === 'authorization-failures')?.resolvedAt?.simMs).toBe(lastAt + 10 * 60_000);
  });
});

describe('network-authorization-failures rule', () => {
  function failThrice(h: ReturnType<typeof createHarness>, stationId: string): void {
    for (const tag of ['A', 'B', 'C']) h.authorize(stationId, `${stationId}-${tag}`, 'Invalid');
  }

  it('raises one network issue when three sites have authorization failures at once, and links the station issues', () => {
    const h = createHarness();
    failThrice(h, 'S1-CP1');
    failThrice(h, 'S2-CP1');
    expect(h.raisedOfType('network-authorization-failures')).toEqual([]);
    failThrice(h, 'S3-CP4');
    const [network] = h.raisedOfType('network-authorization-failures');
    expect(network).toMatchObject({ code: 'CD-I009', severity: 'critical' });
    expect(network?.details).toMatchObject({ sites: 3, siteIds: ['S1', 'S2', 'S3'] });
    const stations = h.openOfType('authorization-failures');
    expect(stations).toHaveLength(3);
    for (const issue of stations) expect(issue.parentId).toBe(network?.id);
  });

  it('raises no network issue for failures at two stations of one site and one elsewhere', () => {
    const h = createHarness();
    failThrice(h, 'S1-CP1');
    failThrice(h, 'S1-CP2');
    failThrice(h, 'S2-CP1');
    expect(h.raisedOfType('network-authorization-failures')).toEqual([]);
  });

  it('is resolved when fewer sites have open failures', () => {
    const h = createHarness();
    failThrice(h, 'S1-CP1');
    failThrice(h, 'S2-CP1');
    failThrice(h, 'S3-CP1');
    h.pass(11 * 60_000, ['S1-CP1', 'S2-CP1', 'S3-CP1']);
    expect(h.detector.openIssues()).toEqual([]);
    expect(h.resolved.map((issue) => issue.type)).toContain('network-authorization-failures');
  });
});
