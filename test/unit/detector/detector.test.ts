import { describe, expect, it } from 'vitest';
import { Detector } from '../../../harness/detector/detector.js';
import { defineRule } from '../../../harness/detector/rule.js';
import { createHarness } from './harness.js';
import { ManualClock } from './manual-clock.js';

describe('Detector', () => {
  it('takes the site from the station id prefix before -CP by default', () => {
    const detector = new Detector({ clock: new ManualClock(), heartbeatIntervalS: 60 });
    detector.handle({ type: 'authorize', stationId: 'S12-CP3', seq: 1, at: 0, idTag: 'T', status: 'ConcurrentTx' });
    detector.handle({ type: 'authorize', stationId: 'depot-7', seq: 2, at: 0, idTag: 'U', status: 'ConcurrentTx' });
    expect(detector.openIssues().map((issue) => issue.siteId).sort()).toEqual(['S12', 'depot-7']);
  });

  it('uses the siteOf function it is given', () => {
    const detector = new Detector({ clock: new ManualClock(), heartbeatIntervalS: 60, siteOf: () => 'everywhere' });
    detector.handle({ type: 'authorize', stationId: 'S1-CP1', seq: 1, at: 0, idTag: 'T', status: 'ConcurrentTx' });
    expect(detector.openIssues()[0]?.siteId).toBe('everywhere');
  });

  it('refuses a missing heartbeat interval unless a fixed silence is configured', () => {
    expect(() => new Detector({ clock: new ManualClock(), heartbeatIntervalS: 0 })).toThrow(/heartbeatIntervalS: 0 is not allowed, expected a number of seconds > 0/);
    expect(() => new Detector({ clock: new ManualClock(), heartbeatIntervalS: 0, config: { noConnectivityAfterMs: 60_000 } })).not.toThrow();
  });

  it('refuses an invalid config with every problem listed', () => {
    expect(() => new Detector({ clock: new ManualClock(), heartbeatIntervalS: 60, config: { rebootLoopCount: 0, authFailuresCount: -1 } })).toThrow(
      /rebootLoopCount: 0 is not allowed[\s\S]*authFailuresCount: -1 is not allowed/,
    );
  });

  it('keeps going when one rule throws, and reports it', () => {
    const clock = new ManualClock();
    const broken = () => defineRule({ name: 'broken', eventTypes: ['authorize'], handle: () => { throw new Error('boom'); } });
    const seen: string[] = [];
    const recorder = () => defineRule({ name: 'recorder', eventTypes: ['authorize'], handle: (event) => seen.push(event.idTag) });
    const detector = new Detector({ clock, heartbeatIntervalS: 60, rules: [broken, recorder] });
    const errors: string[] = [];
    detector.on('internal-error', (_error, where) => errors.push(where));
    detector.handle({ type: 'authorize', stationId: 'S1-CP1', seq: 1, at: clock.now(), idTag: 'T', status: 'Accepted' });
    expect(errors).toEqual(['rule broken']);
    expect(seen).toEqual(['T']);
  });

  it('keeps its state consistent when a subscriber throws', () => {
    const h = createHarness();
    const errors: string[] = [];
    h.detector.removeAllListeners('internal-error');
    h.detector.on('internal-error', (_error, where) => errors.push(where));
    h.detector.prependListener('issue-raised', () => {
      throw new Error('subscriber bug');
    });
    h.authorize('S1-CP1', 'TAG-A', 'ConcurrentTx');
    expect(errors).toEqual(['subscriber of issue-raised']);
    expect(h.detector.openIssues()).toHaveLength(1);
  });

  it('fires nothing after stop', () => {
    const h = createHarness();
    h.heartbeat('S1-CP1');
    h.detector.stop();
    h.advance(24 * 3_600_000);
    h.status('S1-CP1', 1, 'Faulted', { errorCode: 'GroundFailure' });
    expect(h.raised).toEqual([]);
  });

  it('lists open and resolved issues', () => {
    const h = createHarness();
    h.status('S1-CP1', 1, 'Faulted', { errorCode: 'ReaderFailure' });
    h.status('S1-CP1', 1, 'Available', { errorCode: 'NoError' });
    h.status('S1-CP2', 1, 'Faulted', { errorCode: 'ReaderFailure' });
    expect(h.detector.issues()).toHaveLength(2);
    expect(h.detector.openIssues().map((issue) => issue.stationId)).toEqual(['S1-CP2']);
  });
});
