/**
 * The longest event-loop stall seen while a timing test ran. A test on a scaled clock compares simulated times
 * derived from real time; a process held off the CPU (other processes, GC) shifts a stamp by the stall, which at
 * scale 1,000 is a simulated second per real millisecond. Tolerances add this measured stall instead of a guess.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopLag {
  /** The longest stall so far plus the monitor's resolution and a timer's own granularity, real milliseconds. */
  maxMs(): number;
  /**
   * Every stall so far added up, plus the same allowances, real milliseconds: the bound for a timer that waits
   * through more than one stall (a stall, a timer woken early by the loop's cached time that sleeps the rest, a
   * second stall). Looser than `maxMs` over a long watch, so for short ones: the loop's jitter adds up too.
   */
  totalMs(): number;
  stop(): void;
}

/** The monitor samples the loop with a 1 ms timer: a stall is seen to within this. */
const MONITOR_RESOLUTION_MS = 1;
/**
 * Node timers run in whole milliseconds, at or after their time, and the scaled clock arms them rounded up: a
 * timer may fire up to about 2 ms after its time with no stall at all (2 simulated seconds at scale 1,000).
 */
const TIMER_GRANULARITY_MS = 2;

export function watchLoopLag(): LoopLag {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  return {
    maxMs: () => histogram.max / 1e6 + MONITOR_RESOLUTION_MS + TIMER_GRANULARITY_MS,
    // The monitor records the whole gap between its ticks: the gaps beyond one tick each are the stalls.
    totalMs: () => (histogram.count > 0 ? Math.max(0, histogram.count * (histogram.mean / 1e6 - MONITOR_RESOLUTION_MS)) : 0) + MONITOR_RESOLUTION_MS + TIMER_GRANULARITY_MS,
    stop: () => histogram.disable(),
  };
}
