import { describe, expect, it } from 'vitest';
import { ScaledClock } from '../../../simulator/clock.js';

describe('ScaledClock', () => {
  it('runs simulated time timeScale times faster than real time', async () => {
    const clock = new ScaledClock({ timeScale: 60, startEpochMs: 0 });
    const realStart = clock.realElapsedMs();
    await clock.sleep(6_000); // 6 simulated seconds = 100 real ms
    const realSpent = clock.realElapsedMs() - realStart;
    expect(realSpent).toBeGreaterThanOrEqual(99);
    // Simulated now is derived from the same real reading, so it agrees to within a timer tick.
    expect(clock.now()).toBeGreaterThanOrEqual(6_000);
    expect(clock.now()).toBeCloseTo(clock.realElapsedMs() * 60, -2);
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
