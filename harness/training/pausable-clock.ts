/**
 * The simulated clock of a training session, which a trainer can pause: while paused, simulated time stands
 * still and no simulated timer fires (heartbeats, sessions, detector thresholds, playbook windows), in the
 * CSMS and the fleet alike, since both run on this one clock. On resume every timer is armed again for the
 * simulated time it still had. Real-time waits (network timeouts, pings) do not go through a clock and go on.
 */
import type { Clock, ClockTimer } from '../../simulator/clock.js';

interface PendingTimer {
  deadlineSimMs: number;
  fn: () => void;
  handle: NodeJS.Timeout | undefined;
  unrefd: boolean;
}

export class PausableClock implements Clock {
  readonly timeScale: number;
  private readonly createdRealMs = performance.now();
  /** Simulated time at `anchorRealMs`; moved on every pause and resume. */
  private anchorSimMs: number;
  private anchorRealMs = this.createdRealMs;
  private pausedFlag = false;
  private readonly pending = new Set<PendingTimer>();

  constructor(options: { timeScale?: number; startEpochMs?: number } = {}) {
    const timeScale = options.timeScale ?? 1;
    if (!Number.isFinite(timeScale) || timeScale <= 0) throw new RangeError(`timeScale must be a positive number, got ${String(timeScale)}`);
    this.timeScale = timeScale;
    this.anchorSimMs = options.startEpochMs ?? Date.now();
  }

  get paused(): boolean {
    return this.pausedFlag;
  }

  now(): number {
    return this.pausedFlag ? this.anchorSimMs : this.anchorSimMs + (performance.now() - this.anchorRealMs) * this.timeScale;
  }

  realElapsedMs(): number {
    return performance.now() - this.createdRealMs;
  }

  toRealMs(simMs: number): number {
    return simMs / this.timeScale;
  }

  toSimMs(realMs: number): number {
    return realMs * this.timeScale;
  }

  pause(): void {
    if (this.pausedFlag) return;
    this.anchorSimMs = this.now();
    this.pausedFlag = true;
    for (const timer of this.pending) this.disarm(timer);
  }

  resume(): void {
    if (!this.pausedFlag) return;
    this.anchorRealMs = performance.now();
    this.pausedFlag = false;
    for (const timer of this.pending) this.arm(timer);
  }

  /** Never fires before its simulated deadline (a timer that wakes early sleeps the rest), nor while paused. */
  setTimeout(fn: () => void, simMs: number): ClockTimer {
    const timer: PendingTimer = { deadlineSimMs: this.now() + Math.max(0, simMs), fn, handle: undefined, unrefd: false };
    this.pending.add(timer);
    this.arm(timer);
    const handle: ClockTimer = {
      cancel: () => {
        this.disarm(timer);
        this.pending.delete(timer);
      },
      unref: () => {
        timer.unrefd = true;
        timer.handle?.unref();
        return handle;
      },
    };
    return handle;
  }

  /** Each tick a full period after the previous one really ran, as ScaledClock's. */
  setInterval(fn: () => void, simMs: number): ClockTimer {
    const periodMs = Math.max(this.toSimMs(1), simMs);
    let cancelled = false;
    let unrefd = false;
    let current: ClockTimer;
    const schedule = (): void => {
      current = this.setTimeout(tick, periodMs);
      if (unrefd) current.unref();
    };
    const tick = (): void => {
      if (cancelled) return;
      try {
        fn();
      } finally {
        if (!cancelled) schedule();
      }
    };
    schedule();
    const handle: ClockTimer = {
      cancel: () => {
        cancelled = true;
        current.cancel();
      },
      unref: () => {
        unrefd = true;
        current.unref();
        return handle;
      },
    };
    return handle;
  }

  sleep(simMs: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, simMs));
  }

  private arm(timer: PendingTimer): void {
    if (this.pausedFlag) return;
    const fire = (): void => {
      timer.handle = undefined;
      if (this.pausedFlag) return;
      const leftMs = timer.deadlineSimMs - this.now();
      if (leftMs > 0) return this.arm(timer);
      this.pending.delete(timer);
      timer.fn();
    };
    timer.handle = setTimeout(fire, Math.max(0, this.toRealMs(timer.deadlineSimMs - this.now())));
    if (timer.unrefd) timer.handle.unref();
  }

  private disarm(timer: PendingTimer): void {
    if (timer.handle !== undefined) clearTimeout(timer.handle);
    timer.handle = undefined;
  }
}
