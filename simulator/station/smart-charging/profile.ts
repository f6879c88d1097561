/**
 * A charging profile as the station keeps it, whichever version it arrived in. 1.6 and 2.0.1 say the same
 * things with different names (ChargePointMaxProfile / ChargingStationMaxProfile, connectorId / evseId); the
 * engine works on this one shape and the command handlers translate (wire16.ts, wire201.ts).
 */
import type { JsonObject } from '../../protocol/frames.js';

/** `StationMax` limits the whole station; `Tx` belongs to one transaction; `TxDefault` applies to transactions without a `Tx`. */
export type ProfilePurpose = 'StationMax' | 'TxDefault' | 'Tx';
export type RateUnit = 'A' | 'W';
export type ProfileKind = 'Absolute' | 'Recurring' | 'Relative';
export type RecurrencyKind = 'Daily' | 'Weekly';

export interface SchedulePeriod {
  /** Seconds from the start of the schedule. */
  startPeriodS: number;
  /** In the schedule's unit. */
  limit: number;
  /** Absent: the spec's default of 3 phases (capped by what the connector has). */
  numberPhases?: number;
}

export interface ChargingSchedule {
  /** Absent for Relative profiles (and Absolute ones that start with the transaction). */
  startScheduleMs?: number;
  /** Absent: the last period lasts until the profile ends. */
  durationS?: number;
  unit: RateUnit;
  /** Sorted by startPeriodS, the first at 0. */
  periods: readonly SchedulePeriod[];
  minChargingRate?: number;
}

export interface ChargingProfile {
  id: number;
  /** 0: the station as a whole (StationMax), or every connector (TxDefault). */
  connectorId: number;
  stackLevel: number;
  purpose: ProfilePurpose;
  kind: ProfileKind;
  recurrency?: RecurrencyKind;
  validFromMs?: number;
  validToMs?: number;
  /** Tx profiles: the station's local id of the transaction they belong to. */
  transactionKey?: string;
  schedule: ChargingSchedule;
  /** The profile as the CSMS sent it, for 2.0.1 GetChargingProfiles reports. */
  wire: JsonObject;
}

/** What a profile's rules allow, for the checks SetChargingProfile makes before it installs one. */
export interface ProfileLimits {
  maxStackLevel: number;
  allowedUnits: readonly RateUnit[];
  maxPeriods: number;
  maxInstalled: number;
}

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** Parses an OCPP dateTime; `what` names the field for the error. */
export function parseTime(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`${what}: "${value}" is not a date-time`);
  return ms;
}

/**
 * Why the station cannot use `profile` (undefined when it can): a broken schedule, or one beyond what
 * the station supports (ChargeProfileMaxStackLevel, ChargingScheduleAllowedChargingRateUnit, ChargingScheduleMaxPeriods).
 */
export function profileProblem(profile: ChargingProfile, limits: ProfileLimits): string | undefined {
  const { schedule } = profile;
  if (profile.stackLevel < 0 || profile.stackLevel > limits.maxStackLevel) {
    return `stackLevel ${profile.stackLevel} is outside 0..${limits.maxStackLevel}`;
  }
  if (!limits.allowedUnits.includes(schedule.unit)) return `chargingRateUnit ${schedule.unit} is not one of ${limits.allowedUnits.join(', ')}`;
  if (schedule.periods.length === 0) return 'chargingSchedulePeriod is empty';
  if (schedule.periods.length > limits.maxPeriods) return `${schedule.periods.length} periods exceed the ${limits.maxPeriods} allowed`;
  if (schedule.periods[0]?.startPeriodS !== 0) return 'the first chargingSchedulePeriod must start at 0';
  for (let i = 1; i < schedule.periods.length; i++) {
    if ((schedule.periods[i] as SchedulePeriod).startPeriodS <= (schedule.periods[i - 1] as SchedulePeriod).startPeriodS) {
      return 'chargingSchedulePeriod startPeriod values must increase';
    }
  }
  if (schedule.periods.some((p) => p.limit < 0)) return 'a limit is negative';
  if (profile.kind === 'Recurring' && (profile.recurrency === undefined || schedule.startScheduleMs === undefined)) {
    return 'a Recurring profile needs recurrencyKind and startSchedule';
  }
  if (profile.validFromMs !== undefined && profile.validToMs !== undefined && profile.validToMs <= profile.validFromMs) {
    return 'validTo is not after validFrom';
  }
  return undefined;
}

/** A charging schedule as both versions spell it on the wire (the fields 1.6 and 2.0.1 share). */
export interface WireSchedule {
  startSchedule?: string;
  duration?: number;
  chargingRateUnit: RateUnit;
  chargingSchedulePeriod: readonly { startPeriod: number; limit: number; numberPhases?: number }[];
  minChargingRate?: number;
}

/** The wire schedule in the station's terms; throws a RangeError naming the field when startSchedule does not parse. */
export function scheduleFromWire(schedule: WireSchedule): ChargingSchedule {
  const startScheduleMs = parseTime(schedule.startSchedule, 'chargingSchedule.startSchedule');
  return {
    ...(startScheduleMs !== undefined && { startScheduleMs }),
    ...(schedule.duration !== undefined && { durationS: schedule.duration }),
    unit: schedule.chargingRateUnit,
    periods: schedule.chargingSchedulePeriod.map((p) => ({
      startPeriodS: p.startPeriod,
      limit: p.limit,
      ...(p.numberPhases !== undefined && { numberPhases: p.numberPhases }),
    })),
    ...(schedule.minChargingRate !== undefined && { minChargingRate: schedule.minChargingRate }),
  };
}
