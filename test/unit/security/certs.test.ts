/** What chargedrill certs issues: read back with Node's own X.509 parser, not the library that wrote it. */
import { createPublicKey, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateCertificates } from '../../../harness/security/certs.js';
import { passwordProblem, stationKey, stationPassword } from '../../../simulator/security/credentials.js';

describe('generateCertificates', () => {
  it('signs a station certificate per id (CN = id, O = operator, clientAuth) and a CSMS certificate for the hosts, each with its own key', async () => {
    const now = new Date('2026-03-01T12:00:00Z');
    const ids = ['S1-CP1', 'S1-CP2', 'S2-CP1'];
    const certs = await generateCertificates({ stationIds: ids, hosts: ['127.0.0.1', 'csms.example'], days: 10, operator: 'Acme, Charging', now });
    const ca = new X509Certificate(certs.ca.cert);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toContain('O=Acme\\, Charging');
    const csms = new X509Certificate(certs.csms.cert);
    expect(csms.checkIssued(ca) && csms.verify(ca.publicKey)).toBe(true);
    expect(csms.subjectAltName).toBe('IP Address:127.0.0.1, DNS:csms.example');
    expect(csms.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(csms.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    const publicKeys = new Set<string>();
    for (const id of ids) {
      const pair = certs.stations.get(id)!;
      const cert = new X509Certificate(pair.cert);
      expect(cert.subject.split('\n')).toEqual([`CN=${id}`, 'O=Acme\\, Charging']);
      expect(cert.issuer).toBe(ca.subject);
      expect(cert.verify(ca.publicKey)).toBe(true);
      expect(cert.ca).toBe(false);
      expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
      expect(cert.publicKey.asymmetricKeyDetails).toMatchObject({ namedCurve: 'prime256v1' });
      // The key file belongs to the certificate.
      expect(createPublicKey(pair.key).export({ format: 'pem', type: 'spki' })).toBe(cert.publicKey.export({ format: 'pem', type: 'spki' }));
      expect(new Date(cert.validTo).getTime() - now.getTime()).toBe(10 * 86_400_000);
      expect(new Date(cert.validFrom).getTime()).toBeLessThan(now.getTime());
      publicKeys.add(cert.publicKey.export({ format: 'pem', type: 'spki' }) as string);
    }
    expect(publicKeys.size).toBe(ids.length);
  });

  it.each([
    [{ days: 0 }, /days must be a number greater than 0/],
    [{ hosts: [] }, /hosts must name at least one/],
    [{ stationIds: ['S1-CP1', 'S1-CP1'] }, /S1-CP1 is listed twice/],
    [{ stationIds: ['a:b'] }, /contains ':'/],
  ])('refuses %o', async (bad, message) => {
    await expect(generateCertificates({ stationIds: ['S1-CP1'], hosts: ['localhost'], days: 1, operator: 'x', ...bad })).rejects.toThrow(message);
  });
});

describe('derived Basic auth passwords', () => {
  it('are 20 key bytes in 1.6 and their 40 hex digits in 2.0.1, within A00.FR.205, and differ per station and secret', () => {
    const v16 = stationPassword('secret-one-long-enough', 'S1-CP1', 'ocpp1.6') as Buffer;
    const v201 = stationPassword('secret-one-long-enough', 'S1-CP1', 'ocpp2.0.1') as string;
    expect(v16).toHaveLength(20);
    expect(v201).toBe(v16.toString('hex'));
    expect(passwordProblem(v16)).toBeUndefined();
    expect(passwordProblem(v201)).toBeUndefined();
    expect(stationKey('secret-one-long-enough', 'S1-CP2').equals(v16)).toBe(false);
    expect(stationKey('secret-two-long-enough', 'S1-CP1').equals(v16)).toBe(false);
    expect(passwordProblem('x'.repeat(15))).toMatch(/16 to 40 characters/);
    expect(passwordProblem('x'.repeat(41))).toMatch(/got 41/);
  });
});
