import { describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';

const FIFTEEN_MIN_MS = 15 * 60_000;

function endSession16(h: Harness): number {
  h.started('S1-CP1', 1, 'tx-1');
  h.status('S1-CP1', 1, 'Charging', { errorCode: 'NoError' });
  h.pass(20 * 60_000, ['S1-CP1']);
  const ended = h.ended('S1-CP1', 1, 'tx-1', { reason: 'Local' });
  h.status('S1-CP1', 1, 'Finishing', { errorCode: 'NoError' });
  return ended.at;
}

describe('stuck-finishing rule', () => {
  it('raises when a 1.6 connector stays Finishing 15 min after the transaction ended, dated at the crossing', () => {
    const h = createHarness();
    const endedAt = endSession16(h);
    h.pass(FIFTEEN_MIN_MS - 60_000, ['S1-CP1']);
    h.advance(59_999);
    expect(h.raisedOfType('stuck-finishing')).toEqual([]);
    h.advance(1);
    const [issue] = h.raisedOfType('stuck-finishing');
    expect(issue).toMatchObject({ code: 'CD-I006', severity: 'minor', stationId: 'S1-CP1', connectorId: 1 });
    expect(issue?.raisedAt.simMs).toBe(endedAt + FIFTEEN_MIN_MS);
  });

  it('is resolved when the connector becomes Available', () => {
    const h = createHarness();
    endSession16(h);
    h.pass(FIFTEEN_MIN_MS + 60_000, ['S1-CP1']);
    h.status('S1-CP1', 1, 'Available', { errorCode: 'NoError' });
    expect(h.resolved.map((issue) => issue.type)).toEqual(['stuck-finishing']);
  });

  it('raises nothing for a Finishing that ends in time', () => {
    const h = createHarness();
    endSession16(h);
    h.pass(FIFTEEN_MIN_MS - 60_000, ['S1-CP1']);
    h.status('S1-CP1', 1, 'Available', { errorCode: 'NoError' });
    h.pass(FIFTEEN_MIN_MS, ['S1-CP1']);
    expect(h.raised).toEqual([]);
  });

  it('raises when a 2.0.1 connector stays Occupied without a transaction after the session ended', () => {
    const h = createHarness();
    h.status('S1-CP1', 1, 'Occupied', { evseId: 1 });
    h.started('S1-CP1', 1, 'tx-1', 'TAG-1', { evseId: 1 });
    h.pass(10 * 60_000, ['S1-CP1']);
    const ended = h.ended('S1-CP1', 1, 'tx-1', { reason: 'Local', evseId: 1 });
    h.pass(FIFTEEN_MIN_MS, ['S1-CP1']);
    const [issue] = h.raisedOfType('stuck-finishing');
    expect(issue).toMatchObject({ evseId: 1, connectorId: 1 });
    expect(issue?.raisedAt.simMs).toBe(ended.at + FIFTEEN_MIN_MS);
  });

  it('raises nothing for a 2.0.1 driver plugged in for long before authorizing', () => {
    const h = createHarness();
    h.status('S1-CP1', 1, 'Occupied', { evseId: 1 });
    h.pass(2 * FIFTEEN_MIN_MS, ['S1-CP1']);
    expect(h.raised).toEqual([]);
  });

  it('raises nothing when the connector moves on, e.g. to Preparing for a new driver', () => {
    const h = createHarness();
    endSession16(h);
    h.pass(5 * 60_000, ['S1-CP1']);
    h.status('S1-CP1', 1, 'Preparing', { errorCode: 'NoError' });
    h.pass(2 * FIFTEEN_MIN_MS, ['S1-CP1']);
    expect(h.raised).toEqual([]);
  });

  describe('statuses delivered out of order after a reconnect (station clock 4 min slow)', () => {
    const SKEW_MS = -4 * 60_000;
    function reported(h: Harness, status: string, stationTimeSimMs: number): void {
      h.emit({ type: 'status', stationId: 'S1-CP1', connectorId: 1, status, errorCode: 'NoError', timestamp: new Date(stationTimeSimMs + SKEW_MS).toISOString() });
    }

    it('must not raise when the queued Finishing arrives after the Available that followed it', () => {
      const h = createHarness();
      h.started('S1-CP1', 1, 'tx-1');
      reported(h, 'Charging', h.clock.now());
      h.pass(20 * 60_000, ['S1-CP1']);
      const endedAt = h.clock.now();
      h.pass(3 * 60_000, ['S1-CP1']);
      // Back online: the stop, the current Available, then the older Finishing it had queued.
      h.ended('S1-CP1', 1, 'tx-1', { reason: 'EVDisconnected' });
      reported(h, 'Available', endedAt + 60_000);
      reported(h, 'Finishing', endedAt);
      h.pass(2 * FIFTEEN_MIN_MS, ['S1-CP1']);
      expect(h.raisedOfType('stuck-finishing')).toEqual([]);
    });

    it('still raises for a Finishing that is newer than what came before', () => {
      const h = createHarness();
      h.started('S1-CP1', 1, 'tx-1');
      reported(h, 'Charging', h.clock.now());
      h.pass(20 * 60_000, ['S1-CP1']);
      h.ended('S1-CP1', 1, 'tx-1', { reason: 'Local' });
      reported(h, 'Finishing', h.clock.now());
      h.pass(FIFTEEN_MIN_MS + 60_000, ['S1-CP1']);
      expect(h.raisedOfType('stuck-finishing')).toHaveLength(1);
    });

    it('compares nothing across a boot: a rebooted station whose clock went back is still heard', () => {
      const h = createHarness();
      reported(h, 'Available', h.clock.now() + 3_600_000);
      h.boot('S1-CP1');
      h.started('S1-CP1', 1, 'tx-1');
      reported(h, 'Charging', h.clock.now());
      h.pass(20 * 60_000, ['S1-CP1']);
      h.ended('S1-CP1', 1, 'tx-1', { reason: 'Local' });
      reported(h, 'Finishing', h.clock.now());
      h.pass(FIFTEEN_MIN_MS + 60_000, ['S1-CP1']);
      expect(h.raisedOfType('stuck-finishing')).toHaveLength(1);
    });
  });
});
