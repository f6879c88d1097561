/** 1.6 ReserveNow / CancelReservation against the bundled CSMS: the connector is held for one token. */
import { afterEach, describe, expect, it } from 'vitest';
import { nextCsmsEvent, startRig, type Rig } from '../faults/fault-rig.js';
import { command, inSimSeconds, nextAnswer, nextInbound, received } from './csms-rig.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const SHORT = { durationS: 120, powerW: 7_000, unplugAfterS: 10 };
const statusOf = (r: Rig, connectorId: number, status: string) =>
  nextCsmsEvent(r, 'status', (e) => e.connectorId === connectorId && e.status === status, 120);

describe('1.6 ReserveNow', () => {
  it('reserves a connector: others are refused locally, the reserved token starts with reservationId and the CSMS accepts it', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    const reserved = statusOf(rig, 1, 'Reserved');
    const request = { connectorId: 1, expiryDate: inSimSeconds(rig, 3_600), idTag: 'DRIVER-1', reservationId: 41 };
    expect(await command(rig, 'ReserveNow', request)).toEqual({ status: 'Accepted' });
    await reserved;

    await expect(rig.station.runSession({ connectorId: 1, idTag: 'STRANGER-1', ...SHORT })).resolves.toEqual({
      ok: false,
      reason: 'connector 1 is reserved (reservation 41)',
    });
    expect(received(rig, 'Authorize').map((p) => p.idTag)).not.toContain('STRANGER-1');

    const started = nextInbound(rig, 'StartTransaction');
    const answer = nextAnswer(rig, 'StartTransaction');
    await expect(rig.station.runSession({ connectorId: 1, idTag: 'DRIVER-1', ...SHORT })).resolves.toMatchObject({ ok: true });
    expect(await started).toMatchObject({ connectorId: 1, idTag: 'DRIVER-1', reservationId: 41 });
    expect(await answer).toMatchObject({ idTagInfo: { status: 'Accepted' } });
    // Used up: the connector is free for anyone afterwards.
    expect(rig.station.reservations.all).toEqual([]);
    expect(rig.station.connectorState(1).status).toBe('Available');
  });

  it('ends at expiryDate on the simulated clock: the connector returns to Available', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    const reserved = statusOf(rig, 2, 'Reserved');
    const expiryDate = inSimSeconds(rig, 300);
    await command(rig, 'ReserveNow', { connectorId: 2, expiryDate, idTag: 'DRIVER-2', reservationId: 42 });
    await reserved;
    const available = await statusOf(rig, 2, 'Available');
    // Not before the expiry (the CSMS stamps the status when it arrives, so a late one is the machine's stall).
    expect(available.at).toBeGreaterThanOrEqual(Date.parse(expiryDate));
    expect(rig.station.reservations.all).toEqual([]);
  });

  it('CancelReservation frees the connector; an unknown reservation is Rejected', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    const reserved = statusOf(rig, 1, 'Reserved');
    await command(rig, 'ReserveNow', { connectorId: 1, expiryDate: inSimSeconds(rig, 3_600), idTag: 'DRIVER-3', reservationId: 43 });
    await reserved;
    const available = statusOf(rig, 1, 'Available');
    expect(await command(rig, 'CancelReservation', { reservationId: 43 })).toEqual({ status: 'Accepted' });
    await available;
    expect(await command(rig, 'CancelReservation', { reservationId: 43 })).toEqual({ status: 'Rejected' });
  });

  it('answers Occupied, Faulted, Unavailable and Rejected for connectors that cannot be reserved', async () => {
    rig = await startRig({ protocol: 'ocpp1.6', connectors: 3 });
    const at = inSimSeconds(rig, 3_600);
    const charging = statusOf(rig, 1, 'Charging');
    void rig.station.runSession({ connectorId: 1, idTag: 'BUSY-1', durationS: 3_600 });
    await charging;
    rig.station.setConnectorFault(2, 'GroundFailure');
    expect(await command(rig, 'ChangeAvailability', { connectorId: 3, type: 'Inoperative' })).toEqual({ status: 'Accepted' });
    const reserve = (connectorId: number, reservationId: number) => command(rig as Rig, 'ReserveNow', { connectorId, expiryDate: at, idTag: 'D-1', reservationId });
    expect(await reserve(1, 1)).toEqual({ status: 'Occupied' });
    expect(await reserve(2, 2)).toEqual({ status: 'Faulted' });
    expect(await reserve(3, 3)).toEqual({ status: 'Unavailable' });
    expect(await reserve(9, 4)).toEqual({ status: 'Rejected' });
    expect(rig.station.reservations.all).toEqual([]);
  });

  it('reserves connector 0 only with ReserveConnectorZeroSupported, keeping one connector for the reserved token', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    const at = inSimSeconds(rig, 3_600);
    rig.station.config.set('ReserveConnectorZeroSupported', 'false', true);
    expect(await command(rig, 'ReserveNow', { connectorId: 0, expiryDate: at, idTag: 'ANY-1', reservationId: 50 })).toEqual({ status: 'Rejected' });
    rig.station.config.set('ReserveConnectorZeroSupported', 'true', true);
    expect(await command(rig, 'ReserveNow', { connectorId: 0, expiryDate: at, idTag: 'ANY-1', reservationId: 50 })).toEqual({ status: 'Accepted' });

    const other = rig.station.runSession({ connectorId: 1, idTag: 'OTHER-1', durationS: 3_600 });
    await statusOf(rig, 1, 'Charging');
    // Connector 2 is now the last free one: it is kept for ANY-1.
    await expect(rig.station.runSession({ connectorId: 2, idTag: 'OTHER-2', ...SHORT })).resolves.toEqual({
      ok: false,
      reason: 'connector 2 is held for reservation 50',
    });
    const started = nextInbound(rig, 'StartTransaction', (p) => p.idTag === 'ANY-1');
    await expect(rig.station.runSession({ connectorId: 2, idTag: 'ANY-1', ...SHORT })).resolves.toMatchObject({ ok: true });
    expect(await started).toMatchObject({ connectorId: 2, reservationId: 50 });
    await command(rig, 'RemoteStopTransaction', { transactionId: Number(rig.station.connectorState(1).transactionId) });
    await expect(other).resolves.toMatchObject({ ok: true, stopReason: 'Remote' });
  });

  it('lets a token with the reservation parentIdTag use it, as the local list says', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    await command(rig, 'ChangeConfiguration', { key: 'LocalPreAuthorize', value: 'true' });
    const list = [{ idTag: 'MEMBER-1', idTagInfo: { status: 'Accepted', parentIdTag: 'FLEET-1' } }];
    await command(rig, 'SendLocalList', { listVersion: 1, updateType: 'Full', localAuthorizationList: list });
    const reserved = statusOf(rig, 1, 'Reserved');
    const request = { connectorId: 1, expiryDate: inSimSeconds(rig, 3_600), idTag: 'OWNER-1', parentIdTag: 'FLEET-1', reservationId: 60 };
    expect(await command(rig, 'ReserveNow', request)).toEqual({ status: 'Accepted' });
    await reserved;
    // The CSMS knows no parent for this token: not in the group.
    await expect(rig.station.runSession({ connectorId: 1, idTag: 'OUTSIDER-1', ...SHORT })).resolves.toEqual({
      ok: false,
      reason: 'connector 1 is reserved for group FLEET-1',
    });
    const started = nextInbound(rig, 'StartTransaction', (p) => p.idTag === 'MEMBER-1');
    await expect(rig.station.runSession({ connectorId: 1, idTag: 'MEMBER-1', ...SHORT })).resolves.toMatchObject({ ok: true });
    expect(await started).toMatchObject({ reservationId: 60 });
  });
});
