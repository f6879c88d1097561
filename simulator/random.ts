/** Small seeded random sources: the same seed gives the same fleet, sessions and jitter. */

/** mulberry32: fast, 32-bit state, good enough for simulation (not for cryptography). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
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
