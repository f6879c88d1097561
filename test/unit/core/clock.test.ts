import { describe, expect, it, vi } from 'vitest';
import { ScaledClock } from '../../../simulator/clock.js';

describe('ScaledClock', () => {
  it('keeps at least a full period between interval ticks, whole-millisecond timers and a slow tick notwithstanding', async () => {
    // 5.95 real ms at scale 1,000: Node alone would tick every 5 ms, 950 simulated ms early each time.
    const clock = new ScaledClock({ timeScale: 1_000 });
    const ticks: number[] = [];
    await new Promise<void>((resolve) => {
      const timer = clock.setInterval(() => {
        ticks.push(clock.now());
        if (ticks.length === 3) {
          const busyUntil = performance.now() + 8; // one slow tick must not shorten the next gap
          while (performance.now() < busyUntil) {
            // spin
          }
        }
        if (ticks.length === 10) {
          timer.cancel();
          resolve();
        }
      }, 5_950);
    });
    const gaps = ticks.slice(1).map((t, i) => t - (ticks[i] as number));
    expect(gaps.filter((gap) => gap < 5_950)).toEqual([]);
  });

  it('never fires a timer before its simulated deadline', async () => {
    // Node keeps timers in whole real milliseconds (a 10.95 ms timer may fire after 10) and measures them from
    // the loop's cached time; at scale 1,000 each lost real millisecond is a simulated second early.
    const clock = new ScaledClock({ timeScale: 1_000 });
    const early: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const simMs = (i + 2) * 1_000 + 950;
        const deadline = clock.now() + simMs;
        return new Promise<void>((resolve) =>
          clock.setTimeout(() => {
            if (clock.now() < deadline) early.push(deadline - clock.now());
            resolve();
          }, simMs),
        );
      }),
    );
    expect(early).toEqual([]);
  });

  it('arms one Node timer per tick when the real period is a fraction of a millisecond off', async () => {
    // 14.7 real ms: a timer armed for 14.7 fires after 14 and would need a second one for the rest of every tick.
    const clock = new ScaledClock({ timeScale: 1_000 });
    const armed = vi.spyOn(globalThis, 'setTimeout');
    try {
      let ticks = 0;
      await new Promise<void>((resolve) => {
        const timer = clock.setInterval(() => {
          ticks += 1;
          if (ticks === 10) {
            timer.cancel();
            resolve();
          }
        }, 14_700);
      });
      // The interval re-arms its one timer; a tick that still wakes early (a loaded loop) may add one.
      expect(armed.mock.calls.length).toBeLessThan(15);
    } finally {
      armed.mockRestore();
    }
  });

  it('runs simulated time timeScale times faster than real time', async () => {
    const clock = new ScaledClock({ timeScale: 60, startEpochMs: 0 });
    const realStart = clock.realElapsedMs();
    await clock.sleep(6_000); // 6 simulated seconds = 100 real ms
    const realSpent = clock.realElapsedMs() - realStart;
    // Node's timer clock has whole-millisecond resolution, so a 100 ms timer may read as 99.x ms here.
    expect(realSpent).toBeGreaterThanOrEqual(99);
    // Simulated now is real elapsed time times the scale: bracket one reading between two real readings.
    const before = clock.realElapsedMs();
    const now = clock.now();
    const after = clock.realElapsedMs();
    expect(now).toBeGreaterThanOrEqual(before * 60);
    expect(now).toBeLessThanOrEqual(after * 60);
    expect(now).toBeGreaterThanOrEqual(6_000);
  });

  it('converts between simulated and real durations', () => {
    const clock = new ScaledClock({ timeScale: 120 });
    expect(clock.toRealMs(60_000)).toBe(500);
    expect(clock.toSimMs(500)).toBe(60_000);
  });

  it('refuses a time scale that is not a positive number', () => {
    expect(() => new ScaledClock({ timeScale: 0 })).toThrow(/timeScale must be a positive number/);
    expect(() => new ScaledClock({ timeScale: Number.NaN })).toThrow(/timeScale must be a positive number/);
  });
});
