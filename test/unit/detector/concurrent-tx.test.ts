import { describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';

describe('concurrent-tx rule', () => {
  it('raises when Authorize is answered ConcurrentTx', () => {
    const h = createHarness();
    h.authorize('S1-CP1', 'TAG-A', 'ConcurrentTx');
    expect(h.raised).toHaveLength(1);
    expect(h.raised[0]).toMatchObject({ type: 'concurrent-tx', code: 'CD-I010', stationId: 'S1-CP1', details: { idTag: 'TAG-A', attempts: 1 } });
  });

  it('raises for a start refused because the token is in use (2.0.1 TransactionEvent decision)', () => {
    const h = createHarness();
    h.authorize('S1-CP1', 'TAG-A', 'ConcurrentTx', { action: 'TransactionEvent', reason: 'concurrent-tx' });
    expect(h.raised[0]).toMatchObject({ type: 'concurrent-tx', details: { action: 'TransactionEvent' } });
  });

  it('keeps one issue for repeated attempts with the same token', () => {
    const h = createHarness();
    h.authorize('S1-CP1', 'TAG-A', 'ConcurrentTx');
    h.authorize('S1-CP1', 'TAG-A', 'ConcurrentTx');
    expect(h.raised).toHaveLength(1);
    expect(h.raised[0]?.details['attempts']).toBe(2);
  });

  it('is resolved when the blocking session elsewhere ends', () => {
    const h = createHarness();
    h.started('S2-CP1', 1, 'tx-9', 'TAG-A');
    h.authorize('S1-CP1', 'TAG-A', 'ConcurrentTx');
    h.ended('S2-CP1', 1, 'tx-9');
    expect(h.resolved.map((issue) => issue.type)).toEqual(['concurrent-tx']);
  });

  it('is resolved when the token is accepted at the station', () => {
    const h = createHarness();
    h.authorize('S1-CP1', 'TAG-A', 'ConcurrentTx');
    h.authorize('S1-CP1', 'TAG-A', 'Accepted');
    expect(h.detector.openIssues()).toEqual([]);
  });

  it('raises nothing for an accepted token starting its session', () => {
    const h = createHarness();
    h.authorize('S1-CP1', 'TAG-A', 'Accepted');
    h.started('S1-CP1', 1, 'tx-1', 'TAG-A');
    expect(h.raised).toEqual([]);
  });
});
