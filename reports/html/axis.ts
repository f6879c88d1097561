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

export interface ValueAxis {
  /** The domain end, rounded up to a whole tick. */
  max: number;
  ticks: number[];
  /** Maps a value in [0, max] to a y coordinate within [y0 (bottom), y1 (top)]. */
  y(value: number): number;
}

/**
 * A linear value axis from 0 with 1-2-2.5-5 steps (0, 250, 500 ... rather than 0, 233, 466 ...). `integer` for
 * counts: whole steps of at least 1, so a series of 0s and 1s gets ticks 0, 1, 2 rather than 0, 0.25 ... read as "0 0 1".
 */
export function valueAxis(domainMax: number, y0: number, y1: number, maxTicks = 5, integer = false): ValueAxis {
  const wanted = domainMax > 0 && Number.isFinite(domainMax) ? domainMax : 1;
  const raw = wanted / maxTicks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const steps = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).filter((s) => !integer || (s >= 1 && Number.isInteger(s)));
  const step = steps.find((s) => wanted / s <= maxTicks) ?? (integer ? Math.max(1, 10 * magnitude) : 10 * magnitude);
  const max = Math.ceil(wanted / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; i * step <= max + step / 2; i++) ticks.push(Number((i * step).toPrecision(12)));
  return {
    max,
    ticks,
    y: (value) => round(y0 - ((y0 - y1) * Math.min(Math.max(value, 0), max)) / max),
  };
}

/**
 * A log₁₀ value axis over whole decades covering [lowest, highest] (both > 0), ticks at 1-2-5 within each decade
 * when there are at most two decades, else at the decades only (more would crowd the labels). For latencies: a 3 ms line and a 600 ms line
 * both stay readable.
 */
export function logAxis(lowest: number, highest: number, y0: number, y1: number): ValueAxis & { min: number } {
  const lo = lowest > 0 && Number.isFinite(lowest) ? lowest : 1;
  const hi = highest > lo && Number.isFinite(highest) ? highest : lo * 10;
  const fromExp = Math.floor(Math.log10(lo));
  const toExp = Math.max(fromExp + 1, Math.ceil(Math.log10(hi) - 1e-9));
  const min = 10 ** fromExp;
  const max = 10 ** toExp;
  const steps = toExp - fromExp <= 2 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let e = fromExp; e <= toExp; e++) {
    for (const m of steps) {
      const tick = Number((m * 10 ** e).toPrecision(12));
      if (tick <= max) ticks.push(tick);
    }
  }
  const span = toExp - fromExp;
  return {
    min,
    max,
    ticks,
    y: (value) => round(y0 - ((y0 - y1) * (Math.log10(Math.min(Math.max(value, min), max)) - fromExp)) / span),
  };
}
