/**
 * MT19937 drawn exactly as faker's own randomizer draws it (the same seeding, twist, tempering and 53-bit doubles),
 * so a Faker instance given this randomizer produces the same values for the same seed. Faker's keeps its state
 * in a new array of 624 numbers on every seed, most of them boxed (10 KB of garbage and about 35 µs per seed, the
 * bulk of a station's identity); this one keeps it in one Int32Array, reused. Every use of the state goes through
 * 32-bit operations in both, so keeping it as int32 changes no result.
 */
import type { Randomizer } from '@faker-js/faker';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

export class Mersenne53 implements Randomizer {
  private readonly state = new Int32Array(N);
  private index = 0;

  constructor(seed: number) {
    this.seed(seed);
  }

  /** A whole number seed, as the stations use; faker's array seeds are not needed here. */
  readonly seed = (seed: number | number[]): void => {
    if (typeof seed !== 'number') throw new TypeError('this randomizer takes a number seed');
    const s = this.state;
    s[0] = seed;
    for (let i = 1; i < N; i++) {
      const prev = s[i - 1] as number;
      s[i] = Math.imul(1_812_433_253, prev ^ (prev >>> 30)) + i;
    }
    this.twist();
    this.index = 0;
  };

  /** Faker calls it detached from the object (`const { next } = randomizer`): an arrow, bound to this one. */
  readonly next = (): number => {
    const high = this.nextU32() >>> 5;
    const low = this.nextU32() >>> 6;
    return (high * 67_108_864 + low) * 11_102_230_246_251_565e-32;
  };

  private nextU32(): number {
    const s = this.state;
    let y = s[this.index] as number;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    if (++this.index >= N) {
      this.twist();
      this.index = 0;
    }
    return y >>> 0;
  }

  private twist(): void {
    const s = this.state;
    for (let k = 0; k < N; k++) {
      const y = ((s[k] as number) & UPPER_MASK) | ((s[(k + 1) % N] as number) & LOWER_MASK);
      s[k] = (s[(k + M) % N] as number) ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
  }
}
