/** A linear simulated-time axis shared by the timeline and the latency chart: round tick steps people read easily. */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const STEPS_MS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500,
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
  DAY, 2 * DAY, 7 * DAY,
];

export interface TimeAxis {
  /** The domain end, rounded up to a whole tick so the last tick sits at the edge. */
  maxMs: number;
  ticksMs: number[];
  /** Maps simulated ms to an x coordinate within [x0, x1]. */
  x(ms: number): number;
}

export function timeAxis(domainMaxMs: number, x0: number, x1: number, maxTicks = 8): TimeAxis {
  const wanted = Math.max(domainMaxMs, 1);
  const step = STEPS_MS.find((s) => wanted / s <= maxTicks) ?? Math.ceil(wanted / maxTicks / DAY) * DAY;
  const maxMs = Math.ceil(wanted / step) * step;
  const ticksMs: number[] = [];
  for (let t = 0; t <= maxMs + step / 2; t += step) ticksMs.push(t);
  return {
    maxMs,
    ticksMs,
    x: (ms) => round(x0 + ((x1 - x0) * Math.min(Math.max(ms, 0), maxMs)) / maxMs),
  };
}

/** SVG coordinates with one decimal keep the markup short and stable. */
export function round(value: number): number {
  return Math.round(value * 10) / 10;
}
