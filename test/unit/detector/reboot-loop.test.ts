import { describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';

function reboot(h: Harness, stationId: string, payload: Record<string, unknown> = {}): void {
  h.disconnect(stationId);
  h.advance(30_000);
  h.connect(stationId);
  h.boot(stationId, 'Accepted', payload);
}

describe('reboot-loop rule', () => {
  it('raises on the third boot within an hour, as a power problem when no InternalError was reported', () => {
    const h = createHarness();
    h.boot('S1-CP1');
    h.pass(20 * 60_000, ['S1-CP1']);
    reboot(h, 'S1-CP1');
    expect(h.raisedOfType('reboot-loop')).toEqual([]);
    h.pass(20 * 60_000, ['S1-CP1']);
    reboot(h, 'S1-CP1');
    const [issue] = h.raisedOfType('reboot-loop');
    expect(issue).toMatchObject({ code: 'CD-I007', stationId: 'S1-CP1' });
    expect(issue?.details).toMatchObject({ boots: 3, internalErrorReported: false, likelyCause: 'power' });
  });

  it('says firmware when the station reported InternalError', () => {
    const h = createHarness();
    for (let i = 0; i < 3; i++) {
      reboot(h, 'S1-CP1');
      h.status('S1-CP1', 0, 'Faulted', { errorCode: 'InternalError' });
      h.pass(5 * 60_000, ['S1-CP1']);
    }
    expect(h.openOfType('reboot-loop')[0]?.details).toMatchObject({ internalErrorReported: true, likelyCause: 'firmware' });
  });

  it('counts PowerLoss stops, once per power loss however many connectors stopped', () => {
    const h = createHarness({ config: { rebootLoopCount: 2 } });
    h.started('S1-CP1', 1, 'a');
    h.started('S1-CP1', 2, 'b');
    h.ended('S1-CP1', 1, 'a', { reason: 'PowerLoss' });
    h.ended('S1-CP1', 2, 'b', { reason: 'PowerLoss' });
    expect(h.raisedOfType('reboot-loop')).toEqual([]);
    h.pass(10 * 60_000, ['S1-CP1']);
    h.started('S1-CP1', 1, 'c');
    h.ended('S1-CP1', 1, 'c', { reason: 'PowerLoss' });
    expect(h.raisedOfType('reboot-loop')[0]?.details).toMatchObject({ powerLossStops: 2 });
  });

  it('raises nothing for two boots in an hour, or three spread over more than an hour', () => {
    const h = createHarness();
    h.boot('S1-CP1');
    h.pass(40 * 60_000, ['S1-CP1']);
    reboot(h, 'S1-CP1');
    h.pass(40 * 60_000, ['S1-CP1']);
    reboot(h, 'S1-CP1');
    expect(h.raisedOfType('reboot-loop')).toEqual([]);
  });

  it('does not count BootNotification retries after Pending, nor reboots the desk asked for', () => {
    // With a threshold of 2, counting any one of these would raise.
    const h = createHarness({ config: { rebootLoopCount: 2 } });
    h.boot('S1-CP1', 'Pending');
    h.boot('S1-CP1', 'Pending');
    h.boot('S1-CP1', 'Accepted');
    h.command('S1-CP1', 'Reset', { status: 'Accepted' });
    reboot(h, 'S1-CP1');
    reboot(h, 'S1-CP1', { reason: 'RemoteReset' });
    expect(h.raisedOfType('reboot-loop')).toEqual([]);
  });

  it('is resolved after a quiet hour', () => {
    const h = createHarness();
    for (let i = 0; i < 3; i++) reboot(h, 'S1-CP1');
    const lastBootAt = h.clock.now();
    h.pass(60 * 60_000 + 60_000, ['S1-CP1']);
    const [resolved] = h.resolved.filter((issue) => issue.type === 'reboot-loop');
    expect(resolved?.resolvedAt?.simMs).toBe(lastBootAt + 60 * 60_000);
  });
});
