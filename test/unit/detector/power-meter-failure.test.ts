import { describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';

describe('power-meter-failure rule', () => {
  it('raises a meter failure, not a connector fault, for a 1.6 Faulted / PowerMeterFailure', () => {
    const h = createHarness();
    h.status('S1-CP1', 1, 'Faulted', { errorCode: 'PowerMeterFailure' });
    expect(h.raised.map((issue) => issue.type)).toEqual(['power-meter-failure']);
    expect(h.raised[0]).toMatchObject({ code: 'CD-I005', connectorId: 1 });
  });

  it('raises for PowerMeterFailure reported while the connector still charges', () => {
    const h = createHarness();
    h.status('S1-CP1', 1, 'Charging', { errorCode: 'PowerMeterFailure' });
    expect(h.raised.map((issue) => issue.type)).toEqual(['power-meter-failure']);
  });

  it('raises for a 2.0.1 metering alert, and the Faulted status adds no second issue', () => {
    const h = createHarness();
    h.notifyEvent('S1-CP1', [{ trigger: 'Alerting', actualValue: 'true', component: { name: 'FiscalMetering', evse: { id: 1 } }, variable: { name: 'Problem' } }]);
    h.status('S1-CP1', 1, 'Faulted', { evseId: 1 });
    h.advance(60_000);
    expect(h.raised.filter((issue) => issue.stationId === 'S1-CP1').map((issue) => issue.type)).toEqual(['power-meter-failure']);
  });

  it('is resolved when the connector is Available without the meter error', () => {
    const h = createHarness();
    h.status('S1-CP1', 1, 'Faulted', { errorCode: 'PowerMeterFailure' });
    h.status('S1-CP1', 1, 'Available', { errorCode: 'PowerMeterFailure' });
    expect(h.openOfType('power-meter-failure')).toHaveLength(1);
    h.status('S1-CP1', 1, 'Available', { errorCode: 'NoError' });
    expect(h.openOfType('power-meter-failure')).toEqual([]);
  });
});
