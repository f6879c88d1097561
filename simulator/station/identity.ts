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
const MODEL_POWERS = [7, 11, 22, 50, 150] as const;
const MODEL_SUFFIXES = ['', 'T', 'S', 'X'] as const;
/** Mobile country codes of a few European networks, so IMSIs look plausible. */
const MCCS = ['262', '208', '222', '234', '204', '214'] as const;
/**
 * The characters `faker.string.alpha({ casing: 'upper' })` and `faker.string.numeric()` draw from, in faker's order.
 * Without exclusions both draw one `helpers.arrayElement` of these per character, as `draw` below does, without
 * the copy and filter of the alphabet and the array of characters each of those calls makes (half an identity's
 * garbage). A test compares the identities with those of faker's own calls.
 */
const UPPER = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
const DIGITS = [...'0123456789'];

function draw(faker: Faker, characters: readonly string[], length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += faker.helpers.arrayElement(characters);
  return text;
}

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
  const { helpers } = faker;
  const model = `${draw(faker, UPPER, 2)}-${helpers.arrayElement(MODEL_POWERS)}${helpers.arrayElement(MODEL_SUFFIXES)}`;
  const serialNumber = `${draw(faker, UPPER, 3)}${draw(faker, DIGITS, 9)}`;
  const firmwareVersion = `v${faker.system.semver()}`;
  const iccid = `8949${draw(faker, DIGITS, 15)}`;
  const imsi = `${helpers.arrayElement(MCCS)}${draw(faker, DIGITS, 12)}`;
  return { vendor, model, serialNumber, firmwareVersion, iccid, imsi };
}
