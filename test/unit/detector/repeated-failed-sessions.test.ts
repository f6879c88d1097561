import { describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';

function session(h: Harness, transactionId: string, durationMs: number, energyWh: number): void {
  h.started('S1-CP1', 1, transactionId);
  h.pass(durationMs, ['S1-CP1']);
  h.ended('S1-CP1', 1, transactionId, { energyWh });
}

describe('repeated-failed-sessions rule', () => {
  it('raises on the third session within an hour that ended in under 2 min or with 0 Wh', () => {
    const h = createHarness();
    session(h, 'a', 30_000, 150);
    h.pass(10 * 60_000, ['S1-CP1']);
    session(h, 'b', 10 * 60_000, 0);
    expect(h.raised).toEqual([]);
    h.pass(10 * 60_000, ['S1-CP1']);
    session(h, 'c', 60_000, 40);
    const [issue] = h.raisedOfType('repeated-failed-sessions');
    expect(issue).toMatchObject({ code: 'CD-I012', stationId: 'S1-CP1', details: { failedSessions: 3 } });
    expect(issue?.evidence).toHaveLength(3);
  });

  it('raises nothing for normal sessions', () => {
    const h = createHarness();
    for (const id of ['a', 'b', 'c', 'd']) {
      h.started('S1-CP1', 1, id);
      h.pass(20 * 60_000, ['S1-CP1']);
      h.ended('S1-CP1', 1, id, { energyWh: 9_000 });
    }
    expect(h.raised).toEqual([]);
  });

  it('raises nothing for failed sessions spread over more than the window', () => {
    const h = createHarness();
    for (const id of ['a', 'b', 'c']) {
      session(h, id, 30_000, 0);
      h.pass(31 * 60_000, ['S1-CP1']);
    }
    expect(h.raised).toEqual([]);
  });

  it('is resolved by the next good session on the charger', () => {
    const h = createHarness();
    for (const id of ['a', 'b', 'c']) session(h, id, 30_000, 0);
    h.started('S1-CP1', 1, 'd');
    h.pass(20 * 60_000, ['S1-CP1']);
    h.ended('S1-CP1', 1, 'd', { energyWh: 9_000 });
    expect(h.resolved.map((issue) => issue.type)).toEqual(['repeated-failed-sessions']);
  });
});
