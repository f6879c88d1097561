/**
 * A scenario's view of the shared clock: the same time, but every timer it hands out is remembered so the
 * scenario can cancel all of them when it ends. A technician still travelling or a fault still counting
 * down must neither act on the next scenario nor keep the process alive.
 */
import type { Clock, ClockTimer } from '../../simulator/clock.js';

export class TrackedClock implements Clock {
  private readonly timers = new Set<ClockTimer>();
  private disposed = false;

  constructor(private readonly inner: Clock) {}

  get timeScale(): number {
    return this.inner.timeScale;
  }

  now(): number {
    return this.inner.now();
  }

  realElapsedMs(): number {
    return this.inner.realElapsedMs();
  }

  toRealMs(simMs: number): number {
    return this.inner.toRealMs(simMs);
  }

  toSimMs(realMs: number): number {
    return this.inner.toSimMs(realMs);
  }

  setTimeout(fn: () => void, simMs: number): ClockTimer {
    const timer = this.track(
      this.inner.setTimeout(() => {
        this.timers.delete(timer);
        fn();
      }, simMs),
    );
    return timer;
  }

  setInterval(fn: () => void, simMs: number): ClockTimer {
    return this.track(this.inner.setInterval(fn, simMs));
  }

  /** Never resolves once disposed: whatever awaited it belongs to a finished scenario. */
  sleep(simMs: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, simMs));
  }

  /** Cancels every pending timer; later timers are cancelled at once. */
  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers) timer.cancel();
    this.timers.clear();
  }

  private track(timer: ClockTimer): ClockTimer {
    if (this.disposed) {
      timer.cancel();
      return timer;
    }
    const tracked: ClockTimer = {
      cancel: () => {
        this.timers.delete(tracked);
        timer.cancel();
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
