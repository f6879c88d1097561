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
  private readonly sleepers = new Set<(error: Error) => void>();

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
      this.sleepers.add(reject);
      timer = this.after(simMs, () => {
        this.sleepers.delete(reject);
        resolve();
      });
    });
    return Object.assign(promise, {
      cancel: () => {
        timer?.cancel();
        if (rejecter) this.sleepers.delete(rejecter);
      },
    });
  }

  cancelAll(): void {
    for (const timer of this.timers) timer.cancel();
    this.timers.clear();
    const sleepers = [...this.sleepers];
    this.sleepers.clear();
    for (const reject of sleepers) reject(new TimersCancelledError());
  }

  private track(timer: ClockTimer): ClockTimer {
    const cancel = timer.cancel.bind(timer);
    const tracked: ClockTimer = {
      cancel: () => {
        this.timers.delete(tracked);
        cancel();
      },
      unref: () => {
        timer.unref();
        return tracked;
      },
    };
    this.timers.add(tracked);
    return tracked;
  }
}
