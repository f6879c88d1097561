/**
 * Which limit a set of charging profiles imposes at a moment, and when that can next change. Pure
 * functions on simulated epoch milliseconds; the station arms one timer for the next change instead of
 * polling.
 *
 * Precedence (OCPP 1.6 §3.13, 2.0.1 K01/K08): within a purpose the valid profile with the highest
 * stackLevel prevails; a Tx profile for the running transaction overrules TxDefault profiles, and a
 * TxDefault on the connector overrules one on connector 0; the limit in force is the lower of that and
 * the StationMax profile. A profile whose schedule has not started or has run out (duration) limits
 * nothing, so the next lower stack level takes over.
 */
import { DAY_MS, WEEK_MS, type ChargingProfile, type ProfilePurpose, type RateUnit } from './profile.js';

/**
 * How amperes become watts: the station's nominal voltage per phase (230 V, STATION_DEFAULTS), and the
 * phases the connector has; a period's numberPhases (default 3, as both specs say) can only lower that.
 */
export interface Electrical {
  voltageV: number;
  phases: number;
}

export interface ActivePeriod {
  limit: number;
  unit: RateUnit;
  numberPhases?: number;
}

export interface PeriodAt {
  /** Undefined: the profile limits nothing at this moment. */
  period?: ActivePeriod;
  /** The next moment the answer may change; undefined: never again. */
  nextChangeMs?: number;
}

/** The period of `profile` in force at `atMs`; Relative schedules (and Absolute ones without startSchedule) start at `anchorMs`. */
export function periodAt(profile: ChargingProfile, atMs: number, anchorMs: number): PeriodAt {
  const { schedule } = profile;
  if (profile.validToMs !== undefined && atMs >= profile.validToMs) return {};
  if (profile.validFromMs !== undefined && atMs < profile.validFromMs) return { nextChangeMs: profile.validFromMs };
  let startMs = profile.kind === 'Relative' ? anchorMs : (schedule.startScheduleMs ?? anchorMs);
  let recurrenceMs: number | undefined;
  if (profile.kind === 'Recurring') {
    recurrenceMs = profile.recurrency === 'Weekly' ? WEEK_MS : DAY_MS;
    if (atMs >= startMs) startMs += Math.floor((atMs - startMs) / recurrenceMs) * recurrenceMs;
  }
  const validTo = profile.validToMs;
  const bounded = (ms: number | undefined) => (validTo !== undefined && (ms === undefined || ms > validTo) ? validTo : ms);
  if (atMs < startMs) return { nextChangeMs: bounded(startMs) };
  const offsetMs = atMs - startMs;
  const durationMs = schedule.durationS !== undefined ? schedule.durationS * 1_000 : undefined;
  // A recurring schedule lasts at most until it recurs.
  const endMs = minDefined(durationMs !== undefined ? startMs + durationMs : undefined, recurrenceMs !== undefined ? startMs + recurrenceMs : undefined);
  if (endMs !== undefined && atMs >= endMs) return { nextChangeMs: bounded(recurrenceMs !== undefined ? startMs + recurrenceMs : undefined) };
  let index = 0;
  while (index + 1 < schedule.periods.length && (schedule.periods[index + 1]?.startPeriodS ?? Infinity) * 1_000 <= offsetMs) index++;
  const current = schedule.periods[index];
  if (!current) return {};
  const following = schedule.periods[index + 1];
  const nextPeriodMs = following ? startMs + following.startPeriodS * 1_000 : undefined;
  return {
    period: { limit: current.limit, unit: schedule.unit, ...(current.numberPhases !== undefined && { numberPhases: current.numberPhases }) },
    nextChangeMs: bounded(minDefined(nextPeriodMs, endMs)),
  };
}

/** A period's limit in watts. */
export function toWatts(period: ActivePeriod, electrical: Electrical): number {
  if (period.unit === 'W') return period.limit;
  return period.limit * electrical.voltageV * Math.min(period.numberPhases ?? 3, electrical.phases);
}

/** Watts as the limit in `unit` (amperes per phase over all the connector's phases). */
export function fromWatts(watts: number, unit: RateUnit, electrical: Electrical): number {
  return unit === 'W' ? watts : watts / (electrical.voltageV * electrical.phases);
}

export interface LimitAt {
  /** Undefined: no profile limits this. */
  limitW?: number;
  nextChangeMs?: number;
}

/** The limit the highest-stackLevel valid profile among `candidates` sets, and the next moment any of them changes. */
export function topLimit(candidates: readonly ChargingProfile[], atMs: number, anchorMs: number, electrical: Electrical): LimitAt {
  let best: { stackLevel: number; limitW: number } | undefined;
  let nextChangeMs: number | undefined;
  for (const profile of candidates) {
    const at = periodAt(profile, atMs, anchorMs);
    nextChangeMs = minDefined(nextChangeMs, at.nextChangeMs);
    if (at.period && (!best || profile.stackLevel > best.stackLevel)) best = { stackLevel: profile.stackLevel, limitW: toWatts(at.period, electrical) };
  }
  return { ...(best && { limitW: best.limitW }), ...(nextChangeMs !== undefined && { nextChangeMs }) };
}

/** The running transaction a connector's limit is computed for: its local id and start. */
export interface TxRef {
  key: string;
  startedAtMs: number;
}

const byPurpose = (profiles: readonly ChargingProfile[], purpose: ProfilePurpose, connectorId: number) =>
  profiles.filter((p) => p.purpose === purpose && p.connectorId === connectorId);

/**
 * The limit the transaction-level profiles set on one connector: Tx for the running transaction, else
 * TxDefault on the connector, else TxDefault on connector 0. Without a transaction, Relative schedules
 * start at `anchorMs`.
 */
export function connectorLimit(profiles: readonly ChargingProfile[], connectorId: number, tx: TxRef | undefined, atMs: number, anchorMs: number, electrical: Electrical): LimitAt {
  const anchor = tx?.startedAtMs ?? anchorMs;
  const tiers = [
    tx ? byPurpose(profiles, 'Tx', connectorId).filter((p) => p.transactionKey === tx.key) : [],
    byPurpose(profiles, 'TxDefault', connectorId),
    byPurpose(profiles, 'TxDefault', 0),
  ];
  let nextChangeMs: number | undefined;
  for (const tier of tiers) {
    const at = topLimit(tier, atMs, anchor, electrical);
    nextChangeMs = minDefined(nextChangeMs, at.nextChangeMs);
    // A tier that limits nothing right now lets the next one speak, but its own start still bounds the answer.
    if (at.limitW !== undefined) return { limitW: at.limitW, ...(nextChangeMs !== undefined && { nextChangeMs }) };
  }
  return nextChangeMs !== undefined ? { nextChangeMs } : {};
}

/** The StationMax limit for the whole station (profiles on connector 0). */
export function stationLimit(profiles: readonly ChargingProfile[], atMs: number, anchorMs: number, electrical: Electrical): LimitAt {
  return topLimit(byPurpose(profiles, 'StationMax', 0), atMs, anchorMs, electrical);
}

export function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
