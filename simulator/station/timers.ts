/** The station's simulated-time timers, cancelled together when the station stops or reboots. */
import type { Clock, ClockTimer } from '../clock.js';

export class TimersCancelledError extends Error {
  override readonly name = 'TimersCancelledError';
  constructor() {
    super('timers were cancelled (station stopped)');
  }
}

export class TimerGroup {
  private readonly timers = new Set<ClockTimer>();
  /** Made on the first sleep: an idle station only has its heartbeat timer. */
  private sleepers: Set<(error: Error) => void> | undefined;

  constructor(private readonly clock: Clock) {}

  after(simMs: number, fn: () => void): ClockTimer {
    const timer = this.track(
      this.clock.setTimeout(() => {
        this.timers.delete(timer);
        fn();
      }, simMs),
    );
    return timer;
  }

  every(simMs: number, fn: () => void): ClockTimer {
    return this.track(this.clock.setInterval(fn, simMs));
  }

  /**
   * Resolves after `simMs` simulated ms; rejects with `TimersCancelledError` if the group is cancelled first.
   * `cancel()` abandons the wait (the promise then never settles).
   */
  sleep(simMs: number): Promise<void> & { cancel(): void } {
    let timer: ClockTimer | undefined;
    let rejecter: ((error: Error) => void) | undefined;
    const promise = new Promise<void>((resolve, reject) => {
      rejecter = reject;
      (this.sleepers ??= new Set()).add(reject);
      timer = this.after(simMs, () => {
        this.sleepers?.delete(reject);
        resolve();
      });
    });
    return Object.assign(promise, {
      cancel: () => {
        timer?.cancel();
        if (rejecter) this.sleepers?.delete(rejecter);
      },
    });
  }

  cancelAll(): void {
    for (const timer of this.timers) timer.cancel();
    this.timers.clear();
    const sleepers = [...(this.sleepers ?? [])];
    this.sleepers?.clear();
    for (const reject of sleepers) reject(new TimersCancelledError());
  }

  private track(timer: ClockTimer): ClockTimer {
    const tracked = new TrackedTimer(this.timers, timer);
    this.timers.add(tracked);
    return tracked;
  }
}

/** A timer of the group: cancelling it also forgets it. A class, so a timer costs one small object and no closures. */
class TrackedTimer implements ClockTimer {
  constructor(
    private readonly group: Set<ClockTimer>,
    private readonly timer: ClockTimer,
  ) {}

  cancel(): void {
    this.group.delete(this);
    this.timer.cancel();
  }

  unref(): ClockTimer {
    this.timer.unref();
    return this;
  }
}
