/**
 * A profile's `stages:` → StageSpec[]. Two spellings, mixable:
 *
 *   - ramp: 500 over 30s        # to 500 stations online (or 50% of the run's stations) in 30 s
 *   - hold: 2m                  # keep the last target
 *   - { duration: 30s, target: 100% }   # k6's form, the same as a ramp
 *
 * Stage times are real time; sessions and the message mix are per simulated hour / simulated seconds.
 */
import { parseDurationMs } from '../../../simulator/duration.js';
import type { MessageMix, StageSpec } from '../result.js';
import type { Report } from './report.js';

export interface RawMix {
  meterValuesInterval?: string;
  authorizePerHour?: number;
  heartbeatInterval?: string;
  heartbeatFlood?: boolean;
}

export interface RawStage {
  name?: string;
  ramp?: string;
  hold?: string;
  duration?: string;
  target?: number | string;
  sessionsPerHour?: number;
  mix?: RawMix;
  disconnect?: { share: number | string; offlineFor?: string; spread?: string };
}

export const RAMP_HELP = '<stations or % of stations> over <duration>, e.g. 500 over 30s or 100% over 1m';
export const PERCENT_HELP = 'a percentage like 0.5% or 100%';
/** A reconnect storm's stations stay away this long unless `offlineFor` says otherwise. */
export const DEFAULT_OFFLINE_MS = 5_000;

const RAMP = /^\s*(\S+)\s+over\s+(\S+)\s*$/;

/** `0.5%` → 0.005; undefined for anything else (a plain number is ambiguous: 1 could mean 1 % or 100 %). */
export function parsePercent(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*$/.exec(value);
  return match ? Number(match[1]) / 100 : undefined;
}

export interface StageContext {
  stations: number;
  sessionsPerHour: number;
  mix: RawMix | undefined;
}

export function buildStages(raws: readonly RawStage[], ctx: StageContext, report: Report): StageSpec[] {
  const stages: StageSpec[] = [];
  const names = new Map<string, number>();
  let previousTarget = 0;
  if (ctx.mix !== undefined) buildMix(ctx.mix, '/mix', ctx.mix, report);
  raws.forEach((raw, index) => {
    const path = `/stages/${index}`;
    let durationMs = 0;
    let target = previousTarget;
    let kind = 'hold';
    if (raw.ramp !== undefined) {
      kind = 'ramp';
      const match = RAMP.exec(raw.ramp);
      const ms = match ? parseDurationMs(match[2] as string) : undefined;
      const to = match ? stationTarget(match[1] as string, ctx.stations) : undefined;
      if (!match || ms === undefined || to === undefined) report(`${path}/ramp`, `${JSON.stringify(raw.ramp)} is not a ramp`, [RAMP_HELP]);
      durationMs = ms ?? 0;
      target = to ?? previousTarget;
    } else if (raw.hold !== undefined) {
      durationMs = parseDurationMs(raw.hold) as number;
    } else if (raw.duration !== undefined) {
      kind = 'ramp';
      durationMs = parseDurationMs(raw.duration) as number;
      const to = raw.target === undefined ? undefined : stationTarget(raw.target, ctx.stations);
      if (to === undefined) report(`${path}/target`, `${JSON.stringify(raw.target)} is not a number of stations`, ['a whole number of stations, or a percentage of them like 50%']);
      target = to ?? previousTarget;
    }
    if (target > ctx.stations) {
      report(`${path}/${raw.ramp !== undefined ? 'ramp' : 'target'}`, `${target} stations is more than the run's ${ctx.stations}`, [`at most ${ctx.stations}, or a percentage`]);
    }
    const name = raw.name ?? `${kind}-${index + 1}`;
    const first = names.get(name);
    if (first !== undefined) report(raw.name === undefined ? path : `${path}/name`, `stage name "${name}" is already used by stage ${first}`);
    names.set(name, index);

    const mix = buildMix({ ...ctx.mix, ...raw.mix }, `${path}/mix`, raw.mix, report);
    const disconnect = raw.disconnect && buildDisconnect(raw.disconnect, `${path}/disconnect`, report);
    stages.push({
      name,
      durationMs,
      target,
      sessionsPerHour: raw.sessionsPerHour ?? ctx.sessionsPerHour,
      ...(mix === undefined ? {} : { mix }),
      ...(disconnect === undefined ? {} : { disconnect }),
    });
    previousTarget = target;
  });
  return stages;
}

/** A stage target: a whole number of stations, or `N%` of the run's stations (rounded). */
function stationTarget(written: string | number, stations: number): number | undefined {
  if (typeof written === 'number') return Number.isInteger(written) && written >= 0 ? written : undefined;
  const percent = parsePercent(written);
  if (percent !== undefined) return Math.round(percent * stations);
  return /^[0-9]+$/.test(written.trim()) ? Number(written) : undefined;
}

/**
 * The profile's mix with the stage's own keys over it; durations in whole simulated seconds (OCPP intervals are).
 * `own` is what was written at `path`: a problem of an inherited key is reported once, at the profile's `mix:`.
 */
export function buildMix(merged: RawMix, path: string, own: RawMix | undefined, report: Report): MessageMix | undefined {
  const mix: MessageMix = {};
  const seconds = (key: 'meterValuesInterval' | 'heartbeatInterval'): number | undefined => {
    const written = merged[key];
    if (written === undefined) return undefined;
    const ms = parseDurationMs(written) as number;
    if (own?.[key] !== undefined && (ms < 1_000 || ms % 1_000 !== 0)) {
      report(`${path}/${key}`, `${written} is not a whole number of seconds (OCPP intervals are)`, ['1s or more, in whole seconds']);
    }
    return Math.max(1, Math.round(ms / 1_000));
  };
  const meterValuesIntervalS = seconds('meterValuesInterval');
  const heartbeatIntervalS = seconds('heartbeatInterval');
  if (meterValuesIntervalS !== undefined) mix.meterValuesIntervalS = meterValuesIntervalS;
  if (heartbeatIntervalS !== undefined) mix.heartbeatIntervalS = heartbeatIntervalS;
  if (merged.authorizePerHour !== undefined) mix.authorizePerHour = merged.authorizePerHour;
  if (merged.heartbeatFlood !== undefined) mix.heartbeatFlood = merged.heartbeatFlood;
  return Object.keys(mix).length > 0 ? mix : undefined;
}

function buildDisconnect(raw: NonNullable<RawStage['disconnect']>, path: string, report: Report): StageSpec['disconnect'] {
  const share = parsePercent(raw.share);
  if (share === undefined || share > 1) report(`${path}/share`, `${JSON.stringify(raw.share)} is not a share of the stations`, [`${PERCENT_HELP}, at most 100%`]);
  return {
    share: Math.min(1, share ?? 0),
    offlineMs: raw.offlineFor === undefined ? DEFAULT_OFFLINE_MS : (parseDurationMs(raw.offlineFor) as number),
    spreadMs: raw.spread === undefined ? 0 : (parseDurationMs(raw.spread) as number),
  };
}

/** Stations online at real ms `t` of the run, if the engine follows the stages (linear ramps). */
export function onlineAt(stages: readonly StageSpec[], t: number): number {
  let start = 0;
  let from = 0;
  for (const stage of stages) {
    if (t < start + stage.durationMs) return Math.floor(from + ((stage.target - from) * (t - start)) / stage.durationMs);
    start += stage.durationMs;
    from = stage.target;
  }
  return from;
}

export function totalDurationMs(stages: readonly StageSpec[]): number {
  return stages.reduce((sum, stage) => sum + stage.durationMs, 0);
}
