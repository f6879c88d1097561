/** An in/out-of-service history as change points, and interval arithmetic for the uptime ledger. Times are simulated epoch ms. */

export interface Interval {
  fromMs: number;
  toMs: number;
}

export class Timeline {
  /** Sorted by time; consecutive entries always differ in `out`. */
  private readonly changes: { atMs: number; out: boolean }[] = [];

  /** Records the state from `atMs` on; returns false when it did not change (nothing to persist). */
  set(atMs: number, out: boolean): boolean {
    const last = this.changes[this.changes.length - 1];
    if (last !== undefined && last.out === out) return false;
    if (last === undefined && !out) return false;
    // Events arrive in order; a late one is clamped so the history stays sorted.
    this.changes.push({ atMs: last === undefined ? atMs : Math.max(atMs, last.atMs), out });
    return true;
  }

  /** Unknown before the first change: taken as in service. */
  outAt(atMs: number): boolean {
    let lo = 0;
    let hi = this.changes.length - 1;
    let found = false;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const change = this.changes[mid] as { atMs: number; out: boolean };
      if (change.atMs <= atMs) {
        found = change.out;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** Change times strictly inside the window. */
  breakpoints(window: Interval): number[] {
    return this.changes.filter((c) => c.atMs > window.fromMs && c.atMs < window.toMs).map((c) => c.atMs);
  }

  /** The latest out-of-service interval starting at or before `atMs` (`toMs` = Infinity while it lasts). */
  lastOutBefore(atMs: number): Interval | undefined {
    for (let i = this.changes.length - 1; i >= 0; i--) {
      const change = this.changes[i] as { atMs: number; out: boolean };
      if (change.out && change.atMs <= atMs) return { fromMs: change.atMs, toMs: this.changes[i + 1]?.atMs ?? Infinity };
    }
    return undefined;
  }
}

export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].filter((i) => i.toMs > i.fromMs).sort((a, b) => a.fromMs - b.fromMs);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.fromMs <= last.toMs) last.toMs = Math.max(last.toMs, interval.toMs);
    else merged.push({ ...interval });
  }
  return merged;
}

export function overlapMs(a: Interval, b: Interval): number {
  return Math.max(0, Math.min(a.toMs, b.toMs) - Math.max(a.fromMs, b.fromMs));
}
