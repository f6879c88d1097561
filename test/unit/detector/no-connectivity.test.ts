import { describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';

describe('no-connectivity rule', () => {
  it('raises when a station is silent for three heartbeat intervals, dated at the crossing', () => {
    const h = createHarness({ heartbeatIntervalS: 60 });
    h.connect('S1-CP1');
    h.boot('S1-CP1');
    const lastAt = h.clock.now();
    h.advance(180_000 - 1);
    expect(h.raised).toEqual([]);
    h.advance(1);
    expect(h.raised).toHaveLength(1);
    const [issue] = h.raised;
    expect(issue).toMatchObject({ type: 'no-connectivity', code: 'CD-I001', severity: 'major', stationId: 'S1-CP1', siteId: 'S1' });
    expect(issue?.raisedAt.simMs).toBe(lastAt + 180_000);
    expect(issue?.details).toMatchObject({ thresholdMs: 180_000, lastMessageAtSimMs: lastAt });
    expect(issue?.evidence[0]?.summary).toBe('last message: BootNotification Accepted');
  });

  it('is resolved by the next message from the station', () => {
    const h = createHarness({ heartbeatIntervalS: 60 });
    h.heartbeat('S1-CP1');
    h.advance(200_000);
    h.heartbeat('S1-CP1');
    expect(h.resolved).toHaveLength(1);
    expect(h.resolved[0]?.resolvedAt?.simMs).toBe(h.clock.now());
    expect(h.detector.openIssues()).toEqual([]);
  });

  it('raises nothing while the station keeps sending heartbeats', () => {
    const h = createHarness({ heartbeatIntervalS: 60 });
    h.heartbeat('S1-CP1');
    h.pass(24 * 3_600_000, ['S1-CP1']);
    expect(h.raised).toEqual([]);
  });

  it('raises nothing for a reconnect inside the grace period', () => {
    const h = createHarness({ heartbeatIntervalS: 60 });
    h.connect('S1-CP1');
    h.boot('S1-CP1');
    h.advance(30_000);
    h.disconnect('S1-CP1');
    h.advance(120_000);
    h.connect('S1-CP1');
    h.boot('S1-CP1');
    h.pass(10 * 60_000, ['S1-CP1']);
    expect(h.raised).toEqual([]);
  });

  it('does not count what the CSMS sends as a sign of life', () => {
    const h = createHarness({ heartbeatIntervalS: 60 });
    h.heartbeat('S1-CP1');
    h.advance(100_000);
    h.emit({ type: 'frame', stationId: 'S1-CP1', direction: 'out', messageType: 2, messageId: 'c1', action: 'TriggerMessage', payload: {} });
    h.advance(80_000);
    expect(h.raisedOfType('no-connectivity')).toHaveLength(1);
  });

  it('uses a fixed silence instead of heartbeat intervals when noConnectivityAfterMs is set', () => {
    const h = createHarness({ heartbeatIntervalS: 60, config: { noConnectivityAfterMs: 24 * 3_600_000 } });
    h.heartbeat('S1-CP1');
    h.advance(24 * 3_600_000 - 1);
    expect(h.raised).toEqual([]);
    h.advance(1);
    expect(h.raisedOfType('no-connectivity')).toHaveLength(1);
  });

  it('dates the loss at the disconnect when the socket closed', () => {
    const h = createHarness({ heartbeatIntervalS: 60 });
    h.heartbeat('S1-CP1');
    h.advance(20_000);
    const disconnect = h.disconnect('S1-CP1');
    h.advance(200_000);
    expect(h.raised[0]?.details).toMatchObject({ lostAtSimMs: disconnect.at, disconnected: true });
    expect(h.raised[0]?.evidence.map((item) => item.seq)).toContain(disconnect.seq);
  });
});
