/** The object form of the seeded random source must draw exactly the closure's numbers: seeded fleets depend on them. */
import { describe, expect, it } from 'vitest';
import { SeededRandom, seededRandom } from '../../../simulator/random.js';

describe('SeededRandom', () => {
  it('draws the same numbers as seededRandom for the same seed, across the int32 sign boundary and odd seeds', () => {
    for (const seed of [0, 1, 42, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 3_735_928_559, -5, 1.5, 2 ** 40 + 7]) {
      const closure = seededRandom(seed);
      const object = new SeededRandom(seed);
      for (let i = 0; i < 1_000; i++) expect(object.next()).toBe(closure());
    }
  });

  it('gives different sequences for different seeds', () => {
    expect(new SeededRandom(1).next()).not.toBe(new SeededRandom(2).next());
  });
});
