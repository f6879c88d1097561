/**
 * A station's identity (vendor, model, serial, firmware, modem) derived from its seed with faker.
 * Field lengths respect the BootNotification schemas of both versions (vendor/model ≤ 20, serial ≤ 25).
 */
// The English locale alone: the package's main entry loads every locale it has (megabytes of heap in every
// process). One shared instance, re-seeded per call (every call below is synchronous, so no other caller can
// interleave between seed and use), drawing from a randomizer that gives faker's own numbers without its garbage.
import type { Faker, FakerOptions } from '@faker-js/faker';
import { faker as englishFaker } from '@faker-js/faker/locale/en';
import { Mersenne53 } from './mersenne.js';
import type { StationIdentity } from './types.js';

const FakerClass = englishFaker.constructor as new (options: FakerOptions) => Faker;
const shared = new FakerClass({ locale: englishFaker.rawDefinitions, randomizer: new Mersenne53(0) });

const VENDOR_SUFFIXES = ['Charging', 'Energy', 'Power', 'EV', 'Mobility', 'eDrive'] as const;
/** Mobile country codes of a few European networks, so IMSIs look plausible. */
const MCCS = ['262', '208', '222', '234', '204', '214'] as const;

export function createIdentity(seed: number): StationIdentity {
  return identityFrom(shared, seed);
}

/**
 * The identity of a station that keeps only its seed (about 10 µs to derive, read at boot and by a few reports),
 * or the identity itself once it was given or changed.
 */
export function identityOf(source: number | StationIdentity): StationIdentity {
  return typeof source === 'number' ? createIdentity(source) : source;
}

/** The identity `faker` gives for `seed` (createIdentity's, with any Faker instance: tests compare it with faker's own). */
export function identityFrom(faker: Faker, seed: number): StationIdentity {
  faker.seed(seed);
  const vendor = `${faker.person.lastName()} ${faker.helpers.arrayElement(VENDOR_SUFFIXES)}`.slice(0, 20);
  const model = `${faker.string.alpha({ length: 2, casing: 'upper' })}-${faker.helpers.arrayElement([7, 11, 22, 50, 150])}${faker.helpers.arrayElement(['', 'T', 'S', 'X'])}`;
  const serialNumber = `${faker.string.alpha({ length: 3, casing: 'upper' })}${faker.string.numeric(9)}`;
  const firmwareVersion = `v${faker.system.semver()}`;
  const iccid = `8949${faker.string.numeric(15)}`;
  const imsi = `${faker.helpers.arrayElement(MCCS)}${faker.string.numeric(12)}`;
  return { vendor, model, serialNumber, firmwareVersion, iccid, imsi };
}
