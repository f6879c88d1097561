import { describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';

const SAFETY_CODES = ['GroundFailure', 'HighTemperature', 'OverCurrentFailure', 'OverVoltage', 'UnderVoltage'];

describe('safety-fault rule', () => {
  it.each(SAFETY_CODES)('raises a safety fault, not a connector fault, for a 1.6 Faulted / %s', (errorCode) => {
    const h = createHarness();
    h.status('S1-CP1', 2, 'Faulted', { errorCode, vendorErrorCode: 'V1' });
    expect(h.raised).toHaveLength(1);
    expect(h.raised[0]).toMatchObject({ type: 'safety-fault', code: 'CD-I004', severity: 'critical', connectorId: 2 });
    expect(h.raised[0]?.details).toMatchObject({ errorCode, source: 'StatusNotification', vendorErrorCode: 'V1' });
  });

  it('raises one safety fault for a 2.0.1 ground fault reported by Faulted, NotifyEvent and stoppedReason together', () => {
    const h = createHarness();
    h.started('S1-CP1', 1, 'tx-1', 'TAG-1', { evseId: 1 });
    h.status('S1-CP1', 1, 'Faulted', { evseId: 1 });
    h.notifyEvent('S1-CP1', [{ trigger: 'Alerting', actualValue: 'true', component: { name: 'RCD', evse: { id: 1 } }, variable: { name: 'Tripped' } }]);
    h.ended('S1-CP1', 1, 'tx-1', { reason: 'GroundFault', energyWh: 800, evseId: 1 });
    h.advance(60_000);
    expect(h.raised.filter((issue) => issue.stationId === 'S1-CP1').map((issue) => issue.type)).toEqual(['safety-fault']);
    expect(h.raised[0]).toMatchObject({ evseId: 1, connectorId: 1 });
    expect(h.raised[0]?.details).toMatchObject({ errorCode: 'GroundFailure', source: 'NotifyEvent' });
  });

  it('raises a safety fault for a 2.0.1 OvercurrentFault stoppedReason alone', () => {
    const h = createHarness();
    h.started('S1-CP1', 1, 'tx-1', 'TAG-1', { evseId: 1 });
    h.ended('S1-CP1', 1, 'tx-1', { reason: 'OvercurrentFault', energyWh: 500, evseId: 1 });
    expect(h.raisedOfType('safety-fault')[0]?.details).toMatchObject({ errorCode: 'OverCurrentFailure', source: 'TransactionEvent stoppedReason' });
  });

  it('supersedes a generic issue when the 2.0.1 classification arrives after the grace', () => {
    const h = createHarness({ config: { faultClassificationGraceMs: 1_000 } });
    h.status('S1-CP1', 1, 'Faulted', { evseId: 1 });
    h.advance(2_000);
    h.notifyEvent('S1-CP1', [{ trigger: 'Alerting', actualValue: 'true', component: { name: 'OverCurrentProtection', evse: { id: 1, connectorId: 1 } }, variable: { name: 'Tripped' } }]);
    expect(h.raised.map((issue) => issue.type)).toEqual(['connector-faulted', 'safety-fault']);
    expect(h.openOfType('connector-faulted')).toEqual([]);
    expect(h.resolved[0]?.details['supersededBy']).toBe(h.raised[1]?.id);
  });

  it('stays open while the desk holds the connector Unavailable, and is resolved by Available', () => {
    const h = createHarness();
    h.status('S1-CP1', 1, 'Faulted', { errorCode: 'GroundFailure' });
    h.status('S1-CP1', 1, 'Unavailable', { errorCode: 'NoError' });
    expect(h.openOfType('safety-fault')).toHaveLength(1);
    h.status('S1-CP1', 1, 'Available', { errorCode: 'NoError' });
    expect(h.openOfType('safety-fault')).toEqual([]);
  });

  it('raises nothing for a cleared NotifyEvent or a periodic temperature reading', () => {
    const h = createHarness();
    h.notifyEvent('S1-CP1', [
      { trigger: 'Delta', actualValue: 'false', component: { name: 'RCD', evse: { id: 1 } }, variable: { name: 'Tripped' } },
      { trigger: 'Periodic', actualValue: '41.5', component: { name: 'TemperatureSensor', evse: { id: 1 } }, variable: { name: 'Temperature' } },
      { trigger: 'Alerting', actualValue: 'true', cleared: true, component: { name: 'RCD', evse: { id: 1 } }, variable: { name: 'Tripped' } },
    ]);
    h.advance(60_000);
    expect(h.raisedOfType('safety-fault')).toEqual([]);
  });

  it('raises nothing for a session stopped for an ordinary reason', () => {
    const h = createHarness();
    h.started('S1-CP1', 1, 'tx-1', 'TAG-1', { evseId: 1 });
    h.ended('S1-CP1', 1, 'tx-1', { reason: 'EVDisconnected', evseId: 1 });
    expect(h.raisedOfType('safety-fault')).toEqual([]);
  });
});
