/**
 * Faults that put a connector in Faulted, against the bundled CSMS: the codes and details on the wire in
 * both versions, that the running session stops, and each fault's clearing rule (what a reset does and
 * does not clear).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { faultParams, injectFault, type FaultKind } from '../../../simulator/faults/registry.js';
import type { ActiveFault } from '../../../simulator/faults/types.js';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import { inboundCalls, nextCsmsEvent, payloadOf, startRig, type Rig } from './fault-rig.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function chargingRig(protocol: OcppProtocol): Promise<{ rig: Rig; session: ReturnType<Rig['station']['runSession']> }> {
  rig = await startRig({ protocol });
  const started = nextCsmsEvent(rig, 'transaction-started', () => true, 60);
  const session = rig.station.runSession({ connectorId: 1, idTag: 'DRIVER-1', durationS: 3_600 });
  await started;
  return { rig, session };
}

/** Injects on connector 1, or with `wholeStation` without naming a connector. */
function inject(r: Rig, kind: FaultKind, params: Record<string, unknown> = {}, wholeStation = false): ActiveFault {
  return injectFault(kind, { stations: [r.station], ...(!wholeStation && { connectorId: 1 }) }, faultParams(kind, params), {
    clock: r.clock,
    activeFaults: r.activeFaults,
  });
}

describe('ground-failure', () => {
  it('on 1.6 reports Faulted GroundFailure with info and vendorErrorCode and stops the running session', async () => {
    const { rig: r, session } = await chargingRig('ocpp1.6');
    const faulted = nextCsmsEvent(r, 'status', (e) => e.status === 'Faulted', 60);
    const ended = nextCsmsEvent(r, 'transaction-ended', () => true, 60);
    inject(r, 'ground-failure');
    expect(await faulted).toMatchObject({ connectorId: 1, errorCode: 'GroundFailure', info: 'Residual current 30 mA, RCD tripped', vendorErrorCode: 'RCD-TRIP-30MA' });
    expect((await ended).reason).toBe('Other');
    expect(await session).toMatchObject({ ok: true });
  });

  it('on 2.0.1 reports Faulted, a NotifyEvent RCD.Tripped with the code, and ends the transaction with GroundFault', async () => {
    const { rig: r } = await chargingRig('ocpp2.0.1');
    const faulted = nextCsmsEvent(r, 'status', (e) => e.status === 'Faulted', 60);
    const notified = nextCsmsEvent(r, 'frame', (e) => e.direction === 'in' && e.action === 'NotifyEvent', 60);
    const ended = nextCsmsEvent(r, 'transaction-ended', () => true, 60);
    inject(r, 'ground-failure');
    expect(await faulted).toMatchObject({ evseId: 1, connectorId: 1 });
    const eventData = ((await notified).payload as { eventData: Record<string, unknown>[] }).eventData[0];
    expect(eventData).toMatchObject({
      component: { name: 'RCD', evse: { id: 1, connectorId: 1 } },
      variable: { name: 'Tripped' },
      actualValue: 'true',
      techCode: 'GroundFailure',
      techInfo: 'Residual current 30 mA, RCD tripped / RCD-TRIP-30MA',
    });
    expect((await ended).reason).toBe('GroundFault');
  });

  it('is not cleared by a hard reset: the station reboots and comes back still Faulted', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    const r = rig;
    const faulted = nextCsmsEvent(r, 'status', (e) => e.status === 'Faulted', 60);
    const fault = inject(r, 'ground-failure');
    await faulted;
    const rebooted = nextCsmsEvent(r, 'boot', () => true, 120);
    expect(await r.csms.sendCommand('S1-CP1', 'Reset', { type: 'Hard' })).toEqual({ status: 'Accepted' });
    await rebooted;
    const announced = await nextCsmsEvent(r, 'status', (e) => e.connectorId === 1, 60);
    expect(announced).toMatchObject({ status: 'Faulted', errorCode: 'GroundFailure' });
    expect(fault.active).toBe(true);
  });
});

describe('high-temperature', () => {
  it('on 2.0.1 reports Faulted with a NotifyEvent TemperatureSensor.Problem HighTemperature and survives a reset', async () => {
    rig = await startRig({ protocol: 'ocpp2.0.1' });
    const r = rig;
    const notified = nextCsmsEvent(r, 'frame', (e) => e.direction === 'in' && e.action === 'NotifyEvent', 60);
    const fault = inject(r, 'high-temperature');
    const eventData = ((await notified).payload as { eventData: Record<string, unknown>[] }).eventData[0];
    expect(eventData).toMatchObject({ component: { name: 'TemperatureSensor' }, variable: { name: 'Problem' }, techCode: 'HighTemperature' });
    const rebooted = nextCsmsEvent(r, 'boot', () => true, 120);
    await r.csms.sendCommand('S1-CP1', 'Reset', { type: 'Immediate' });
    expect((await rebooted).payload.reason).toBe('RemoteReset');
    expect(payloadOf(inboundCalls(r, 'S1-CP1', 'BootNotification').at(-1)).reason).toBe('RemoteReset');
    expect(await nextCsmsEvent(r, 'status', (e) => e.evseId === 1, 60)).toMatchObject({ status: 'Faulted' });
    expect(fault.active).toBe(true);
  });
});

describe('power-meter-failure', () => {
  it('is cleared by a soft reset when the meter recovers: the station comes back Available', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    const r = rig;
    const faulted = nextCsmsEvent(r, 'status', (e) => e.errorCode === 'PowerMeterFailure', 60);
    const fault = inject(r, 'power-meter-failure', { softResetRecovers: true });
    expect(await faulted).toMatchObject({ status: 'Faulted', vendorErrorCode: 'MTR-COMM-TIMEOUT' });
    const available = nextCsmsEvent(r, 'status', (e) => e.connectorId === 1 && e.status === 'Available', 120);
    await r.csms.sendCommand('S1-CP1', 'Reset', { type: 'Soft' });
    await available;
    expect(fault.clearance?.reason).toBe('remote-soft-reset');
  });

  it('stays Faulted after a soft reset when the meter is dead', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    const r = rig;
    const faulted = nextCsmsEvent(r, 'status', (e) => e.errorCode === 'PowerMeterFailure', 60);
    const fault = inject(r, 'power-meter-failure');
    await faulted;
    const rebooted = nextCsmsEvent(r, 'boot', () => true, 120);
    await r.csms.sendCommand('S1-CP1', 'Reset', { type: 'Soft' });
    await rebooted;
    expect(await nextCsmsEvent(r, 'status', (e) => e.connectorId === 1, 60)).toMatchObject({ status: 'Faulted', errorCode: 'PowerMeterFailure' });
    expect(fault.active).toBe(true);
  });
});

describe('connector-lock-failure', () => {
  it('recovers remotely with UnlockConnector followed by a soft reset', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    const r = rig;
    const faulted = nextCsmsEvent(r, 'status', (e) => e.errorCode === 'ConnectorLockFailure', 60);
    const fault = inject(r, 'connector-lock-failure', { recoversRemotely: true });
    await faulted;
    expect(await r.csms.sendCommand('S1-CP1', 'UnlockConnector', { connectorId: 1 })).toEqual({ status: 'Unlocked' });
    expect(fault.active).toBe(true);
    const available = nextCsmsEvent(r, 'status', (e) => e.connectorId === 1 && e.status === 'Available', 120);
    await r.csms.sendCommand('S1-CP1', 'Reset', { type: 'Soft' });
    await available;
    expect(fault.clearance?.reason).toBe('remote-soft-reset');
  });

  it('with a broken actuator answers UnlockFailed and stays Faulted after a reset (2.0.1)', async () => {
    rig = await startRig({ protocol: 'ocpp2.0.1' });
    const r = rig;
    const notified = nextCsmsEvent(r, 'frame', (e) => e.direction === 'in' && e.action === 'NotifyEvent', 60);
    const fault = inject(r, 'connector-lock-failure', { recoversRemotely: false });
    expect(((await notified).payload as { eventData: Record<string, unknown>[] }).eventData[0]).toMatchObject({
      component: { name: 'ConnectorPlugRetentionLock' },
      variable: { name: 'Problem' },
      techCode: 'ConnectorLockFailure',
    });
    expect(await r.csms.sendCommand('S1-CP1', 'UnlockConnector', { evseId: 1, connectorId: 1 })).toEqual({ status: 'UnlockFailed' });
    const rebooted = nextCsmsEvent(r, 'boot', () => true, 120);
    await r.csms.sendCommand('S1-CP1', 'Reset', { type: 'OnIdle' });
    await rebooted;
    expect(await nextCsmsEvent(r, 'status', (e) => e.evseId === 1, 60)).toMatchObject({ status: 'Faulted' });
    expect(fault.active).toBe(true);
  });
});

describe('reader-failure', () => {
  it('faults every connector the reader serves with ReaderFailure', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    const r = rig;
    const first = nextCsmsEvent(r, 'status', (e) => e.connectorId === 1 && e.errorCode === 'ReaderFailure', 60);
    const second = nextCsmsEvent(r, 'status', (e) => e.connectorId === 2 && e.errorCode === 'ReaderFailure', 60);
    const fault = inject(r, 'reader-failure', {}, true);
    expect(await first).toMatchObject({ status: 'Faulted', vendorErrorCode: 'RFID-NO-RESPONSE' });
    await second;
    expect(fault.connectorId).toBeUndefined();
  });
});

describe('ev-communication-error', () => {
  it('clears by itself when the EV is unplugged after durationS, not before', async () => {
    const { rig: r, session } = await chargingRig('ocpp1.6');
    const durationS = 120;
    const faulted = nextCsmsEvent(r, 'status', (e) => e.errorCode === 'EVCommunicationError', 60);
    const available = nextCsmsEvent(r, 'status', (e) => e.connectorId === 1 && e.status === 'Available', durationS + 60);
    const fault = inject(r, 'ev-communication-error', { durationS });
    const faultedAt = (await faulted).at;
    const backAt = (await available).at;
    expect(backAt - faultedAt).toBeGreaterThanOrEqual(durationS * 1_000 - r.clock.toSimMs(50));
    expect(fault.clearance?.reason).toBe('self-cleared');
    expect(await session).toMatchObject({ ok: true });
  });
});
