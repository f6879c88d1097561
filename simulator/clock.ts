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
   * Never fires before its simulated deadline. Node measures a timer from the loop's cached time, which
   * lags the real clock while the loop is busy, so a timer can fire a few real ms early; multiplied by the
   * time scale that is seconds of simulated time. A timer that wakes early sleeps the rest.
   */
  setTimeout(fn: () => void, simMs: number): ClockTimer {
    const deadline = this.now() + Math.max(0, simMs);
    let unrefd = false;
    const fire = (): void => {
      const leftMs = deadline - this.now();
      if (leftMs <= 0) return fn();
      handle = setTimeout(fire, Math.max(1, this.toRealMs(leftMs)));
      if (unrefd) handle.unref();
    };
    let handle = setTimeout(fire, Math.max(0, this.toRealMs(simMs)));
    return wrap(
      () => clearTimeout(handle),
      () => {
        unrefd = true;
        handle.unref();
      },
    );
  }

  /**
   * Each tick comes a full period after the previous tick really ran (as a charger's heartbeat timer restarts
   * after each send), never earlier: a late tick delays the next one instead of shortening the gap.
   */
  setInterval(fn: () => void, simMs: number): ClockTimer {
    const periodMs = Math.max(this.toSimMs(1), simMs);
    let cancelled = false;
    let unrefd = false;
    let current: ClockTimer;
    const schedule = (): void => {
      current = this.setTimeout(tick, periodMs);
      if (unrefd) current.unref();
    };
    // The next tick is armed after this one has run, so the gap between two ticks (as fn reads the clock) is
    // never shorter than the period, even when the process is held off the CPU in the middle of a tick.
    const tick = (): void => {
      if (cancelled) return;
      try {
        fn();
      } finally {
        if (!cancelled) schedule();
      }
    };
    schedule();
    return wrap(
      () => {
        cancelled = true;
        current.cancel();
      },
      () => {
        unrefd = true;
        current.unref();
      },
    );
  }

  sleep(simMs: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, simMs));
  }
}

function wrap(cancel: () => void, unref: () => void): ClockTimer {
  const timer: ClockTimer = {
    cancel,
    unref() {
      unref();
      return timer;
    },
  };
  return timer;
}
