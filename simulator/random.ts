/** Small seeded random sources: the same seed gives the same fleet, sessions and jitter. */

const MULBERRY_STEP = 0x6d2b79f5;

/** mulberry32's number for a state (after the step). */
function mulberry32(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}

/** mulberry32: fast, 32-bit state, good enough for simulation (not for cryptography). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + MULBERRY_STEP) >>> 0;
    return mulberry32(state);
  };
}

/** A source of seeded numbers in [0, 1). */
export interface RandomSource {
  next(): number;
}

/**
 * seededRandom's numbers from one small object instead of a closure and its context (a fleet keeps one per station).
 * The state is kept as an int32, which V8 keeps in the field itself (a uint32 above 2^31 would be a heap number);
 * mulberry32 uses only its bits, so the numbers are the same.
 */
export class SeededRandom implements RandomSource {
  private state: number;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  next(): number {
    this.state = (this.state + MULBERRY_STEP) | 0;
    return mulberry32(this.state);
  }
}

/** Derives an independent seed for item `index` of something seeded with `seed`. */
export function deriveSeed(seed: number, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ index, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** An exponentially distributed wait with the given mean (for Poisson arrivals). */
export function exponential(random: () => number, mean: number): number {
  return -Math.log(1 - random()) * mean;
}
