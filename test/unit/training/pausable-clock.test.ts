/** The training clock: paused, simulated time stands still and no timer fires; resumed, each timer keeps the time it had left. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PausableClock } from '../../../harness/training/pausable-clock.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('PausableClock', () => {
  it('runs timeScale times faster than real time, and stands still while paused', () => {
    const clock = new PausableClock({ timeScale: 60, startEpochMs: 1_000_000 });
    vi.advanceTimersByTime(1_000);
    expect(clock.now()).toBe(1_060_000);
    clock.pause();
    expect(clock.paused).toBe(true);
    vi.advanceTimersByTime(5_000);
    expect(clock.now()).toBe(1_060_000);
    clock.resume();
    vi.advanceTimersByTime(1_000);
    expect(clock.now()).toBe(1_120_000);
  });

  it('fires no timer while paused; on resume a timer waits only what it had left', () => {
    const clock = new PausableClock({ timeScale: 10, startEpochMs: 0 });
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(clock.now()), 10_000);
    vi.advanceTimersByTime(400);
    clock.pause();
    vi.advanceTimersByTime(10_000);
    expect(fired).toEqual([]);
    clock.resume();
    vi.advanceTimersByTime(599);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([10_000]);
  });

  it('keeps intervals and cancels', () => {
    const clock = new PausableClock({ timeScale: 1, startEpochMs: 0 });
    let ticks = 0;
    const interval = clock.setInterval(() => ticks++, 100);
    const cancelled = clock.setTimeout(() => (ticks += 100), 150);
    cancelled.cancel();
    vi.advanceTimersByTime(250);
    expect(ticks).toBe(2);
    clock.pause();
    vi.advanceTimersByTime(1_000);
    expect(ticks).toBe(2);
    clock.resume();
    vi.advanceTimersByTime(50);
    expect(ticks).toBe(3);
    interval.cancel();
    vi.advanceTimersByTime(1_000);
    expect(ticks).toBe(3);
  });

  it('refuses a time scale that is not a positive number', () => {
    expect(() => new PausableClock({ timeScale: 0 })).toThrow('timeScale must be a positive number, got 0');
  });
});
