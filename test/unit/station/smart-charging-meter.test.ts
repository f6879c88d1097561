/**
 * Smart charging against the real bundled CSMS: the profile in force really limits the meter, and the
 * energy the station reports integrates the limited power.
 *
 * Tolerance: the register is reported in whole Wh, so the difference of two readings is within ±1 Wh of
 * the true energy between their timestamps; the power is constant between them, so the energy must be
 * P × Δt within that ±1 Wh. Δt itself is 12 sample intervals (one simulated hour) plus the timer jitter
 * of two samples, which the per-hour figure divides out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import { SAMPLE_S, SmartChargingRig, type Reading } from './smart-charging-rig.js';

const HOUR_MS = 3_600_000;
const REGISTER_ROUNDING_WH = 1;

let rig: SmartChargingRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** A TxProfile / TxDefault / Max profile in each version's words. */
function txProfile(protocol: OcppProtocol, id: number, limit: number, unit: 'A' | 'W', transactionId: string | number | undefined, purpose: 'Tx' | 'Max' = 'Tx') {
  const periods = [{ startPeriod: 0, limit }];
  if (protocol === 'ocpp1.6') {
    return {
      chargingProfileId: id,
      stackLevel: 1,
      chargingProfilePurpose: purpose === 'Tx' ? 'TxProfile' : 'ChargePointMaxProfile',
      chargingProfileKind: 'Relative',
      ...(transactionId !== undefined && { transactionId }),
      chargingSchedule: { chargingRateUnit: unit, chargingSchedulePeriod: periods },
    };
  }
  return {
    id,
    stackLevel: 1,
    chargingProfilePurpose: purpose === 'Tx' ? 'TxProfile' : 'ChargingStationMaxProfile',
    chargingProfileKind: 'Relative',
    ...(transactionId !== undefined && { transactionId }),
    chargingSchedule: [{ id: 1, chargingRateUnit: unit, chargingSchedulePeriod: periods }],
  };
}

function setProfile(r: SmartChargingRig, protocol: OcppProtocol, connectorId: number, profile: Record<string, unknown>) {
  return protocol === 'ocpp1.6'
    ? r.csms.sendCommand('S1-CP1', 'SetChargingProfile', { connectorId, csChargingProfiles: profile })
    : r.csms.sendCommand('S1-CP1', 'SetChargingProfile', { evseId: connectorId, chargingProfile: profile });
}

function clearProfile(r: SmartChargingRig, protocol: OcppProtocol, id: number) {
  return r.csms.sendCommand('S1-CP1', 'ClearChargingProfile', protocol === 'ocpp1.6' ? { id } : { chargingProfileId: id });
}

/** Starts an 11 kW session on connector 1 and returns the transaction id as the CSMS knows it. */
async function charging11kW(r: SmartChargingRig, protocol: OcppProtocol): Promise<string | number> {
  void r.station.runSession({ connectorId: 1, idTag: 'TAG-SC-0001', durationS: 10 * 3_600, powerW: 11_000 });
  if (protocol === 'ocpp1.6') {
    const answer = await r.waitFrame((f) => f.direction === 'out' && f.messageType === 3 && f.action === 'StartTransaction', 60_000, 'StartTransaction answer');
    return (answer.payload as { transactionId: number }).transactionId;
  }
  const started = await r.waitFrame(
    (f) => f.direction === 'in' && f.action === 'TransactionEvent' && (f.payload as { eventType: string }).eventType === 'Started',
    60_000,
    'TransactionEvent Started',
  );
  return (started.payload as { transactionInfo: { transactionId: string } }).transactionInfo.transactionId;
}

/** Energy between the first and last reading, and that energy per hour. */
function energyOver(readings: readonly Reading[]) {
  const first = readings[0] as Reading;
  const last = readings[readings.length - 1] as Reading;
  const elapsedMs = last.timestampMs - first.timestampMs;
  const energyWh = last.energyWh - first.energyWh;
  return { elapsedMs, energyWh, perHourWh: (energyWh * HOUR_MS) / elapsedMs };
}

describe.each(['ocpp1.6', 'ocpp2.0.1'] as const)('%s: the meter follows the charging profile in force', (protocol) => {
  it('an 11 kW session under a 3.7 kW TxProfile delivers 3.7 kWh per hour and reports 3,700 W; cleared, it is back at 11 kW', async () => {
    rig = await SmartChargingRig.start(protocol);
    const r = rig;
    const transactionId = await charging11kW(r, protocol);
    const before = await r.samplesAfter(0, 2);
    expect(before.map((s) => s.powerW)).toEqual([11_000, 11_000]);

    await expect(setProfile(r, protocol, 1, txProfile(protocol, 31, 3_700, 'W', transactionId))).resolves.toMatchObject({ status: 'Accepted' });
    const setAt = r.frames.length - 1;
    // The first sample after the answer may have been read before it; one simulated hour follows it.
    const limited = (await r.samplesAfter(setAt, 1 + 12 + 1)).slice(1);
    expect(new Set(limited.map((s) => s.powerW))).toEqual(new Set([3_700]));
    const hour = energyOver(limited.slice(0, 13));
    // Twelve sample intervals apart: the timestamps differ from that only by the timers' jitter.
    expect(Math.abs(hour.elapsedMs - 12 * SAMPLE_S * 1_000)).toBeLessThan((SAMPLE_S * 1_000) / 2);
    expect(Math.abs(hour.energyWh - (3_700 * hour.elapsedMs) / HOUR_MS)).toBeLessThanOrEqual(REGISTER_ROUNDING_WH);
    expect(Math.abs(hour.perHourWh - 3_700)).toBeLessThanOrEqual((REGISTER_ROUNDING_WH * HOUR_MS) / hour.elapsedMs);

    await expect(clearProfile(r, protocol, 31)).resolves.toMatchObject({ status: 'Accepted' });
    const clearedAt = r.frames.length - 1;
    const free = (await r.samplesAfter(clearedAt, 3)).slice(1);
    expect(free.map((s) => s.powerW)).toEqual([11_000, 11_000]);
    const after = energyOver(free);
    expect(Math.abs(after.energyWh - (11_000 * after.elapsedMs) / HOUR_MS)).toBeLessThanOrEqual(REGISTER_ROUNDING_WH);
  });

  it('a station-wide maximum below the TxProfile wins (10 A × 230 V × 3 phases = 6,900 W), and a limit of 0 suspends charging', async () => {
    rig = await SmartChargingRig.start(protocol);
    const r = rig;
    const transactionId = await charging11kW(r, protocol);
    await expect(setProfile(r, protocol, 1, txProfile(protocol, 41, 8_000, 'W', transactionId))).resolves.toMatchObject({ status: 'Accepted' });
    await expect(setProfile(r, protocol, 0, txProfile(protocol, 42, 10, 'A', undefined, 'Max'))).resolves.toMatchObject({ status: 'Accepted' });
    const maxAt = r.frames.length - 1;
    const capped = (await r.samplesAfter(maxAt, 3)).slice(1);
    expect(capped.map((s) => s.powerW)).toEqual([6_900, 6_900]);
    expect(Math.abs(energyOver(capped).energyWh - (6_900 * energyOver(capped).elapsedMs) / HOUR_MS)).toBeLessThanOrEqual(REGISTER_ROUNDING_WH);

    // 0 A on the transaction: no energy flows and the station says why.
    await expect(setProfile(r, protocol, 1, txProfile(protocol, 41, 0, 'A', transactionId))).resolves.toMatchObject({ status: 'Accepted' });
    const zeroAt = r.frames.length - 1;
    if (protocol === 'ocpp1.6') {
      await r.waitFrame((f) => f.direction === 'in' && f.action === 'StatusNotification' && (f.payload as { status: string }).status === 'SuspendedEVSE', 60_000, 'SuspendedEVSE');
    } else {
      const changed = await r.waitFrame(
        (f) => f.direction === 'in' && f.action === 'TransactionEvent' && (f.payload as { triggerReason: string }).triggerReason === 'ChargingStateChanged',
        60_000,
        'ChargingStateChanged',
      );
      expect(changed.payload).toMatchObject({ eventType: 'Updated', transactionInfo: { chargingState: 'SuspendedEVSE' } });
    }
    const suspended = (await r.samplesAfter(zeroAt, 3)).slice(1);
    expect(suspended.map((s) => s.powerW)).toEqual([0, 0]);
    expect(energyOver(suspended).energyWh).toBe(0);
    if (protocol === 'ocpp2.0.1') expect(suspended.map((s) => s.chargingState)).toEqual(['SuspendedEVSE', 'SuspendedEVSE']);
    expect(r.station.connectorState(1).status).toBe('SuspendedEVSE');

    // Clearing the 0 A profile resumes charging at the station maximum.
    await expect(clearProfile(r, protocol, 41)).resolves.toMatchObject({ status: 'Accepted' });
    const resumedAt = r.frames.length - 1;
    const resumed = (await r.samplesAfter(resumedAt, 2)).slice(1);
    expect(resumed.map((s) => s.powerW)).toEqual([6_900]);
    expect(r.station.connectorState(1).status).toBe('Charging');
  });
});
