/** 2.0.1 Reservation (H01-H04) against the bundled CSMS. */
import { afterEach, describe, expect, it } from 'vitest';
import { nextCsmsEvent, startRig, type Rig } from '../faults/fault-rig.js';
import { command, inSimSeconds, nextAnswer, nextInbound } from './csms-rig.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const SHORT = { durationS: 120, powerW: 7_000, unplugAfterS: 10, idTokenType: 'Local' as const };
const token = (idToken: string) => ({ idToken, type: 'Local' });
const statusOf = (r: Rig, evseId: number, status: string) => nextCsmsEvent(r, 'status', (e) => e.evseId === evseId && e.status === status, 120);

describe('2.0.1 ReserveNow', () => {
  it('reserves an EVSE: others are refused, the reserved token starts and TransactionEvent Started carries reservationId', async () => {
    rig = await startRig({ protocol: 'ocpp2.0.1' });
    const reserved = statusOf(rig, 1, 'Reserved');
    const request = { id: 71, expiryDateTime: inSimSeconds(rig, 3_600), idToken: token('DRIVER-7'), evseId: 1 };
    expect(await command(rig, 'ReserveNow', request)).toEqual({ status: 'Accepted' });
    await reserved;
    await expect(rig.station.runSession({ connectorId: 1, idTag: 'STRANGER-7', ...SHORT })).resolves.toEqual({
      ok: false,
      reason: 'connector 1 is reserved (reservation 71)',
    });
    const started = nextInbound(rig, 'TransactionEvent', (p) => p.eventType === 'Started');
    const answer = nextAnswer(rig, 'TransactionEvent');
    await expect(rig.station.runSession({ connectorId: 1, idTag: 'DRIVER-7', ...SHORT })).resolves.toMatchObject({ ok: true });
    expect(await started).toMatchObject({ reservationId: 71, evse: { id: 1 }, idToken: { idToken: 'DRIVER-7' } });
    expect(await answer).toEqual({ idTokenInfo: { status: 'Accepted' } });
  });

  it('sends ReservationStatusUpdate Expired at expiryDateTime, and the EVSE is Available again', async () => {
    rig = await startRig({ protocol: 'ocpp2.0.1' });
    const reserved = statusOf(rig, 2, 'Reserved');
    await command(rig, 'ReserveNow', { id: 72, expiryDateTime: inSimSeconds(rig, 300), idToken: token('DRIVER-8'), evseId: 2 });
    await reserved;
    const expired = nextInbound(rig, 'ReservationStatusUpdate', () => true, 600);
    const available = statusOf(rig, 2, 'Available');
    expect(await expired).toEqual({ reservationId: 72, reservationUpdateStatus: 'Expired' });
    await available;
  });

  it('sends ReservationStatusUpdate Removed when the reserved EVSE faults', async () => {
    rig = await startRig({ protocol: 'ocpp2.0.1' });
    const reserved = statusOf(rig, 1, 'Reserved');
    await command(rig, 'ReserveNow', { id: 73, expiryDateTime: inSimSeconds(rig, 3_600), idToken: token('DRIVER-9'), evseId: 1 });
    await reserved;
    const removed = nextInbound(rig, 'ReservationStatusUpdate');
    rig.station.setConnectorFault(1, 'GroundFailure');
    expect(await removed).toEqual({ reservationId: 73, reservationUpdateStatus: 'Removed' });
    expect(rig.station.reservations.all).toEqual([]);
  });

  it('CancelReservation frees the EVSE; unknown ids, other connector types and unknown EVSEs are refused', async () => {
    rig = await startRig({ protocol: 'ocpp2.0.1' });
    const at = inSimSeconds(rig, 3_600);
    expect(await command(rig, 'ReserveNow', { id: 74, expiryDateTime: at, idToken: token('D-1'), evseId: 1, connectorType: 'cCCS2' })).toEqual({
      status: 'Rejected',
    });
    expect(await command(rig, 'ReserveNow', { id: 74, expiryDateTime: at, idToken: token('D-1'), evseId: 5 })).toEqual({ status: 'Rejected' });
    const reserved = statusOf(rig, 2, 'Reserved');
    expect(await command(rig, 'ReserveNow', { id: 74, expiryDateTime: at, idToken: token('D-1'), evseId: 2, connectorType: 'cType2' })).toEqual({
      status: 'Accepted',
    });
    await reserved;
    const available = statusOf(rig, 2, 'Available');
    expect(await command(rig, 'CancelReservation', { reservationId: 74 })).toEqual({ status: 'Accepted' });
    await available;
    expect(await command(rig, 'CancelReservation', { reservationId: 74 })).toEqual({ status: 'Rejected' });
  });

  it('reserves without evseId only while ReservationCtrlr.NonEvseSpecific is true', async () => {
    rig = await startRig({ protocol: 'ocpp2.0.1', connectors: 1 });
    const at = inSimSeconds(rig, 3_600);
    rig.station.config.set('ReserveConnectorZeroSupported', 'false', true);
    expect(await command(rig, 'ReserveNow', { id: 80, expiryDateTime: at, idToken: token('ANY-8') })).toEqual({ status: 'Rejected' });
    rig.station.config.set('ReserveConnectorZeroSupported', 'true', true);
    expect(await command(rig, 'ReserveNow', { id: 80, expiryDateTime: at, idToken: token('ANY-8') })).toEqual({ status: 'Accepted' });
    // The station's only EVSE is kept for the reserved token.
    await expect(rig.station.runSession({ connectorId: 1, idTag: 'OTHER-8', ...SHORT })).resolves.toEqual({
      ok: false,
      reason: 'connector 1 is held for reservation 80',
    });
  });
});
