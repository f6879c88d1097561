/**
 * Simulated time shared by the fleet, the bundled CSMS, the detector and the playbook.
 *
 * One real millisecond is `timeScale` simulated milliseconds, so a 24 h threshold runs in
 * 24 min at scale 60. Durations handed to the clock (`setTimeout`, `sleep`) are simulated.
 * Network-level timeouts (call timeouts, socket pings) are real time and do not go through here.
 */
export interface Clock {
  /** Simulated milliseconds per real millisecond (1 = real time). */
  readonly timeScale: number;
  /** Simulated wall-clock time, epoch milliseconds. */
  now(): number;
  /** Real monotonic milliseconds since the clock was created. */
  realElapsedMs(): number;
  /** Runs `fn` after `simMs` simulated milliseconds. */
  setTimeout(fn: () => void, simMs: number): ClockTimer;
  /** Runs `fn` every `simMs` simulated milliseconds. */
  setInterval(fn: () => void, simMs: number): ClockTimer;
  /** Resolves after `simMs` simulated milliseconds. */
  sleep(simMs: number): Promise<void>;
  /** Converts a simulated duration to the real milliseconds it takes. */
  toRealMs(simMs: number): number;
  /** Converts a real duration to simulated milliseconds. */
  toSimMs(realMs: number): number;
}

export interface ClockTimer {
  cancel(): void;
  /** Lets the process exit while this timer is pending. */
  unref(): ClockTimer;
}

export interface ClockOptions {
  timeScale?: number;
  /** Simulated epoch at creation; defaults to the real wall clock. */
  startEpochMs?: number;
}

/** A clock whose simulated time runs `timeScale` times faster than real time. */
export class ScaledClock implements Clock {
  readonly timeScale: number;
  private readonly startEpochMs: number;
  private readonly startRealMs: number;

  constructor(options: ClockOptions = {}) {
    const timeScale = options.timeScale ?? 1;
    if (!Number.isFinite(timeScale) || timeScale <= 0) {
      throw new RangeError(`timeScale must be a positive number, got ${String(timeScale)}`);
    }
    this.timeScale = timeScale;
    this.startEpochMs = options.startEpochMs ?? Date.now();
    this.startRealMs = performance.now();
  }

  now(): number {
    return this.startEpochMs + this.realElapsedMs() * this.timeScale;
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

  /**
   * Never fires before its simulated deadline. Node keeps a timer in whole real milliseconds (a 14.7 ms timer
   * fires after 14) and measures it from the loop's cached time, which lags the real clock while the loop is
   * busy, so a timer can fire a few real ms early; multiplied by the time scale that is seconds of simulated
   * time. The Node timer is therefore armed for the real delay rounded up, and a timer that still wakes early
   * sleeps the rest.
   */
  setTimeout(fn: () => void, simMs: number): ClockTimer {
    return new ScaledTimer(this, fn, Math.max(0, simMs), false);
  }

  /**
   * Each tick comes a full period after the previous tick really ran (as a charger's heartbeat timer restarts
   * after each send), never earlier: a late tick delays the next one instead of shortening the gap.
   */
  setInterval(fn: () => void, simMs: number): ClockTimer {
    return new ScaledTimer(this, fn, Math.max(this.toSimMs(1), simMs), true);
  }

  sleep(simMs: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, simMs));
  }
}

/**
 * One timer of a ScaledClock. A fleet runs a heartbeat interval per station, so a tick allocates nothing: the
 * interval keeps one Node timer and re-arms it with `refresh()` while the real delay stays the same.
 */
class ScaledTimer implements ClockTimer {
  private handle: NodeJS.Timeout | undefined;
  /** Real ms the Node timer in `handle` was created with. */
  private armedMs = -1;
  private deadline = 0;
  private cancelled = false;
  private unrefd = false;

  constructor(
    private readonly clock: ScaledClock,
    private readonly fn: () => void,
    private readonly simMs: number,
    private readonly repeat: boolean,
  ) {
    this.schedule();
  }

  cancel(): void {
    this.cancelled = true;
    if (this.handle !== undefined) clearTimeout(this.handle);
  }

  unref(): ClockTimer {
    this.unrefd = true;
    this.handle?.unref();
    return this;
  }

  /** The next deadline, a full `simMs` from now. */
  private schedule(): void {
    this.deadline = this.clock.now() + this.simMs;
    this.arm(Math.ceil(this.clock.toRealMs(this.simMs)));
  }

  private arm(realMs: number): void {
    if (this.handle !== undefined && this.armedMs === realMs) {
      this.handle.refresh();
      return;
    }
    this.handle = setTimeout(fireScaledTimer, realMs, this);
    this.armedMs = realMs;
    if (this.unrefd) this.handle.unref();
  }

  fire(): void {
    if (this.cancelled) return;
    const leftMs = this.deadline - this.clock.now();
    if (leftMs > 0) return this.arm(Math.max(1, Math.ceil(this.clock.toRealMs(leftMs))));
    if (!this.repeat) return this.fn();
    // The next tick is armed after this one has run, so the gap between two ticks (as fn reads the clock) is
    // never shorter than the period, even when the process is held off the CPU in the middle of a tick.
    try {
      this.fn();
    } finally {
      if (!this.cancelled) this.schedule();
    }
  }
}

function fireScaledTimer(timer: ScaledTimer): void {
  timer.fire();
}
