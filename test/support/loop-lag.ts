/**
 * The longest event-loop stall seen while a timing test ran. A test on a scaled clock compares simulated times
 * derived from real time; a process held off the CPU (other processes, GC) shifts a stamp by the stall, which at
 * scale 1,000 is a simulated second per real millisecond. Tolerances add this measured stall instead of a guess.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopLag {
  /** The longest stall so far plus the monitor's 1 ms resolution, real milliseconds. */
  maxMs(): number;
  stop(): void;
}

export function watchLoopLag(): LoopLag {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  return {
    maxMs: () => histogram.max / 1e6 + 1,
    stop: () => histogram.disable(),
  };
}
