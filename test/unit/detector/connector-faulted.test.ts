import { describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';

describe('connector-faulted rule', () => {
  it('raises at once for a 1.6 Faulted with a generic error code, carrying errorCode, info and vendorErrorCode', () => {
    const h = createHarness();
    const event = h.status('S1-CP1', 1, 'Faulted', { errorCode: 'ConnectorLockFailure', info: 'lock stuck', vendorErrorCode: 'E-17' });
    expect(h.raised).toHaveLength(1);
    expect(h.raised[0]).toMatchObject({ type: 'connector-faulted', code: 'CD-I003', stationId: 'S1-CP1', connectorId: 1 });
    expect(h.raised[0]?.raisedAt.simMs).toBe(event.at);
    expect(h.raised[0]?.details).toEqual({ errorCode: 'ConnectorLockFailure', info: 'lock stuck', vendorErrorCode: 'E-17' });
    expect(h.raised[0]?.evidence[0]).toMatchObject({ seq: event.seq, payload: { errorCode: 'ConnectorLockFailure' } });
  });

  it('is resolved when the connector leaves Faulted', () => {
    const h = createHarness();
    h.status('S1-CP1', 1, 'Faulted', { errorCode: 'ReaderFailure' });
    h.status('S1-CP1', 1, 'Unavailable', { errorCode: 'NoError' });
    expect(h.resolved.map((issue) => issue.type)).toEqual(['connector-faulted']);
  });

  it('keeps one issue when the station repeats its Faulted status', () => {
    const h = createHarness();
    h.status('S1-CP1', 1, 'Faulted', { errorCode: 'ReaderFailure' });
    h.status('S1-CP1', 1, 'Faulted', { errorCode: 'ReaderFailure' });
    expect(h.raised).toHaveLength(1);
    expect(h.raised[0]?.evidence).toHaveLength(2);
  });

  it('raises nothing for statuses that are not Faulted, even with an error code', () => {
    const h = createHarness();
    h.status('S1-CP1', 1, 'Charging', { errorCode: 'EVCommunicationError' });
    h.status('S1-CP1', 1, 'Available', { errorCode: 'WeakSignal' });
    expect(h.raised).toEqual([]);
  });

  it('waits the classification grace for a 2.0.1 Faulted (no error code) before raising', () => {
    const h = createHarness({ config: { faultClassificationGraceMs: 5_000 } });
    const event = h.status('S1-CP1', 1, 'Faulted', { evseId: 1 });
    h.advance(4_999);
    expect(h.raised).toEqual([]);
    h.advance(1);
    expect(h.raised).toHaveLength(1);
    expect(h.raised[0]).toMatchObject({ type: 'connector-faulted', evseId: 1, connectorId: 1 });
    expect(h.raised[0]?.raisedAt.simMs).toBe(event.at + 5_000);
  });

  it('raises nothing for a 2.0.1 Faulted that clears within the grace', () => {
    const h = createHarness();
    h.status('S1-CP1', 1, 'Faulted', { evseId: 1 });
    h.advance(1_000);
    h.status('S1-CP1', 1, 'Available', { evseId: 1 });
    h.advance(60_000);
    expect(h.raised).toEqual([]);
  });
});
