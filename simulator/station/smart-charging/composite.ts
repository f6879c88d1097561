/**
 * The composite schedule (1.6 GetCompositeSchedule, 2.0.1 K08): the limit the station will apply, period by
 * period, from `startMs` for `durationS`, computed by the same functions that drive the meter.
 */
import type { ChargingProfile, RateUnit } from './profile.js';
import { connectorLimit, fromWatts, minDefined, stationLimit, type Electrical, type TxRef } from './schedule.js';

export interface CompositeRequest {
  /** 0: the station's grid connection (StationMax only). */
  connectorId: number;
  startMs: number;
  durationS: number;
  unit: RateUnit;
  /** The transaction running on the connector, if any: its Tx profile and the start of Relative schedules. */
  tx?: TxRef;
  electrical: Electrical;
  /** What the hardware can deliver there at most, watts: the composite never promises more. */
  hardwareMaxW: number;
}

export interface CompositePeriod {
  startPeriod: number;
  limit: number;
  numberPhases?: number;
}

/** Guards against a schedule that would yield a period per second for years. */
const MAX_PERIODS = 1_024;

export function compositeSchedule(profiles: readonly ChargingProfile[], request: CompositeRequest): CompositePeriod[] {
  const { startMs, electrical } = request;
  const endMs = startMs + request.durationS * 1_000;
  const periods: CompositePeriod[] = [];
  let atMs = startMs;
  while (periods.length < MAX_PERIODS) {
    const station = stationLimit(profiles, atMs, startMs, electrical);
    const connector = request.connectorId > 0 ? connectorLimit(profiles, request.connectorId, request.tx, atMs, startMs, electrical) : {};
    const limitW = Math.min(request.hardwareMaxW, station.limitW ?? Infinity, connector.limitW ?? Infinity);
    const limit = round1(fromWatts(limitW, request.unit, electrical));
    const startPeriod = Math.round((atMs - startMs) / 1_000);
    const last = periods[periods.length - 1];
    if (!last || last.limit !== limit) {
      periods.push({ startPeriod, limit, ...(request.unit === 'A' && { numberPhases: electrical.phases }) });
    }
    const nextMs = minDefined(station.nextChangeMs, connector.nextChangeMs);
    if (nextMs === undefined || nextMs >= endMs || nextMs <= atMs) break;
    atMs = nextMs;
  }
  return periods;
}

/** Limits are given with at most one decimal (both specs). */
function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
