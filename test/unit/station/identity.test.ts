import { describe, expect, it } from 'vitest';
import { fakerEN, generateMersenne53Randomizer, type Faker } from '@faker-js/faker';
import { createIdentity, identityFrom } from '../../../simulator/station/identity.js';
import { Mersenne53 } from '../../../simulator/station/mersenne.js';

describe('createIdentity', () => {
  it('gives the same identity for the same seed, even with other seeds used in between', () => {
    const first = createIdentity(7);
    createIdentity(8);
    expect(createIdentity(7)).toEqual(first);
  });

  it('gives different identities for different seeds', () => {
    expect(createIdentity(1).serialNumber).not.toBe(createIdentity(2).serialNumber);
  });

  it('fits the BootNotification field limits of both versions', () => {
    for (let seed = 0; seed < 200; seed++) {
      const id = createIdentity(seed);
      expect(id.vendor.length).toBeLessThanOrEqual(20);
      expect(id.model.length).toBeLessThanOrEqual(20);
      expect(id.serialNumber.length).toBeLessThanOrEqual(25);
      expect(id.firmwareVersion.length).toBeLessThanOrEqual(50);
      expect(id.iccid).toMatch(/^89\d{17}$/);
      expect(id.imsi).toMatch(/^\d{15}$/);
    }
  });
});

describe('the identity randomizer', () => {
  it('draws exactly the numbers of faker\'s own 53-bit Mersenne Twister, after any seed', () => {
    for (const seed of [0, 1, 7, 42, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 123_456_789]) {
      const ours = new Mersenne53(seed);
      const fakers = generateMersenne53Randomizer(seed);
      // 2,000 draws cross the 624-word state three times (two numbers per draw), so the twist is covered too.
      for (let i = 0; i < 2_000; i++) expect(ours.next()).toBe(fakers.next());
      ours.seed(seed + 1);
      fakers.seed(seed + 1);
      expect(ours.next()).toBe(fakers.next());
    }
  });

  const seeds = [...Array.from({ length: 300 }, (_, i) => i), 2 ** 31, 2 ** 32 - 1, 3_141_592_653];

  it('gives every station the identity faker itself gives for its seed', () => {
    for (const seed of seeds) expect(createIdentity(seed)).toEqual(identityFrom(fakerEN, seed));
  });

  it("draws its strings as faker's own alpha and numeric do, so identities are faker's word for word", () => {
    // The identity as first written, with faker's high-level string calls; identityFrom calls fromCharacters directly.
    const reference = (faker: Faker, seed: number): object => {
      faker.seed(seed);
      const vendor = `${faker.person.lastName()} ${faker.helpers.arrayElement(['Charging', 'Energy', 'Power', 'EV', 'Mobility', 'eDrive'])}`.slice(0, 20);
      const model = `${faker.string.alpha({ length: 2, casing: 'upper' })}-${faker.helpers.arrayElement([7, 11, 22, 50, 150])}${faker.helpers.arrayElement(['', 'T', 'S', 'X'])}`;
      const serialNumber = `${faker.string.alpha({ length: 3, casing: 'upper' })}${faker.string.numeric(9)}`;
      const firmwareVersion = `v${faker.system.semver()}`;
      const iccid = `8949${faker.string.numeric(15)}`;
      const imsi = `${faker.helpers.arrayElement(['262', '208', '222', '234', '204', '214'])}${faker.string.numeric(12)}`;
      return { vendor, model, serialNumber, firmwareVersion, iccid, imsi };
    };
    for (const seed of seeds) expect(createIdentity(seed)).toEqual(reference(fakerEN, seed));
  });
});
