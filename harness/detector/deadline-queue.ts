/**
 * Keyed deadlines on the shared clock with ONE armed clock timer for the earliest.
 *
 * Why not a timer per station: the no-connectivity rule moves a station's deadline on every message.
 * At 5,000 stations that is a clearTimeout + setTimeout per message, each allocating a Node timer; here
 * a move is an O(log n) sift in an indexed heap and usually touches no timer at all. The armed timer is
 * only replaced when a deadline earlier than it appears; when the earliest deadline moves later the timer
 * fires early, finds nothing due and re-arms (about once per heartbeat interval, not once per message).
 * A deadline fires on the first timer tick at or after it, which keeps detection within a timer tick
 * of the crossing instead of a polling period.
 */
import type { Clock, ClockTimer } from '../../simulator/clock.js';

interface Entry {
  key: string;
  atSimMs: number;
  fire: (atSimMs: number) => void;
  index: number;
}

/** Node clamps longer timeouts to 1 ms; re-arming in chunks avoids that. */
const MAX_REAL_DELAY_MS = 2_147_483_647;

export class DeadlineQueue {
  private readonly heap: Entry[] = [];
  private readonly byKey = new Map<string, Entry>();
  private timer: ClockTimer | undefined;
  private armedAtSimMs: number | undefined;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    /** A throwing callback must not stop the other deadlines from firing. */
    private readonly onError: (error: unknown, key: string) => void = () => {},
  ) {}

  get size(): number {
    return this.heap.length;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  atOf(key: string): number | undefined {
    return this.byKey.get(key)?.atSimMs;
  }

  /** Sets or moves the deadline for `key`; `fire` receives the deadline (the crossing moment). */
  set(key: string, atSimMs: number, fire: (atSimMs: number) => void): void {
    if (this.stopped) return;
    const existing = this.byKey.get(key);
    if (existing) {
      const earlier = atSimMs < existing.atSimMs;
      existing.atSimMs = atSimMs;
      existing.fire = fire;
      if (earlier) this.siftUp(existing.index);
      else this.siftDown(existing.index);
    } else {
      const entry: Entry = { key, atSimMs, fire, index: this.heap.length };
      this.heap.push(entry);
      this.byKey.set(key, entry);
      this.siftUp(entry.index);
    }
    this.arm();
  }

  delete(key: string): void {
    const entry = this.byKey.get(key);
    if (!entry) return;
    this.byKey.delete(key);
    const last = this.heap.pop() as Entry;
    if (last !== entry) {
      this.heap[entry.index] = last;
      last.index = entry.index;
      this.siftDown(last.index);
      this.siftUp(last.index);
    }
    // The armed timer may now be early; it re-arms when it fires, which is cheaper than re-arming here.
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    this.armedAtSimMs = undefined;
    this.heap.length = 0;
    this.byKey.clear();
  }

  private arm(): void {
    const first = this.heap[0];
    if (!first || this.stopped) return;
    if (this.armedAtSimMs !== undefined && this.armedAtSimMs <= first.atSimMs) return;
    this.timer?.cancel();
    const delaySimMs = Math.min(Math.max(0, first.atSimMs - this.clock.now()), this.clock.toSimMs(MAX_REAL_DELAY_MS));
    this.armedAtSimMs = first.atSimMs;
    this.timer = this.clock.setTimeout(() => this.onTimer(), delaySimMs).unref();
  }

  private onTimer(): void {
    this.timer = undefined;
    this.armedAtSimMs = undefined;
    const now = this.clock.now();
    for (let first = this.heap[0]; first && first.atSimMs <= now && !this.stopped; first = this.heap[0]) {
      this.delete(first.key);
      try {
        first.fire(first.atSimMs);
      } catch (error) {
        this.onError(error, first.key);
      }
    }
    // Also covers a timer that fired a little early (timer granularity): the remainder is re-armed.
    this.arm();
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    const entry = heap[index] as Entry;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex] as Entry;
      if (parent.atSimMs <= entry.atSimMs) break;
      heap[index] = parent;
      parent.index = index;
      index = parentIndex;
    }
    heap[index] = entry;
    entry.index = index;
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    const entry = heap[index] as Entry;
    const length = heap.length;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      if (right < length && (heap[right] as Entry).atSimMs < (heap[left] as Entry).atSimMs) child = right;
      const smaller = heap[child] as Entry;
      if (smaller.atSimMs >= entry.atSimMs) break;
      heap[index] = smaller;
      smaller.index = index;
      index = child;
    }
    heap[index] = entry;
    entry.index = index;
  }
}
