/**
 * A scaled clock whose simulated time stands still while the process is stalled. At scale 2,000 a 400 ms
 * stall of a loaded test machine (GC, other processes on the CPU) is 13 simulated minutes during which no
 * socket was read; when the loop resumes, Node runs the expired timers before the waiting I/O, so a
 * detector deadline would fire before the status that arrived in time. Here a stall is absorbed: a 5 ms
 * ticker notices every gap longer than STALL_MS and removes it from simulated time, and each timer
 * re-checks simulated time when it fires and waits out the remainder. Real-time network timeouts are not
 * affected (they never go through a Clock).
 */
import type { Clock, ClockTimer } from '../../simulator/clock.js';

const TICK_MS = 5;
/**
 * A gap between ticks longer than this is a stall, not scheduling jitter (a timer runs a millisecond or two
 * late). Two ticks: beside two busy loops the process gets the CPU in slices of 10-20 ms, and at scale 2,400
 * those gaps, uncounted at 25 ms, added up to the 15 simulated minutes of a stuck-Finishing threshold.
 */
const STALL_MS = 2 * TICK_MS;

export class StallFreeClock implements Clock {
  private readonly startRealMs = performance.now();
  private absorbedMs = 0;
  private lastTick = performance.now();
  private readonly ticker: NodeJS.Timeout;
  /** The longest stall absorbed, real ms (for reports). */
  longestStallMs = 0;

  constructor(
    readonly timeScale: number,
    private readonly startEpochMs = Date.now(),
  ) {
    this.ticker = setInterval(() => this.tick(), TICK_MS);
    this.ticker.unref();
  }

  private tick(): void {
    const now = performance.now();
    const gap = now - this.lastTick;
    if (gap > STALL_MS) {
      this.absorbedMs += gap - TICK_MS;
      this.longestStallMs = Math.max(this.longestStallMs, gap);
    }
    this.lastTick = now;
  }

  /** Real ms that count as simulated time: elapsed minus stalls (including one still in progress). */
  private runningMs(): number {
    const now = performance.now();
    const pending = now - this.lastTick > STALL_MS ? now - this.lastTick - TICK_MS : 0;
    return now - this.startRealMs - this.absorbedMs - pending;
  }

  now(): number {
    return this.startEpochMs + this.runningMs() * this.timeScale;
  }

  realElapsedMs(): number {
    return performance.now() - this.startRealMs;
  }

  toRealMs(simMs: number): number {
    return simMs / this.timeScale;
  }

  toSimMs(realMs: number): number {
    return realMs * this.timeScale;
  }

  setTimeout(fn: () => void, simMs: number): ClockTimer {
    const due = this.now() + Math.max(0, simMs);
    let handle: NodeJS.Timeout;
    let unrefd = false;
    const arm = (): void => {
      handle = setTimeout(() => {
        if (this.now() < due) arm();
        else fn();
      }, Math.max(0, this.toRealMs(due - this.now())));
      if (unrefd) handle.unref();
    };
    arm();
    const timer: ClockTimer = {
      cancel: () => clearTimeout(handle),
      unref: () => {
        unrefd = true;
        handle.unref();
        return timer;
      },
    };
    return timer;
  }

  setInterval(fn: () => void, simMs: number): ClockTimer {
    let current: ClockTimer | undefined;
    let cancelled = false;
    let unrefd = false;
    const next = (): void => {
      current = this.setTimeout(() => {
        if (cancelled) return;
        next();
        fn();
      }, simMs);
      if (unrefd) current.unref();
    };
    next();
    const timer: ClockTimer = {
      cancel: () => {
        cancelled = true;
        current?.cancel();
      },
      unref: () => {
        unrefd = true;
        current?.unref();
        return timer;
      },
    };
    return timer;
  }

  sleep(simMs: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, simMs));
  }

  stop(): void {
    clearInterval(this.ticker);
  }
}
