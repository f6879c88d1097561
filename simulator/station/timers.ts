/** The station's simulated-time timers, cancelled together when the station stops or reboots. */
import type { Clock, ClockTimer } from '../clock.js';

export class TimersCancelledError extends Error {
  override readonly name = 'TimersCancelledError';
  constructor() {
    super('timers were cancelled (station stopped)');
  }
}

export class TimerGroup {
  /** The group's timers, linked through themselves (no Set per station): newest first. */
  first: TrackedTimer | undefined;
  /** Made on the first sleep: an idle station has none. */
  private sleepers: Set<(error: Error) => void> | undefined;

  constructor(private readonly clock: Clock) {}

  after(simMs: number, fn: () => void): ClockTimer {
    const timer = this.track(
      this.clock.setTimeout(() => {
        timer.unlink();
        fn();
      }, simMs),
    );
    return timer;
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
    for (let timer = this.first; timer !== undefined; ) {
      const next = timer.next;
      timer.cancel();
      timer = next;
    }
    const sleepers = [...(this.sleepers ?? [])];
    this.sleepers?.clear();
    for (const reject of sleepers) reject(new TimersCancelledError());
  }

  private track(timer: ClockTimer): TrackedTimer {
    const tracked = new TrackedTimer(this, timer);
    tracked.next = this.first;
    if (this.first !== undefined) this.first.prev = tracked;
    this.first = tracked;
    return tracked;
  }
}

/** A timer of the group: cancelling it also forgets it. A class, so a timer costs one small object and no closures. */
class TrackedTimer implements ClockTimer {
  prev: TrackedTimer | undefined;
  next: TrackedTimer | undefined;
  private linked = true;

  constructor(
    private readonly group: TimerGroup,
    private readonly timer: ClockTimer,
  ) {}

  cancel(): void {
    this.unlink();
    this.timer.cancel();
  }

  /** Takes the timer out of its group (it fired or was cancelled). */
  unlink(): void {
    if (!this.linked) return;
    this.linked = false;
    if (this.prev !== undefined) this.prev.next = this.next;
    else this.group.first = this.next;
    if (this.next !== undefined) this.next.prev = this.prev;
    this.prev = undefined;
    this.next = undefined;
  }

  unref(): ClockTimer {
    this.timer.unref();
    return this;
  }
}
