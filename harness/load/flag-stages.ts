/** The stages of `chargedrill load`'s plain flags (no profile). */
import type { StageSpec } from './result.js';

/** Ramp to `stations` at `rampPerS`, then hold for `durationMs`. */
export function stagesFromFlags(flags: { stations: number; rampPerS: number; durationMs: number; sessionsPerHour: number }): StageSpec[] {
  return [
    { name: 'ramp', durationMs: Math.round((flags.stations / flags.rampPerS) * 1_000), target: flags.stations, sessionsPerHour: flags.sessionsPerHour },
    { name: 'hold', durationMs: flags.durationMs, target: flags.stations, sessionsPerHour: flags.sessionsPerHour },
  ];
}
