/** The charging-profile engine on a manual clock: schedules, precedence, A→W, composite, sharing. */
import { describe, expect, it } from 'vitest';
import { compositeSchedule } from '../../../simulator/station/smart-charging/composite.js';
import { parseUnits, share } from '../../../simulator/station/smart-charging/engine.js';
import { profileProblem, type ChargingProfile } from '../../../simulator/station/smart-charging/profile.js';
import { connectorLimit, periodAt, stationLimit } from '../../../simulator/station/smart-charging/schedule.js';

const T0 = Date.UTC(2025, 0, 1, 0, 0, 0);
const S = 1_000;
const H = 3_600 * S;
const THREE_PHASE = { voltageV: 230, phases: 3 };

function profile(over: Partial<ChargingProfile> & Pick<ChargingProfile, 'purpose'>): ChargingProfile {
  return {
    id: 1,
    connectorId: 1,
    stackLevel: 0,
    kind: 'Absolute',
    schedule: { startScheduleMs: T0, unit: 'W', periods: [{ startPeriodS: 0, limit: 7_000 }] },
    wire: {},
    ...over,
  };
}

describe('periodAt', () => {
  const stepped = profile({
    purpose: 'TxDefault',
    schedule: { startScheduleMs: T0, durationS: 3 * 3_600, unit: 'W', periods: [{ startPeriodS: 0, limit: 11_000 }, { startPeriodS: 3_600, limit: 3_700 }] },
  });

  it('gives the Absolute period in force and the next boundary, and nothing once the duration has run out', () => {
    expect(periodAt(stepped, T0 + 10 * S, 0)).toEqual({ period: { limit: 11_000, unit: 'W' }, nextChangeMs: T0 + H });
    expect(periodAt(stepped, T0 + H, 0)).toEqual({ period: { limit: 3_700, unit: 'W' }, nextChangeMs: T0 + 3 * H });
    expect(periodAt(stepped, T0 + 3 * H, 0)).toEqual({});
    expect(periodAt(stepped, T0 - S, 0)).toEqual({ nextChangeMs: T0 });
  });

  it('starts a Relative schedule at the anchor (the transaction start)', () => {
    const relative = profile({ purpose: 'Tx', kind: 'Relative', schedule: { unit: 'A', periods: [{ startPeriodS: 0, limit: 16 }, { startPeriodS: 600, limit: 8, numberPhases: 1 }] } });
    const txStart = T0 + 5 * H;
    expect(periodAt(relative, txStart + 599 * S, txStart)).toEqual({ period: { limit: 16, unit: 'A' }, nextChangeMs: txStart + 600 * S });
    expect(periodAt(relative, txStart + 600 * S, txStart).period).toEqual({ limit: 8, unit: 'A', numberPhases: 1 });
  });

  it('repeats a Daily Recurring schedule every 24 h from startSchedule', () => {
    // 18:00-22:00 every day at 4 kW, unlimited the rest of the day.
    const evening = profile({
      purpose: 'StationMax',
      connectorId: 0,
      kind: 'Recurring',
      recurrency: 'Daily',
      schedule: { startScheduleMs: T0 + 18 * H, durationS: 4 * 3_600, unit: 'W', periods: [{ startPeriodS: 0, limit: 4_000 }] },
    });
    const dayLater = T0 + 24 * H;
    expect(periodAt(evening, dayLater + 19 * H, 0)).toEqual({ period: { limit: 4_000, unit: 'W' }, nextChangeMs: dayLater + 22 * H });
    expect(periodAt(evening, dayLater + 23 * H, 0)).toEqual({ nextChangeMs: dayLater + 24 * H + 18 * H });
  });

  it('honours validFrom and validTo', () => {
    const windowed = profile({ purpose: 'TxDefault', validFromMs: T0 + H, validToMs: T0 + 2 * H });
    expect(periodAt(windowed, T0, 0)).toEqual({ nextChangeMs: T0 + H });
    expect(periodAt(windowed, T0 + H, 0)).toEqual({ period: { limit: 7_000, unit: 'W' }, nextChangeMs: T0 + 2 * H });
    expect(periodAt(windowed, T0 + 2 * H, 0)).toEqual({});
  });
});

describe('precedence', () => {
  const tx = { key: 'tx-1', startedAtMs: T0 };

  it('a Tx profile for the running transaction overrules TxDefault, which on the connector overrules connector 0', () => {
    const station0 = profile({ id: 1, purpose: 'TxDefault', connectorId: 0, schedule: { startScheduleMs: T0, unit: 'W', periods: [{ startPeriodS: 0, limit: 9_000 }] } });
    const onConnector = profile({ id: 2, purpose: 'TxDefault', connectorId: 1, schedule: { startScheduleMs: T0, unit: 'W', periods: [{ startPeriodS: 0, limit: 8_000 }] } });
    const txProfile = profile({ id: 3, purpose: 'Tx', transactionKey: 'tx-1', schedule: { startScheduleMs: T0, unit: 'W', periods: [{ startPeriodS: 0, limit: 10_000 }] } });
    const otherTx = profile({ id: 4, purpose: 'Tx', transactionKey: 'tx-0', schedule: { startScheduleMs: T0, unit: 'W', periods: [{ startPeriodS: 0, limit: 1_000 }] } });
    expect(connectorLimit([station0], 1, tx, T0, T0, THREE_PHASE).limitW).toBe(9_000);
    expect(connectorLimit([station0, onConnector], 1, tx, T0, T0, THREE_PHASE).limitW).toBe(8_000);
    expect(connectorLimit([station0, onConnector, txProfile, otherTx], 1, tx, T0, T0, THREE_PHASE).limitW).toBe(10_000);
    expect(connectorLimit([station0, onConnector, txProfile], 2, undefined, T0, T0, THREE_PHASE).limitW).toBe(9_000);
  });

  it('the highest stack level prevails while its schedule runs; the lower one takes over when it ends', () => {
    const base = profile({ id: 1, purpose: 'TxDefault', stackLevel: 0, schedule: { startScheduleMs: T0, unit: 'W', periods: [{ startPeriodS: 0, limit: 11_000 }] } });
    const peak = profile({ id: 2, purpose: 'TxDefault', stackLevel: 3, schedule: { startScheduleMs: T0 + H, durationS: 3_600, unit: 'W', periods: [{ startPeriodS: 0, limit: 2_000 }] } });
    expect(connectorLimit([base, peak], 1, tx, T0, T0, THREE_PHASE)).toEqual({ limitW: 11_000, nextChangeMs: T0 + H });
    expect(connectorLimit([base, peak], 1, tx, T0 + H, T0, THREE_PHASE)).toEqual({ limitW: 2_000, nextChangeMs: T0 + 2 * H });
    expect(connectorLimit([base, peak], 1, tx, T0 + 2 * H, T0, THREE_PHASE)).toEqual({ limitW: 11_000 });
  });

  it('converts amperes at 230 V per phase, with numberPhases (default 3) capped by the connector', () => {
    const amps = (limit: number, numberPhases?: number) =>
      profile({ purpose: 'StationMax', connectorId: 0, schedule: { startScheduleMs: T0, unit: 'A', periods: [{ startPeriodS: 0, limit, ...(numberPhases && { numberPhases }) }] } });
    expect(stationLimit([amps(16)], T0, T0, THREE_PHASE).limitW).toBe(16 * 230 * 3);
    expect(stationLimit([amps(16, 1)], T0, T0, THREE_PHASE).limitW).toBe(16 * 230);
    expect(stationLimit([amps(32)], T0, T0, { voltageV: 230, phases: 1 }).limitW).toBe(32 * 230);
  });
});

describe('compositeSchedule', () => {
  it('merges StationMax and the connector limits period by period, capped by the hardware, in the unit asked for', () => {
    const max = profile({ id: 1, purpose: 'StationMax', connectorId: 0, schedule: { startScheduleMs: T0 + 30 * 60 * S, unit: 'W', periods: [{ startPeriodS: 0, limit: 6_900 }] } });
    const tx = profile({
      id: 2,
      purpose: 'Tx',
      kind: 'Relative',
      transactionKey: 'tx-1',
      schedule: { unit: 'W', periods: [{ startPeriodS: 0, limit: 11_000 }, { startPeriodS: 3_600, limit: 3_680 }] },
    });
    const request = { connectorId: 1, startMs: T0, durationS: 7_200, tx: { key: 'tx-1', startedAtMs: T0 }, electrical: THREE_PHASE, hardwareMaxW: 22_000 };
    expect(compositeSchedule([max, tx], { ...request, unit: 'W' })).toEqual([
      { startPeriod: 0, limit: 11_000 },
      { startPeriod: 1_800, limit: 6_900 },
      { startPeriod: 3_600, limit: 3_680 },
    ]);
    expect(compositeSchedule([max, tx], { ...request, unit: 'A' })).toEqual([
      { startPeriod: 0, limit: 15.9, numberPhases: 3 },
      { startPeriod: 1_800, limit: 10, numberPhases: 3 },
      { startPeriod: 3_600, limit: 5.3, numberPhases: 3 },
    ]);
    expect(compositeSchedule([], { ...request, unit: 'W' })).toEqual([{ startPeriod: 0, limit: 22_000 }]);
  });
});

describe('helpers', () => {
  it('shares a station limit: small demands in full, the rest evenly', () => {
    expect(share(10_000, [2_000, 11_000, 11_000])).toEqual([2_000, 4_000, 4_000]);
    expect(share(30_000, [2_000, 11_000])).toEqual([2_000, 11_000]);
    expect(share(0, [11_000])).toEqual([0]);
  });

  it('reads both versions’ unit lists and refuses profiles beyond the station’s limits', () => {
    expect(parseUnits('Current,Power')).toEqual(['A', 'W']);
    expect(parseUnits('W')).toEqual(['W']);
    const limits = { maxStackLevel: 8, allowedUnits: ['W'] as const, maxPeriods: 2, maxInstalled: 4 };
    expect(profileProblem(profile({ purpose: 'TxDefault' }), limits)).toBeUndefined();
    expect(profileProblem(profile({ purpose: 'TxDefault', stackLevel: 9 }), limits)).toBe('stackLevel 9 is outside 0..8');
    expect(profileProblem(profile({ purpose: 'TxDefault', schedule: { unit: 'A', periods: [{ startPeriodS: 0, limit: 16 }] } }), limits)).toBe('chargingRateUnit A is not one of W');
    expect(profileProblem(profile({ purpose: 'TxDefault', schedule: { unit: 'W', periods: [{ startPeriodS: 60, limit: 1 }] } }), limits)).toBe('the first chargingSchedulePeriod must start at 0');
    expect(profileProblem(profile({ purpose: 'TxDefault', kind: 'Recurring' }), limits)).toBe('a Recurring profile needs recurrencyKind and startSchedule');
  });
});
