/**
 * Seeded token values as real drivers, cards and CSMSs produce them, one generator per 2.0.1
 * IdTokenEnumType; every value passes `idTokenProblem` for its type (and `idTagProblem` when it is at
 * most 20 characters, as card UIDs and eMAIDs are). With a `serial`, the value carries a bijective
 * scramble of it, so distinct serials always give distinct values: a fleet deals disjoint token pools
 * without keeping a set of what it dealt.
 */
import type { IdTokenType } from '../protocol/id-tokens.js';

export interface TokenSource {
  /** Seeded random source for the parts that make a value look real. */
  random: () => number;
  /** 0 ≤ serial < 2^32: distinct serials give distinct values of one type (NoAuthorization is always empty). */
  serial?: number;
}

/** ISO/IEC 7816-6 manufacturer codes seen on charging cards; NXP (MIFARE) dominates. */
const CARD_MANUFACTURERS = [0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x05, 0x02] as const;
/** ISO 15693 tags: E0, then NXP (ICODE), Texas Instruments, ST, EM Microelectronic. */
const VICINITY_MANUFACTURERS = [0x04, 0x07, 0x02, 0x16] as const;
const EMAID_COUNTRIES = ['DE', 'NL', 'FR', 'AT', 'BE', 'CH', 'SE', 'NO', 'DK', 'IT', 'ES', 'GB'] as const;
const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** ISO 14443-3 cascade tag: never the first byte of a 4-byte UID. */
const CASCADE_TAG = 0x88;

/** murmur3's 32-bit finaliser: a bijection on 32-bit integers that scatters consecutive inputs. */
export function scramble32(n: number): number {
  let h = n >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const byte = (random: () => number): number => Math.floor(random() * 256);
const hex = (bytes: readonly number[]): string => bytes.map((b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
const bytesOf32 = (n: number): number[] => [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const alphanumeric = (random: () => number, length: number): string => Array.from({ length }, () => pick(random, [...ALPHANUMERIC])).join('');

/** The 32 bits that make a value unique: the scrambled serial, or random bits. */
function core(source: TokenSource): number {
  if (source.serial === undefined) return Math.floor(source.random() * 2 ** 32) >>> 0;
  if (!Number.isInteger(source.serial) || source.serial < 0 || source.serial >= 2 ** 32) {
    throw new RangeError(`token serial must be a whole number from 0 to 2^32 - 1, got ${source.serial}`);
  }
  return scramble32(source.serial);
}

/** A MIFARE-style card UID: 7 bytes (manufacturer first) for most cards, 4 bytes for a quarter of them. */
export function iso14443Uid(source: TokenSource, length?: 4 | 7): string {
  const { random } = source;
  const bits = core(source);
  const bytes = length ?? (random() < 0.25 ? 4 : 7);
  if (bytes === 4 && bits >>> 24 !== CASCADE_TAG) return hex(bytesOf32(bits));
  return hex([pick(random, CARD_MANUFACTURERS), ...bytesOf32(bits), byte(random), byte(random)]);
}

/** A realistic value of `type`; with `serial`, unique per serial (KeyCode is then 10 digits). */
export function generateIdToken(type: IdTokenType, source: TokenSource): string {
  const { random } = source;
  switch (type) {
    case 'ISO14443':
      return iso14443Uid(source);
    case 'ISO15693':
      return hex([0xe0, pick(random, VICINITY_MANUFACTURERS), ...bytesOf32(core(source)), byte(random), byte(random)]);
    case 'eMAID':
      // No check character: it is optional, and a wrong one is worse than none.
      return `${pick(random, EMAID_COUNTRIES)}${alphanumeric(random, 3)}${core(source).toString(36).toUpperCase().padStart(7, '0')}${alphanumeric(random, 2)}`;
    case 'Central':
      return centralUuid(core(source), random);
    case 'Local':
      return `LOCAL-${hex(bytesOf32(core(source)))}`;
    case 'KeyCode':
      return source.serial === undefined ? String(Math.floor(random() * 1_000_000)).padStart(6, '0') : String(core(source)).padStart(10, '0');
    case 'MacAddress':
      // A locally administered unicast first byte (x2, x6, xA, xE), as EVs commonly present.
      return [(byte(random) & 0xfc) | 0x02, byte(random), ...bytesOf32(core(source))].map((b) => hex([b])).join(':');
    case 'NoAuthorization':
      return '';
  }
}

/** A CSMS-issued id (the spec suggests a UUID): a version-4 UUID whose first 32 bits are `bits`. */
function centralUuid(bits: number, random: () => number): string {
  const rest = Array.from({ length: 24 }, () => Math.floor(random() * 16).toString(16));
  rest[4] = '4';
  rest[8] = (8 + Math.floor(random() * 4)).toString(16);
  const tail = rest.join('');
  return `${bits.toString(16).padStart(8, '0')}-${tail.slice(0, 4)}-${tail.slice(4, 8)}-${tail.slice(8, 12)}-${tail.slice(12)}`;
}
