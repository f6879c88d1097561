import { describe, expect, it } from 'vitest';
import { faultsOfNotifyEvent } from '../../../harness/csms/fault-notifications.js';
import type { Request201 } from '../../../simulator/protocol/actions.js';
import { createHarness, type Harness } from './harness.js';

interface Alert {
  component: string;
  evseId?: number;
  techCode?: string;
  actualValue?: string;
  cleared?: boolean;
  techInfo?: string;
}

/** eventData as the virtual 2.0.1 station sends it (simulator/station/ocpp201.ts faultNotification). */
function eventData(alert: Alert): Request201<'NotifyEvent'>['eventData'][number] {
  return {
    eventId: 1,
    timestamp: '',
    trigger: 'Alerting',
    actualValue: alert.actualValue ?? 'true',
    ...(alert.cleared !== undefined && { cleared: alert.cleared }),
    eventNotificationType: 'HardWiredNotification',
    component: { name: alert.component, ...(alert.evseId !== undefined && { evse: { id: alert.evseId } }) },
    variable: { name: 'Problem' },
    ...(alert.techCode !== undefined && { techCode: alert.techCode }),
    ...(alert.techInfo !== undefined && { techInfo: alert.techInfo }),
  };
}

function notify(h: Harness, stationId: string, alert: Alert): void {
  h.notifyEvent(stationId, [eventData(alert)]);
}

function faultsOf(...alerts: Alert[]): ReturnType<typeof faultsOfNotifyEvent> {
  return faultsOfNotifyEvent({ generatedAt: '', seqNo: 0, eventData: alerts.map(eventData) });
}

describe('faultsOfNotifyEvent', () => {
  it.each([
    ['TokenReader', 'ReaderFailure'],
    ['ConnectorPlugRetentionLock', 'ConnectorLockFailure'],
    ['ConnectedEV', 'EVCommunicationError'],
    ['ChargingStation', 'InternalError'],
  ])('keeps the generic 1.6 code a %s alert names in techCode (%s)', (component, techCode) => {
    const [fault] = faultsOf({ component, evseId: 1, techCode });
    expect(fault).toEqual({ errorCode: techCode, evseId: 1, connectorId: 1, component, variable: 'Problem', actualValue: 'true' });
  });

  it('reads the code from actualValue too', () => {
    expect(faultsOf({ component: 'TokenReader', evseId: 2, actualValue: 'ReaderFailure' })).toMatchObject([
      { errorCode: 'ReaderFailure', evseId: 2 },
    ]);
  });

  it('lets a safety component win over a generic techCode', () => {
    expect(faultsOf({ component: 'RCD', evseId: 1, techCode: 'OtherError' })).toMatchObject([
      { errorCode: 'GroundFailure', component: 'RCD' },
    ]);
  });

  it('keeps nothing for NoError, an unknown techCode, or a cleared alert', () => {
    expect(faultsOf({ component: 'TokenReader', evseId: 1, techCode: 'NoError' })).toEqual([]);
    expect(faultsOf({ component: 'TokenReader', evseId: 1, techCode: 'E42' })).toEqual([]);
    expect(faultsOf({ component: 'toString', evseId: 1, techCode: 'constructor', actualValue: 'hasOwnProperty' })).toEqual([]);
    expect(faultsOf({ component: 'TokenReader', evseId: 1, techCode: 'ReaderFailure', actualValue: 'false', cleared: true })).toEqual([]);
  });
});

describe('connector-faulted rule, 2.0.1 error code from NotifyEvent', () => {
  it.each(['ReaderFailure', 'ConnectorLockFailure', 'EVCommunicationError'])('carries %s from the NotifyEvent that follows Faulted', (techCode) => {
    const h = createHarness();
    h.status('S1-CP1', 1, 'Faulted', { evseId: 1 });
    notify(h, 'S1-CP1', { component: 'Component', evseId: 1, techCode, techInfo: 'text / V-1' });
    h.advance(60_000);
    expect(h.raised.map((issue) => issue.type)).toEqual(['connector-faulted']);
    expect(h.raised[0]).toMatchObject({ evseId: 1, connectorId: 1 });
    expect(h.raised[0]?.details).toMatchObject({ errorCode: techCode, info: 'text / V-1', source: 'NotifyEvent' });
  });

  it('raises at the Faulted report as soon as a NotifyEvent names a generic fault, without sitting out the grace', () => {
    const h = createHarness({ config: { faultClassificationGraceMs: 60_000 } });
    const faultedAt = h.clock.now();
    h.status('S1-CP1', 1, 'Faulted', { evseId: 1 });
    expect(h.raised).toEqual([]);
    notify(h, 'S1-CP1', { component: 'TokenReader', evseId: 1, techCode: 'ReaderFailure' });
    expect(h.raised.map((issue) => [issue.type, issue.details['errorCode'], issue.raisedAt.simMs])).toEqual([['connector-faulted', 'ReaderFailure', faultedAt]]);
    h.advance(120_000);
    expect(h.raised).toHaveLength(1);
  });

  it('raises at once when the NotifyEvent came before the Faulted status', () => {
    const h = createHarness({ config: { faultClassificationGraceMs: 60_000 } });
    notify(h, 'S1-CP1', { component: 'ConnectorPlugRetentionLock', evseId: 2, techCode: 'ConnectorLockFailure' });
    h.status('S1-CP1', 1, 'Faulted', { evseId: 2 });
    expect(h.raised.map((issue) => [issue.type, issue.details['errorCode']])).toEqual([['connector-faulted', 'ConnectorLockFailure']]);
  });

  it('fills in the code when the NotifyEvent arrives after the issue was raised', () => {
    const h = createHarness({ config: { faultClassificationGraceMs: 0 } });
    h.status('S1-CP1', 1, 'Faulted', { evseId: 2 });
    expect(h.raised[0]?.details['errorCode']).toBeUndefined();
    notify(h, 'S1-CP1', { component: 'TokenReader', evseId: 2, techCode: 'ReaderFailure' });
    expect(h.openOfType('connector-faulted')[0]?.details).toMatchObject({ errorCode: 'ReaderFailure' });
  });

  it('does not put one EVSE\'s code on another EVSE, nor keep a code past the fault', () => {
    const h = createHarness();
    notify(h, 'S1-CP1', { component: 'TokenReader', evseId: 1, techCode: 'ReaderFailure' });
    h.status('S1-CP1', 1, 'Available', { evseId: 1 });
    h.status('S1-CP1', 1, 'Faulted', { evseId: 1 });
    h.status('S1-CP1', 1, 'Faulted', { evseId: 2 });
    h.advance(60_000);
    expect(h.raised).toHaveLength(2);
    for (const issue of h.raised) expect(issue.details['errorCode']).toBeUndefined();
  });

  it('raises nothing for a NotifyEvent alone, and nothing generic for a station-wide InternalError', () => {
    const h = createHarness();
    notify(h, 'S1-CP1', { component: 'TokenReader', evseId: 1, techCode: 'ReaderFailure' });
    notify(h, 'S1-CP1', { component: 'ChargingStation', techCode: 'InternalError' });
    h.advance(60_000);
    expect(h.raised).toEqual([]);
  });

  it('keeps a 1.6 Faulted error code as it was', () => {
    const h = createHarness();
    h.status('S1-CP1', 1, 'Faulted', { errorCode: 'ConnectorLockFailure', info: 'i', vendorErrorCode: 'v' });
    expect(h.raised[0]?.details).toEqual({ errorCode: 'ConnectorLockFailure', info: 'i', vendorErrorCode: 'v' });
  });

  it('still raises a safety fault, not a connector fault, for a 2.0.1 safety NotifyEvent', () => {
    const h = createHarness();
    h.status('S1-CP1', 1, 'Faulted', { evseId: 1 });
    notify(h, 'S1-CP1', { component: 'RCD', evseId: 1, techCode: 'GroundFailure' });
    h.advance(60_000);
    expect(h.raised.map((issue) => issue.type)).toEqual(['safety-fault']);
  });
});

describe('reboot-loop rule, 2.0.1 firmware signs', () => {
  function reboot201(h: Harness, stationId: string, reason: string): void {
    h.disconnect(stationId);
    h.advance(30_000);
    h.connect(stationId, 'ocpp2.0.1');
    h.boot(stationId, 'Accepted', { reason, chargingStation: { model: 'M', vendorName: 'V' } });
  }

  it('says firmware for a NotifyEvent ChargingStation.Problem InternalError', () => {
    const h = createHarness();
    for (let i = 0; i < 3; i++) {
      reboot201(h, 'S1-CP1', 'PowerUp');
      notify(h, 'S1-CP1', { component: 'ChargingStation', techCode: 'InternalError' });
      h.pass(5 * 60_000, ['S1-CP1']);
    }
    expect(h.openOfType('reboot-loop')[0]?.details).toMatchObject({ internalErrorReported: true, likelyCause: 'firmware' });
  });

  it('says firmware from the raise on when the boots give reason Watchdog', () => {
    const h = createHarness();
    for (let i = 0; i < 3; i++) {
      reboot201(h, 'S1-CP1', 'Watchdog');
      h.pass(5 * 60_000, ['S1-CP1']);
    }
    expect(h.raisedOfType('reboot-loop')).toHaveLength(1);
    expect(h.raised.find((issue) => issue.type === 'reboot-loop')?.details).toMatchObject({ boots: 3, internalErrorReported: true, likelyCause: 'firmware' });
  });

  it('turns an open power loop into firmware when an InternalError NotifyEvent arrives later', () => {
    const h = createHarness();
    for (let i = 0; i < 3; i++) {
      reboot201(h, 'S1-CP1', 'PowerUp');
      h.pass(5 * 60_000, ['S1-CP1']);
    }
    expect(h.openOfType('reboot-loop')[0]?.details).toMatchObject({ likelyCause: 'power' });
    notify(h, 'S1-CP1', { component: 'ChargingStation', techCode: 'InternalError' });
    expect(h.openOfType('reboot-loop')[0]?.details).toMatchObject({ internalErrorReported: true, likelyCause: 'firmware' });
  });

  it('stays power for PowerUp boots with other alerts, a cleared InternalError, or another station\'s crash', () => {
    const h = createHarness();
    notify(h, 'S1-CP2', { component: 'ChargingStation', techCode: 'InternalError' });
    reboot201(h, 'S1-CP2', 'Watchdog');
    for (let i = 0; i < 3; i++) {
      reboot201(h, 'S1-CP1', 'PowerUp');
      notify(h, 'S1-CP1', { component: 'TokenReader', evseId: 1, techCode: 'ReaderFailure' });
      notify(h, 'S1-CP1', { component: 'ChargingStation', techCode: 'InternalError', actualValue: 'false', cleared: true });
      h.pass(5 * 60_000, ['S1-CP1']);
    }
    const issue = h.openOfType('reboot-loop').find((open) => open.stationId === 'S1-CP1');
    expect(issue?.details).toMatchObject({ internalErrorReported: false, likelyCause: 'power' });
  });

  it('raises nothing for Watchdog boots below the threshold, nor for boots the desk asked for', () => {
    const h = createHarness();
    reboot201(h, 'S1-CP1', 'Watchdog');
    h.pass(5 * 60_000, ['S1-CP1']);
    reboot201(h, 'S1-CP1', 'RemoteReset');
    h.pass(5 * 60_000, ['S1-CP1']);
    reboot201(h, 'S1-CP1', 'Watchdog');
    expect(h.raisedOfType('reboot-loop')).toEqual([]);
  });
});
