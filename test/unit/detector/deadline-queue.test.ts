import { describe, expect, it } from 'vitest';
import { DeadlineQueue } from '../../../harness/detector/deadline-queue.js';
import { ManualClock } from './manual-clock.js';

describe('DeadlineQueue', () => {
  it('fires each deadline once, in order, with its own deadline as the time', () => {
    const clock = new ManualClock(0);
    const queue = new DeadlineQueue(clock);
    const fired: [string, number, number][] = [];
    for (const [key, at] of [['b', 300], ['a', 100], ['c', 200]] as const) queue.set(key, at, (atSimMs) => fired.push([key, atSimMs, clock.now()]));
    clock.advance(1_000);
    expect(fired).toEqual([
      ['a', 100, 100],
      ['c', 200, 200],
      ['b', 300, 300],
    ]);
  });

  it('moves a deadline later without firing it at the old time', () => {
    const clock = new ManualClock(0);
    const queue = new DeadlineQueue(clock);
    const fired: number[] = [];
    queue.set('s', 100, () => fired.push(clock.now()));
    clock.advance(50);
    queue.set('s', 150, () => fired.push(clock.now()));
    clock.advance(60);
    expect(fired).toEqual([]);
    clock.advance(100);
    expect(fired).toEqual([150]);
  });

  it('keeps a single clock timer armed however many deadlines are pending', () => {
    const clock = new ManualClock(0);
    const queue = new DeadlineQueue(clock);
    for (let i = 0; i < 1_000; i++) queue.set(`s${i}`, 10_000 + i, () => {});
    // Every station's next message moves its deadline later: still one timer.
    for (let i = 0; i < 1_000; i++) queue.set(`s${i}`, 20_000 + i, () => {});
    expect(clock.pendingTimers).toBe(1);
    expect(queue.size).toBe(1_000);
  });

  it('re-arms for an earlier deadline than the armed one', () => {
    const clock = new ManualClock(0);
    const queue = new DeadlineQueue(clock);
    const fired: string[] = [];
    queue.set('late', 1_000, () => fired.push('late'));
    queue.set('early', 10, () => fired.push('early'));
    clock.advance(10);
    expect(fired).toEqual(['early']);
  });

  it('does not fire a deleted deadline, and fires nothing after stop', () => {
    const clock = new ManualClock(0);
    const queue = new DeadlineQueue(clock);
    const fired: string[] = [];
    queue.set('deleted', 10, () => fired.push('deleted'));
    queue.set('kept', 20, () => fired.push('kept'));
    queue.set('stopped', 30, () => fired.push('stopped'));
    queue.delete('deleted');
    clock.advance(25);
    queue.stop();
    clock.advance(100);
    expect(fired).toEqual(['kept']);
  });

  it('keeps firing the other deadlines when one callback throws', () => {
    const clock = new ManualClock(0);
    const errors: string[] = [];
    const queue = new DeadlineQueue(clock, (_error, key) => errors.push(key));
    const fired: string[] = [];
    queue.set('bad', 10, () => {
      throw new Error('boom');
    });
    queue.set('good', 10, () => fired.push('good'));
    clock.advance(10);
    expect(errors).toEqual(['bad']);
    expect(fired).toEqual(['good']);
  });
});
