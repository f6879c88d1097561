/** A clock that only moves when told to: timers fire in deadline order at their exact simulated time. */
import type { Clock, ClockTimer } from '../../../simulator/clock.js';

interface Pending {
  atSimMs: number;
  order: number;
  fn: () => void;
  everyMs: number | undefined;
  cancelled: boolean;
}

export class ManualClock implements Clock {
  readonly timeScale = 1;
  private nowMs: number;
  private readonly startMs: number;
  private readonly pending: Pending[] = [];
  private order = 0;

  constructor(startEpochMs = Date.UTC(2025, 0, 6, 8, 0, 0)) {
    this.nowMs = startEpochMs;
    this.startMs = startEpochMs;
  }

  now(): number {
    return this.nowMs;
  }

  realElapsedMs(): number {
    return this.nowMs - this.startMs;
  }

  toRealMs(simMs: number): number {
    return simMs;
  }

  toSimMs(realMs: number): number {
    return realMs;
  }

  setTimeout(fn: () => void, simMs: number): ClockTimer {
    return this.add(fn, simMs, undefined);
  }

  setInterval(fn: () => void, simMs: number): ClockTimer {
    return this.add(fn, simMs, Math.max(1, simMs));
  }

  sleep(simMs: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, simMs));
  }

  /** Moves time forward by `simMs`, running every timer that falls due on the way, at its due time. */
  advance(simMs: number): void {
    const target = this.nowMs + simMs;
    for (;;) {
      const next = this.pending
        .filter((timer) => !timer.cancelled && timer.atSimMs <= target)
        .sort((a, b) => a.atSimMs - b.atSimMs || a.order - b.order)[0];
      if (!next) break;
      this.nowMs = Math.max(this.nowMs, next.atSimMs);
      if (next.everyMs === undefined) next.cancelled = true;
      else next.atSimMs += next.everyMs;
      next.fn();
    }
    this.nowMs = target;
    for (let i = this.pending.length - 1; i >= 0; i--) if (this.pending[i]?.cancelled) this.pending.splice(i, 1);
  }

  get pendingTimers(): number {
    return this.pending.filter((timer) => !timer.cancelled).length;
  }

  private add(fn: () => void, simMs: number, everyMs: number | undefined): ClockTimer {
    const timer: Pending = { atSimMs: this.nowMs + Math.max(0, simMs), order: this.order++, fn, everyMs, cancelled: false };
    this.pending.push(timer);
    const handle: ClockTimer = {
      cancel: () => {
        timer.cancelled = true;
      },
      unref: () => handle,
    };
    return handle;
  }
}
