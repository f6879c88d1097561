import { describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';

const SITE = ['S1-CP1', 'S1-CP2', 'S1-CP3', 'S1-CP4'];

function siteHarness() {
  return createHarness({ heartbeatIntervalS: 60, stationsOfSite: (siteId) => (siteId === 'S1' ? SITE : []) });
}

describe('site-outage rule', () => {
  it('raises one site issue when 3 of 4 stations drop together, and links their connectivity issues to it', () => {
    const h = siteHarness();
    for (const station of SITE) h.heartbeat(station);
    h.advance(10_000);
    for (const station of ['S1-CP1', 'S1-CP2', 'S1-CP3']) h.disconnect(station);
    h.pass(10 * 60_000, ['S1-CP4']);

    const sites = h.raisedOfType('site-outage');
    expect(sites).toHaveLength(1);
    const site = sites[0];
    expect(site).toMatchObject({ code: 'CD-I002', severity: 'critical', siteId: 'S1' });
    const stationIssues = h.openOfType('no-connectivity');
    expect(stationIssues.map((issue) => issue.stationId).sort()).toEqual(['S1-CP1', 'S1-CP2', 'S1-CP3']);
    for (const issue of stationIssues) expect(issue.parentId).toBe(site?.id);
    expect(site?.details).toMatchObject({ siteStations: 4, requiredStations: 2 });
  });

  it('announces the site issue before the station issue that completes the outage', () => {
    const h = siteHarness();
    for (const station of SITE) h.heartbeat(station);
    h.advance(10_000);
    for (const station of ['S1-CP1', 'S1-CP2']) h.disconnect(station);
    h.pass(10 * 60_000, ['S1-CP3', 'S1-CP4']);
    expect(h.raised.map((issue) => issue.type)).toEqual(['no-connectivity', 'site-outage', 'no-connectivity']);
    expect(h.raised[2]?.parentId).toBe(h.raised[1]?.id);
    // The first station's issue was raised before the outage was known: it is linked by an update.
    expect(h.updated.some((issue) => issue.id === h.raised[0]?.id && issue.parentId === h.raised[1]?.id)).toBe(true);
  });

  it('raises no site issue when 1 of 4 stations is silent', () => {
    const h = siteHarness();
    for (const station of SITE) h.heartbeat(station);
    h.pass(30 * 60_000, ['S1-CP2', 'S1-CP3', 'S1-CP4']);
    expect(h.raisedOfType('no-connectivity')).toHaveLength(1);
    expect(h.raisedOfType('site-outage')).toEqual([]);
    expect(h.raised[0]?.parentId).toBeUndefined();
  });

  it('raises no site issue when the stations were lost further apart than the window', () => {
    const h = siteHarness();
    for (const station of SITE) h.heartbeat(station);
    h.disconnect('S1-CP1');
    h.pass(5 * 60_000, ['S1-CP2', 'S1-CP3', 'S1-CP4']);
    h.disconnect('S1-CP2');
    h.pass(10 * 60_000, ['S1-CP3', 'S1-CP4']);
    expect(h.raisedOfType('no-connectivity')).toHaveLength(2);
    expect(h.raisedOfType('site-outage')).toEqual([]);
  });

  it('links a station that goes silent while the outage is open', () => {
    const h = siteHarness();
    for (const station of SITE) h.heartbeat(station);
    for (const station of ['S1-CP1', 'S1-CP2']) h.disconnect(station);
    h.pass(5 * 60_000, ['S1-CP3', 'S1-CP4']);
    h.disconnect('S1-CP3');
    h.pass(5 * 60_000, ['S1-CP4']);
    const site = h.raisedOfType('site-outage')[0];
    expect(h.openOfType('no-connectivity').every((issue) => issue.parentId === site?.id)).toBe(true);
    expect(h.openOfType('no-connectivity')).toHaveLength(3);
  });

  it('is resolved when the site is back', () => {
    const h = siteHarness();
    for (const station of SITE) h.heartbeat(station);
    for (const station of ['S1-CP1', 'S1-CP2', 'S1-CP3']) h.disconnect(station);
    h.pass(10 * 60_000, ['S1-CP4']);
    for (const station of ['S1-CP1', 'S1-CP2', 'S1-CP3']) h.connect(station);
    expect(h.detector.openIssues()).toEqual([]);
    const site = h.resolved.find((issue) => issue.type === 'site-outage');
    expect(site?.resolvedAt?.simMs).toBe(h.clock.now());
  });

  it('takes the site size from the stations seen when stationsOfSite is not given', () => {
    const h = createHarness({ heartbeatIntervalS: 60 });
    for (const station of SITE) h.heartbeat(station);
    for (const station of ['S1-CP1', 'S1-CP2']) h.disconnect(station);
    h.pass(10 * 60_000, ['S1-CP3', 'S1-CP4']);
    expect(h.raisedOfType('site-outage')).toHaveLength(1);
    expect(h.raisedOfType('site-outage')[0]?.details['siteStations']).toBe(4);
  });

  it('never raises a site issue for a single-station site', () => {
    const h = createHarness({ heartbeatIntervalS: 60 });
    h.heartbeat('S9-CP1');
    h.advance(60 * 60_000);
    expect(h.raisedOfType('site-outage')).toEqual([]);
  });
});
