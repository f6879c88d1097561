/** 2.0.1 TriggerMessage (F06): each MessageTrigger the station can send, with EVSE scoping, against the bundled CSMS. */
import { afterEach, describe, expect, it } from 'vitest';
import { nextCsmsEvent, startRig, type Rig } from '../faults/fault-rig.js';
import { command, nextInbound } from './csms-rig.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

type Payload = Record<string, unknown>;
const trigger = (r: Rig, requestedMessage: string, evse?: { id: number; connectorId?: number }) =>
  command(r, 'TriggerMessage', { requestedMessage, ...(evse !== undefined && { evse }) });

describe('2.0.1 TriggerMessage', () => {
  it.each([
    ['Heartbeat', undefined, () => true],
    ['LogStatusNotification', undefined, (p: Payload) => p.status === 'Idle' && p.requestId === undefined],
    ['FirmwareStatusNotification', undefined, (p: Payload) => p.status === 'Idle'],
    ['StatusNotification', { id: 2, connectorId: 1 }, (p: Payload) => p.evseId === 2 && p.connectorStatus === 'Available'],
    ['MeterValues', { id: 2 }, (p: Payload) => p.evseId === 2],
  ] as const)('%s is Accepted and then sent', async (message, evse, expected) => {
    rig = await startRig({ protocol: 'ocpp2.0.1' });
    const sent = nextInbound(rig, message, expected);
    expect(await trigger(rig, message, evse)).toEqual({ status: 'Accepted' });
    await sent;
  });

  it('TransactionEvent sends an Updated event with triggerReason Trigger for the transaction on the EVSE, and is Rejected where none runs', async () => {
    rig = await startRig({ protocol: 'ocpp2.0.1' });
    expect(await trigger(rig, 'TransactionEvent', { id: 1 })).toEqual({ status: 'Rejected' });
    const charging = nextCsmsEvent(rig, 'transaction-started', () => true, 120);
    void rig.station.runSession({ connectorId: 1, idTag: 'TRIG-1', idTokenType: 'Local', durationS: 3_600 });
    await charging;
    expect(await trigger(rig, 'TransactionEvent', { id: 2 })).toEqual({ status: 'Rejected' });
    const updated = nextInbound(rig, 'TransactionEvent', (p) => p.eventType === 'Updated' && p.triggerReason === 'Trigger');
    expect(await trigger(rig, 'TransactionEvent', { id: 1 })).toEqual({ status: 'Accepted' });
    expect(await updated).toMatchObject({ evse: { id: 1 }, transactionInfo: { transactionId: rig.station.connectorState(1).transactionId } });
  });

  it('answers NotImplemented for messages the station cannot send, Rejected for a boot once accepted and for unknown EVSEs', async () => {
    rig = await startRig({ protocol: 'ocpp2.0.1' });
    for (const message of ['SignChargingStationCertificate', 'SignV2GCertificate', 'SignCombinedCertificate', 'PublishFirmwareStatusNotification']) {
      expect(await trigger(rig, message), message).toEqual({ status: 'NotImplemented' });
    }
    expect(await trigger(rig, 'BootNotification')).toEqual({ status: 'Rejected' });
    expect(await trigger(rig, 'StatusNotification', { id: 9 })).toEqual({ status: 'Rejected' });
    expect(await trigger(rig, 'StatusNotification', { id: 1, connectorId: 2 })).toEqual({ status: 'Rejected' });
  });
});
