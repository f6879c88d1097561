import { describe, expect, it } from 'vitest';
import type { Issue } from '../../../harness/detector/types.js';
import { createHarness } from './harness.js';

/** What a CSMS store gives back after a restart: plain copies of the open issues. */
function reload(issues: readonly Issue[]): Issue[] {
  return structuredClone(issues.filter((issue) => !issue.resolvedAt));
}

describe('Detector.restore after a CSMS restart', () => {
  it('takes back open issues without announcing them again', () => {
    const before = createHarness();
    before.status('S1-CP1', 1, 'Faulted', { errorCode: 'GroundFailure' });
    const after = createHarness();
    after.detector.restore(reload(before.detector.openIssues()));
    expect(after.raised).toEqual([]);
    expect(after.detector.openIssues().map((issue) => issue.type)).toEqual(['safety-fault']);
  });

  it('resolves a restored issue by the event that would have resolved it', () => {
    const before = createHarness();
    before.heartbeat('S1-CP1');
    before.advance(200_000);
    const after = createHarness();
    after.detector.restore(reload(before.detector.openIssues()));
    after.heartbeat('S1-CP1');
    expect(after.resolved.map((issue) => issue.type)).toEqual(['no-connectivity']);
  });

  it('does not raise a second issue for a condition that is already open', () => {
    const before = createHarness();
    before.status('S1-CP1', 1, 'Faulted', { errorCode: 'ReaderFailure' });
    const after = createHarness();
    after.detector.restore(reload(before.detector.openIssues()));
    after.status('S1-CP1', 1, 'Faulted', { errorCode: 'ReaderFailure' });
    expect(after.raised).toEqual([]);
    expect(after.detector.openIssues()).toHaveLength(1);
  });

  it('re-arms the quiet-window resolution of a restored authorization-failures issue', () => {
    const before = createHarness();
    for (const tag of ['A', 'B', 'C']) before.authorize('S1-CP1', tag, 'Invalid');
    const after = createHarness();
    after.detector.restore(reload(before.detector.openIssues()));
    after.pass(11 * 60_000, ['S1-CP1']);
    expect(after.resolved.map((issue) => issue.type)).toEqual(['authorization-failures']);
  });

  it('keeps a restored site outage and resolves it when the site is back', () => {
    const site = ['S1-CP1', 'S1-CP2', 'S1-CP3'];
    const stationsOfSite = () => site;
    const before = createHarness({ stationsOfSite });
    for (const station of site) before.heartbeat(station);
    before.advance(200_000);
    const after = createHarness({ stationsOfSite });
    after.detector.restore(reload(before.detector.openIssues()));
    expect(after.openOfType('site-outage')).toHaveLength(1);
    for (const station of site) after.heartbeat(station);
    expect(after.detector.openIssues()).toEqual([]);
  });
});
