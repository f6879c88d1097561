/** Smart charging commands against the real bundled CSMS: answers, composite schedules, reports, remote starts, period boundaries. */
import { afterEach, describe, expect, it } from 'vitest';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import { SmartChargingRig } from './smart-charging-rig.js';

const MIN_MS = 60_000;
let rig: SmartChargingRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

type Period = { startPeriod: number; limit: number };
interface ProfileSpec {
  id: number;
  purpose: 'Tx' | 'TxDefault' | 'Max';
  periods: Period[];
  unit?: 'A' | 'W';
  stackLevel?: number;
  startSchedule?: number;
  transactionId?: string | number;
}

const PURPOSES = {
  'ocpp1.6': { Tx: 'TxProfile', TxDefault: 'TxDefaultProfile', Max: 'ChargePointMaxProfile' },
  'ocpp2.0.1': { Tx: 'TxProfile', TxDefault: 'TxDefaultProfile', Max: 'ChargingStationMaxProfile' },
} as const;

function wireProfile(protocol: OcppProtocol, spec: ProfileSpec): Record<string, unknown> {
  const schedule = {
    chargingRateUnit: spec.unit ?? 'W',
    chargingSchedulePeriod: spec.periods,
    ...(spec.startSchedule !== undefined && { startSchedule: new Date(spec.startSchedule).toISOString() }),
  };
  const common = {
    stackLevel: spec.stackLevel ?? 1,
    chargingProfilePurpose: PURPOSES[protocol][spec.purpose],
    chargingProfileKind: spec.startSchedule === undefined ? 'Relative' : 'Absolute',
    ...(spec.transactionId !== undefined && { transactionId: spec.transactionId }),
  };
  return protocol === 'ocpp1.6'
    ? { chargingProfileId: spec.id, ...common, chargingSchedule: schedule }
    : { id: spec.id, ...common, chargingSchedule: [{ id: 1, ...schedule }] };
}

function setProfile(r: SmartChargingRig, protocol: OcppProtocol, connectorId: number, spec: ProfileSpec) {
  const profile = wireProfile(protocol, spec);
  return protocol === 'ocpp1.6'
    ? r.csms.sendCommand('S1-CP1', 'SetChargingProfile', { connectorId, csChargingProfiles: profile })
    : r.csms.sendCommand('S1-CP1', 'SetChargingProfile', { evseId: connectorId, chargingProfile: profile });
}

function compositeSchedule(r: SmartChargingRig, protocol: OcppProtocol, connectorId: number, duration: number, unit: 'A' | 'W') {
  return r.csms.sendCommand('S1-CP1', 'GetCompositeSchedule', protocol === 'ocpp1.6' ? { connectorId, duration, chargingRateUnit: unit } : { evseId: connectorId, duration, chargingRateUnit: unit });
}

/** Starts a remote session on connector 1 with a 3.7 kW TxProfile. */
async function remoteStartLimited(r: SmartChargingRig, protocol: OcppProtocol): Promise<void> {
  const profile = wireProfile(protocol, { id: 77, purpose: 'Tx', periods: [{ startPeriod: 0, limit: 3_700 }] });
  const answer =
    protocol === 'ocpp1.6'
      ? await r.csms.sendCommand('S1-CP1', 'RemoteStartTransaction', { connectorId: 1, idTag: 'TAG-SC-0002', chargingProfile: profile })
      : await r.csms.sendCommand('S1-CP1', 'RequestStartTransaction', { evseId: 1, remoteStartId: 5, idToken: { idToken: 'APP-5', type: 'Central' }, chargingProfile: profile });
  expect(answer).toMatchObject({ status: 'Accepted' });
}

describe.each(['ocpp1.6', 'ocpp2.0.1'] as const)('%s smart charging commands', (protocol) => {
  it('refuses a TxProfile without a transaction, a stack level beyond the maximum and a unit the station does not allow; clearing nothing is Unknown', async () => {
    rig = await SmartChargingRig.start(protocol);
    const r = rig;
    await expect(setProfile(r, protocol, 2, { id: 1, purpose: 'Tx', periods: [{ startPeriod: 0, limit: 3_000 }], transactionId: protocol === 'ocpp1.6' ? 99 : 'no-such-tx' })).resolves.toMatchObject({ status: 'Rejected' });
    await expect(setProfile(r, protocol, 0, { id: 2, purpose: 'Max', stackLevel: 9, periods: [{ startPeriod: 0, limit: 3_000 }] })).resolves.toMatchObject({ status: 'Rejected' });
    await expect(setProfile(r, protocol, 0, { id: 3, purpose: 'Max', stackLevel: 8, periods: [{ startPeriod: 0, limit: 3_000 }] })).resolves.toMatchObject({ status: 'Accepted' });
    r.station.config.set('ChargingScheduleAllowedChargingRateUnit', 'Power', true);
    await expect(setProfile(r, protocol, 0, { id: 4, purpose: 'Max', unit: 'A', periods: [{ startPeriod: 0, limit: 16 }] })).resolves.toMatchObject({ status: 'Rejected' });
    await expect(compositeSchedule(r, protocol, 1, 600, 'A')).resolves.toMatchObject({ status: 'Rejected' });
    const clearUnknown = protocol === 'ocpp1.6' ? { id: 404 } : { chargingProfileId: 404 };
    await expect(r.csms.sendCommand('S1-CP1', 'ClearChargingProfile', clearUnknown)).resolves.toEqual({ status: 'Unknown' });
    expect(r.station.smartCharging.store.all().map((p) => p.id)).toEqual([3]);
  });

  it('GetCompositeSchedule returns the station maximum, then the TxDefault schedule from its start, in the unit asked for', async () => {
    rig = await SmartChargingRig.start(protocol);
    const r = rig;
    const startsAt = Math.ceil(r.clock.now() / (10 * MIN_MS)) * 10 * MIN_MS + 10 * MIN_MS;
    await expect(setProfile(r, protocol, 0, { id: 10, purpose: 'Max', unit: 'A', periods: [{ startPeriod: 0, limit: 10 }] })).resolves.toMatchObject({ status: 'Accepted' });
    await expect(setProfile(r, protocol, 1, { id: 11, purpose: 'TxDefault', startSchedule: startsAt, periods: [{ startPeriod: 0, limit: 8_000 }, { startPeriod: 600, limit: 3_000 }] })).resolves.toMatchObject({ status: 'Accepted' });
    const answer = await compositeSchedule(r, protocol, 1, 3_600, 'W');
    const schedule = (protocol === 'ocpp1.6' ? answer.chargingSchedule : answer.schedule) as { chargingSchedulePeriod: Period[] };
    const scheduleStart = Date.parse(answer.scheduleStart as string ?? (answer.schedule as { scheduleStart: string }).scheduleStart);
    expect(answer.status).toBe('Accepted');
    // 10 A × 230 V × 3 phases until the TxDefault's second period (3 kW) begins; its first (8 kW) is above the maximum.
    expect(schedule.chargingSchedulePeriod).toEqual([
      { startPeriod: 0, limit: 6_900 },
      { startPeriod: Math.round((startsAt + 600_000 - scheduleStart) / 1_000), limit: 3_000 },
    ]);
    const grid = await compositeSchedule(r, protocol, 0, 3_600, 'A');
    const gridSchedule = (protocol === 'ocpp1.6' ? grid.chargingSchedule : grid.schedule) as { chargingSchedulePeriod: Period[] };
    expect(gridSchedule.chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 10, numberPhases: 3 }]);
  });

  it('a remote start with a TxProfile charges at its limit; a Relative period boundary changes the power exactly on time', async () => {
    rig = await SmartChargingRig.start(protocol);
    const r = rig;
    await remoteStartLimited(r, protocol);
    const limited = await r.samplesAfter(0, 2);
    expect(limited.map((s) => s.powerW)).toEqual([3_700, 3_700]);
    const tx = r.station.smartCharging.store.all().find((p) => p.purpose === 'Tx');
    expect(tx?.id).toBe(77);

    // A second TxProfile, one stack level up, relative to the transaction start: 7 kW, then 3 kW from 1,050 s
    // (between the samples at 900 s and 1,200 s; a remote session lasts 1,800 s).
    const started = await r.waitFrame((f) => f.direction === 'in' && (f.action === 'StartTransaction' || f.action === 'TransactionEvent'), 60_000, 'the transaction start');
    const txStartMs = Date.parse((started.payload as { timestamp: string }).timestamp);
    const stationTxId = r.station.connectorState(1).transactionId as string;
    const transactionId = protocol === 'ocpp1.6' ? Number(stationTxId) : stationTxId;
    await expect(setProfile(r, protocol, 1, { id: 78, purpose: 'Tx', stackLevel: 2, transactionId, periods: [{ startPeriod: 0, limit: 7_000 }, { startPeriod: 1_050, limit: 3_000 }] })).resolves.toMatchObject({ status: 'Accepted' });
    const boundaryMs = txStartMs + 1_050_000;
    await r.waitFrame(() => r.readings().some((s) => s.timestampMs > boundaryMs), 1_800_000, 'a sample past the boundary');
    const readings = r.readings();
    const before = readings.filter((s) => s.timestampMs < boundaryMs).at(-1);
    const after = readings.find((s) => s.timestampMs > boundaryMs);
    if (!before || !after) throw new Error('no samples around the boundary');
    expect([before.powerW, after.powerW]).toEqual([7_000, 3_000]);
    const expectedWh = (7_000 * (boundaryMs - before.timestampMs) + 3_000 * (after.timestampMs - boundaryMs)) / 3_600_000;
    expect(Math.abs(after.energyWh - before.energyWh - expectedWh)).toBeLessThanOrEqual(1);
  });
});

describe('2.0.1 GetChargingProfiles', () => {
  it('answers Accepted and reports the matching profiles per EVSE in ReportChargingProfiles, or NoProfiles', async () => {
    rig = await SmartChargingRig.start('ocpp2.0.1');
    const r = rig;
    await setProfile(r, 'ocpp2.0.1', 0, { id: 20, purpose: 'Max', periods: [{ startPeriod: 0, limit: 9_000 }] });
    await setProfile(r, 'ocpp2.0.1', 2, { id: 21, purpose: 'TxDefault', periods: [{ startPeriod: 0, limit: 5_000 }] });
    await expect(r.csms.sendCommand('S1-CP1', 'GetChargingProfiles', { requestId: 3, chargingProfile: { chargingProfilePurpose: 'TxProfile' } })).resolves.toEqual({ status: 'NoProfiles' });
    await expect(r.csms.sendCommand('S1-CP1', 'GetChargingProfiles', { requestId: 4, chargingProfile: {} })).resolves.toEqual({ status: 'Accepted' });
    const report = (evseId: number) =>
      r.waitFrame((f) => f.direction === 'in' && f.action === 'ReportChargingProfiles' && (f.payload as { evseId: number }).evseId === evseId, 60_000, `report for EVSE ${evseId}`);
    const [station, evse2] = await Promise.all([report(0), report(2)]);
    expect(station.payload).toMatchObject({ requestId: 4, chargingLimitSource: 'CSO', tbc: true, chargingProfile: [{ id: 20, chargingProfilePurpose: 'ChargingStationMaxProfile' }] });
    expect(evse2.payload).toMatchObject({ requestId: 4, tbc: false, chargingProfile: [{ id: 21, chargingProfilePurpose: 'TxDefaultProfile' }] });
    // The CSMS acknowledges both parts of the report.
    const answered = () => r.frames.filter((f) => f.direction === 'out' && f.action === 'ReportChargingProfiles' && f.messageType === 3).length;
    await r.waitFrame(() => answered() === 2, 60_000, 'two ReportChargingProfiles answers');
    expect(answered()).toBe(2);
  });
});
