import { describe, expect, it } from 'vitest';
import { createIdentity } from '../../../simulator/station/identity.js';

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
