/**
 * What a k6 station script runs: a load profile's stages and session mix, baked in at bundle time by
 * scripts/build-k6.ts from a `chargedrill load` profile (its loader, its numbers), so both tools load a CSMS alike.
 * Stage times are real time; sessions per hour and intervals are simulated, as in profiles (docs/load.md).
 */

export interface PlanStage {
  name: string;
  durationMs: number;
  /** Stations (k6 VUs) online at the end of the stage. */
  target: number;
  sessionsPerHour: number;
  mix?: { meterValuesIntervalS?: number; authorizePerHour?: number; heartbeatIntervalS?: number };
}

export interface SessionShape {
  sessionMinS: number;
  sessionMaxS: number;
  sessionPowerMinW: number;
  sessionPowerMaxW: number;
  finishingDwellS: number;
}

export interface K6Plan {
  profile: string;
  stations: number;
  connectors: number;
  timeScale: number;
  stages: PlanStage[];
  session: SessionShape;
  /** MeterValues interval while charging when the stage's mix does not say (simulated s). */
  meterValuesIntervalS: number;
  /** k6 thresholds translated from the profile's (`metric{tag}` → expressions, k6's object form for abortOnFail). */
  thresholds: Record<string, (string | { threshold: string; abortOnFail: boolean; delayAbortEval?: string })[]>;
  /** Profile thresholds with no k6 counterpart, named in the docs and the build output. */
  untranslated: string[];
}

/** The stage running `elapsedMs` after the start; the last one once the plan is over. */
export function stageAt(stages: readonly PlanStage[], elapsedMs: number): PlanStage {
  let end = 0;
  for (const stage of stages) {
    end += stage.durationMs;
    if (elapsedMs < end) return stage;
  }
  const last = stages[stages.length - 1];
  if (last === undefined) throw new Error('a k6 plan needs at least one stage');
  return last;
}

export function totalMs(stages: readonly PlanStage[]): number {
  return stages.reduce((sum, stage) => sum + stage.durationMs, 0);
}

/**
 * The plan's stages as k6 `ramping-vus` stages, targets scaled to `stations` VUs (a profile for 500 stations run
 * with STATIONS=50 ramps to 50). A hold is a stage whose target is the previous one's.
 */
export function k6Stages(plan: K6Plan, stations: number): { duration: string; target: number }[] {
  if (!(Number.isInteger(stations) && stations > 0)) throw new Error(`STATIONS must be a whole number above 0, got ${stations}`);
  return plan.stages.map((stage) => ({ duration: `${Math.max(1, Math.round(stage.durationMs / 1000))}s`, target: Math.round((stage.target * stations) / plan.stations) }));
}

/** Reads a positive number from a k6 `__ENV` value; `fallback` when absent. */
export function envNumber(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(Number.isFinite(value) && value > 0)) throw new Error(`${name}=${raw}: a number above 0 is allowed`);
  return value;
}
