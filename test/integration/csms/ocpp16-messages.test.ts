/** A 1.6 station's everyday messages are answered validly and land in the message log. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../../simulator/clock.js';
import { Csms } from '../../../harness/csms/server.js';
import { RawStation, boot16 } from './raw-station.js';

const START = Date.UTC(2030, 0, 1);
let csms: Csms;
let station: RawStation;

beforeEach(async () => {
  csms = await Csms.start({ clock: new ScaledClock({ startEpochMs: START }), heartbeatIntervalS: 120 });
  station = await RawStation.connect(csms.ocppUrl, 'S1-CP1', 'ocpp1.6');
});

afterEach(() => csms.close());

describe('a 1.6 station', () => {
  it('is accepted at boot with the configured heartbeat interval and the simulated time', async () => {
    const [, , payload] = await station.call('BootNotification', boot16);
    expect(payload).toEqual({ status: 'Accepted', interval: 120, currentTime: expect.any(String) });
    expect(Date.parse((payload as { currentTime: string }).currentTime)).toBeGreaterThanOrEqual(START);
  });

  it('has a full session answered and recorded in the message log, in order', async () => {
    await station.call('BootNotification', boot16, 'b-1');
    await station.call('Heartbeat', {}, 'h-1');
    await station.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing' }, 'sn-1');
    const auth = await station.call('Authorize', { idTag: 'TAG-1' }, 'a-1');
    expect(auth[2]).toEqual({ idTagInfo: { status: 'Accepted' } });
    const start = await station.call(
      'StartTransaction',
      { connectorId: 1, idTag: 'TAG-1', meterStart: 1000, timestamp: new Date(START).toISOString() },
      'st-1',
    );
    expect(start[2]).toEqual({ idTagInfo: { status: 'Accepted' }, transactionId: 1 });
    const meter = await station.call(
      'MeterValues',
      { connectorId: 1, transactionId: 1, meterValue: [{ timestamp: new Date(START).toISOString(), sampledValue: [{ value: '1500' }] }] },
      'mv-1',
    );
    expect(meter[2]).toEqual({});
    const ended = csms.once('transaction-ended');
    const stop = await station.call(
      'StopTransaction',
      { transactionId: 1, meterStop: 4000, timestamp: new Date(START).toISOString(), idTag: 'TAG-1', reason: 'EVDisconnected' },
      'sp-1',
    );
    expect(stop[2]).toEqual({ idTagInfo: { status: 'Accepted' } });
    expect(await ended).toMatchObject({ transactionId: '1', connectorId: 1, reason: 'EVDisconnected', meterStopWh: 4000, energyWh: 3000 });

    csms.flush();
    const log = csms.store.messagesFor('S1-CP1').map((m) => [m.direction, m.messageType, m.messageId, m.action]);
    expect(log).toEqual(
      ['b-1', 'h-1', 'sn-1', 'a-1', 'st-1', 'mv-1', 'sp-1'].flatMap((id, i) => {
        const action = ['BootNotification', 'Heartbeat', 'StatusNotification', 'Authorize', 'StartTransaction', 'MeterValues', 'StopTransaction'][i];
        return [
          ['in', 2, id, action],
          ['out', 3, id, action],
        ];
      }),
    );
    expect(csms.store.connectors('S1-CP1')).toMatchObject([{ connectorId: 1, evseId: null, status: 'Preparing', errorCode: 'NoError' }]);
    expect(csms.store.transactions('S1-CP1')).toMatchObject([{ transactionId: '1', meterStartWh: 1000, meterStopWh: 4000, reason: 'EVDisconnected' }]);
  });

  it('reports a fault with its error code, info and vendor code as a status event', async () => {
    const status = csms.once('status');
    await station.call('StatusNotification', {
      connectorId: 2,
      errorCode: 'GroundFailure',
      status: 'Faulted',
      info: 'RCD tripped',
      vendorErrorCode: 'E-17',
    });
    expect(await status).toMatchObject({
      stationId: 'S1-CP1',
      connectorId: 2,
      status: 'Faulted',
      errorCode: 'GroundFailure',
      info: 'RCD tripped',
      vendorErrorCode: 'E-17',
    });
  });

  it('gets DataTransfer, DiagnosticsStatusNotification and FirmwareStatusNotification answered', async () => {
    expect((await station.call('DataTransfer', { vendorId: 'com.acme' }))[2]).toEqual({ status: 'UnknownVendorId' });
    expect((await station.call('DiagnosticsStatusNotification', { status: 'Idle' }))[2]).toEqual({});
    expect((await station.call('FirmwareStatusNotification', { status: 'Installed' }))[2]).toEqual({});
  });

  it('may send nothing but BootNotification once its boot was rejected', async () => {
    await csms.close();
    csms = await Csms.start({ bootStatus: 'Rejected', bootRetryIntervalS: 90 });
    station = await RawStation.connect(csms.ocppUrl, 'S1-CP1', 'ocpp1.6');
    expect((await station.call('BootNotification', boot16))[2]).toMatchObject({ status: 'Rejected', interval: 90 });
    const answer = await station.call('Heartbeat', {}, 'h-2');
    expect(answer.slice(0, 3)).toEqual([4, 'h-2', 'SecurityError']);
  });
});
