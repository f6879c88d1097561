/** A 2.0.1 station's TransactionEvent flow and notifications are answered validly and recorded. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CsmsEvent } from '../../../harness/csms/events.js';
import { Csms } from '../../../harness/csms/server.js';
import { RawStation, boot201 } from './raw-station.js';

let csms: Csms;
let station: RawStation;
const now = (): string => new Date().toISOString();

function energy(wh: number, context: string) {
  return [{ timestamp: now(), sampledValue: [{ value: wh, context, measurand: 'Energy.Active.Import.Register' }] }];
}

beforeEach(async () => {
  csms = await Csms.start({});
  station = await RawStation.connect(csms.ocppUrl, 'S3-CP2', 'ocpp2.0.1');
  await station.call('BootNotification', boot201);
});

afterEach(() => csms.close());

describe('a 2.0.1 station', () => {
  it('has a TransactionEvent session (authorized after plug-in) answered and recorded', async () => {
    const started = csms.once('transaction-started');
    const begin = await station.call(
      'TransactionEvent',
      {
        eventType: 'Started',
        timestamp: now(),
        triggerReason: 'CablePluggedIn',
        seqNo: 0,
        transactionInfo: { transactionId: 'tx-a' },
        evse: { id: 1, connectorId: 1 },
        meterValue: energy(2000, 'Transaction.Begin'),
      },
      'te-0',
    );
    expect(begin[2]).toEqual({});
    expect(await started).toMatchObject({ transactionId: 'tx-a', connectorId: 1, evseId: 1, idTag: '', meterStartWh: 2000 });

    const authorized = await station.call(
      'TransactionEvent',
      {
        eventType: 'Updated',
        timestamp: now(),
        triggerReason: 'Authorized',
        seqNo: 1,
        transactionInfo: { transactionId: 'tx-a', chargingState: 'Charging' },
        idToken: { idToken: '04A3F29B1C5E80', type: 'ISO14443' },
      },
      'te-1',
    );
    expect(authorized[2]).toEqual({ idTokenInfo: { status: 'Accepted' } });

    const ended = csms.once('transaction-ended');
    const end = await station.call(
      'TransactionEvent',
      {
        eventType: 'Ended',
        timestamp: now(),
        triggerReason: 'EVCommunicationLost',
        seqNo: 2,
        transactionInfo: { transactionId: 'tx-a', stoppedReason: 'EVDisconnected' },
        meterValue: [{ timestamp: now(), sampledValue: [{ value: 7.5, context: 'Transaction.End', unitOfMeasure: { unit: 'kWh' } }] }],
      },
      'te-2',
    );
    expect(end[2]).toEqual({});
    expect(await ended).toMatchObject({ transactionId: 'tx-a', evseId: 1, reason: 'EVDisconnected', meterStopWh: 7500, energyWh: 5500 });

    csms.flush();
    const log = csms.store.messagesFor('S3-CP2').filter((m) => m.action === 'TransactionEvent');
    expect(log.map((m) => [m.direction, m.messageId])).toEqual([
      ['in', 'te-0'],
      ['out', 'te-0'],
      ['in', 'te-1'],
      ['out', 'te-1'],
      ['in', 'te-2'],
      ['out', 'te-2'],
    ]);
    expect(csms.store.transactions('S3-CP2')).toMatchObject([{ transactionId: 'tx-a', idTag: '04A3F29B1C5E80', authStatus: 'Accepted' }]);
  });

  it('has its connector status recorded per EVSE', async () => {
    const status = csms.once('status');
    await station.call('StatusNotification', { timestamp: now(), connectorStatus: 'Occupied', evseId: 2, connectorId: 1 });
    expect(await status).toMatchObject({ evseId: 2, connectorId: 1, status: 'Occupied' });
    expect(csms.store.connectors('S3-CP2')).toMatchObject([{ evseId: 2, connectorId: 1, status: 'Occupied' }]);
  });

  it('reads the faults of a NotifyEvent once, into a fault-notified event right after its frame', async () => {
    const events: CsmsEvent[] = [];
    csms.onAny((event) => events.push(event));
    const alert = { timestamp: now(), trigger: 'Alerting', eventNotificationType: 'HardWiredNotification', variable: { name: 'Tripped' } };
    const answer = await station.call('NotifyEvent', {
      generatedAt: now(),
      seqNo: 0,
      eventData: [
        { ...alert, eventId: 1, actualValue: 'true', techInfo: 'RCD trip', component: { name: 'RCD', evse: { id: 2 } } },
        { ...alert, eventId: 2, actualValue: 'false', component: { name: 'RCD', evse: { id: 1 } } },
      ],
    });
    await station.call('NotifyEvent', { generatedAt: now(), seqNo: 1, eventData: [{ ...alert, eventId: 3, actualValue: 'false', component: { name: 'RCD', evse: { id: 2 } } }] });

    expect(answer[2]).toEqual({});
    const notifyEvents = events.filter((e) => (e.type === 'frame' && e.action === 'NotifyEvent') || e.type === 'fault-notified');
    const kinds = notifyEvents.map((e) => (e.type === 'frame' ? `frame ${e.direction}` : e.type));
    // The second NotifyEvent names no fault: no event for it.
    expect(kinds).toEqual(['frame in', 'fault-notified', 'frame out', 'frame in', 'frame out']);
    const [call, notified] = notifyEvents;
    expect(notified?.seq).toBe((call?.seq ?? 0) + 1);
    expect(notified).toMatchObject({
      stationId: 'S3-CP2',
      faults: [{ errorCode: 'GroundFailure', evseId: 2, connectorId: 1, component: 'RCD', variable: 'Tripped', actualValue: 'true', techInfo: 'RCD trip' }],
    });
  });

  it.each([
    ['NotifyEvent', { generatedAt: new Date().toISOString(), seqNo: 0, eventData: [{ eventId: 1, timestamp: new Date().toISOString(), trigger: 'Alerting', actualValue: 'true', eventNotificationType: 'HardWiredNotification', component: { name: 'ConnectorPlugRetentionLock' }, variable: { name: 'Problem' } }] }, {}],
    ['SecurityEventNotification', { type: 'TamperDetectionActivated', timestamp: new Date().toISOString() }, {}],
    ['LogStatusNotification', { status: 'Uploaded' }, {}],
    ['NotifyReport', { requestId: 1, generatedAt: new Date().toISOString(), seqNo: 0 }, {}],
    ['FirmwareStatusNotification', { status: 'Installed' }, {}],
    ['MeterValues', { evseId: 1, meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: 1 }] }] }, {}],
    ['DataTransfer', { vendorId: 'com.acme' }, { status: 'UnknownVendorId' }],
    ['Heartbeat', {}, { currentTime: expect.any(String) }],
    ['SignCertificate', { csr: 'x' }, { status: 'Rejected' }],
    ['ReservationStatusUpdate', { reservationId: 1, reservationUpdateStatus: 'Expired' }, {}],
  ])('gets %s answered with a schema-valid response', async (action, payload, expected) => {
    const answer = await station.call(action, payload);
    expect(answer[0]).toBe(3);
    expect(answer[2]).toEqual(expected);
  });
});
