/** Security profiles 1-3 at the CSMS's door, on real TLS sockets over loopback (docs/security.md). */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Csms } from '../../../harness/csms/server.js';
import type { SecurityEvent } from '../../../harness/csms/security/event-log.js';
import { stationKey, stationPassword } from '../../../simulator/security/credentials.js';
import type { ConnectFailure } from '../../../simulator/transport/types.js';
import type { CertSet } from './helpers.js';
import { closeTransports, firstOutcome, getJson, IDS, makeCerts, removeCerts, SECRET, startCsms, tlsOf, transport } from './helpers.js';

let ours: CertSet;
let foreign: CertSet;
let csms: Csms | undefined;

beforeAll(async () => {
  [ours, foreign] = await Promise.all([makeCerts(IDS), makeCerts(IDS.slice(0, 2), 'someone-else')]);
});
afterAll(() => {
  removeCerts(ours);
  removeCerts(foreign);
});
afterEach(async () => {
  await closeTransports();
  await csms?.close();
  csms = undefined;
});

const [A, B] = IDS as [string, string];

function failure(outcome: 'open' | ConnectFailure): ConnectFailure {
  if (outcome === 'open') throw new Error('the connection was accepted');
  return outcome;
}

async function securityEvents(server: Csms, ca?: string): Promise<SecurityEvent[]> {
  return (await getJson(`${server.url}/api/security-events`, ca)) as SecurityEvent[];
}

describe('profile 1: Basic auth over ws', () => {
  it('accepts each version spelling of the derived password: 2.0.1 the 40-character string, 1.6 the 20 key bytes', async () => {
    csms = await startCsms({ profile: 1, authSecret: SECRET });
    const v201 = transport(csms, A, 'ocpp2.0.1', { password: stationPassword(SECRET, A, 'ocpp2.0.1') });
    const v16 = transport(csms, B, 'ocpp1.6', { password: stationPassword(SECRET, B, 'ocpp1.6') });
    expect(await firstOutcome(v201)).toBe('open');
    expect(await firstOutcome(v16)).toBe('open');
    expect(csms.isConnected(A) && csms.isConnected(B)).toBe(true);
    expect(await securityEvents(csms)).toEqual([]);
  });

  it('refuses a wrong password with 401 and records a security event with the claimed id and the remote address', async () => {
    csms = await startCsms({ profile: 1, authSecret: SECRET });
    const wrong = transport(csms, A, 'ocpp2.0.1', { password: stationPassword('another secret', A, 'ocpp2.0.1') });
    const refused = failure(await firstOutcome(wrong));
    expect(refused).toMatchObject({ statusCode: 401, kind: 'http', reason: 'HTTP 401 Unauthorized' });
    const [event] = await securityEvents(csms);
    expect(event).toMatchObject({ type: 'security-event', stationId: A, source: 'csms', kind: 'FailedToAuthenticateAtCsms', status: 401, remoteAddress: '127.0.0.1' });
    expect(event?.reason).toMatch(/wrong password/);
    expect(csms.isConnected(A)).toBe(false);
  });

  it('refuses a 1.6 station that sends its key as hex text instead of bytes, and one without credentials', async () => {
    csms = await startCsms({ profile: 1, authSecret: SECRET });
    const hex = transport(csms, A, 'ocpp1.6', { password: stationKey(SECRET, A).toString('hex') });
    const none = transport(csms, B, 'ocpp1.6');
    expect(failure(await firstOutcome(hex)).statusCode).toBe(401);
    expect(failure(await firstOutcome(none)).statusCode).toBe(401);
    const reasons = (await securityEvents(csms)).map((e) => `${e.stationId}: ${e.reason}`);
    expect(reasons).toContain(`${A}: profile 1: wrong password`);
    expect(reasons).toContain(`${B}: profile 1: no Basic auth credentials`);
  });

  it('refuses a station missing from the allow list even with the right password, as a security event', async () => {
    csms = await startCsms({ profile: 1, authSecret: SECRET }, { allowList: [A] });
    const outsider = transport(csms, B, 'ocpp2.0.1', { password: stationPassword(SECRET, B, 'ocpp2.0.1') });
    expect(failure(await firstOutcome(outsider)).statusCode).toBe(401);
    expect(await securityEvents(csms)).toMatchObject([{ stationId: B, reason: expect.stringContaining('allow list') }]);
  });
});

describe('profile 2: Basic auth over TLS', () => {
  it('accepts a station that verifies the CSMS certificate against the CA and sends the right password', async () => {
    csms = await startCsms({ profile: 2, authSecret: SECRET, tls: tlsOf(ours) });
    expect(csms.ocppUrl).toMatch(/^wss:\/\//);
    const station = transport(csms, A, 'ocpp2.0.1', { password: stationPassword(SECRET, A, 'ocpp2.0.1'), tls: { ca: ours.generated.ca.cert } });
    expect(await firstOutcome(station)).toBe('open');
    expect(csms.isConnected(A)).toBe(true);
  });

  it('refuses a wrong password over TLS with 401', async () => {
    csms = await startCsms({ profile: 2, authSecret: SECRET, tls: tlsOf(ours) });
    const station = transport(csms, A, 'ocpp2.0.1', { password: 'a-wrong-password-of-24ch', tls: { ca: ours.generated.ca.cert } });
    expect(failure(await firstOutcome(station))).toMatchObject({ statusCode: 401, kind: 'http' });
    expect(await securityEvents(csms, ours.generated.ca.cert)).toMatchObject([{ stationId: A, kind: 'FailedToAuthenticateAtCsms', status: 401 }]);
  });

  it('a station that does not trust the CSMS certificate fails at TLS, and the CSMS records the failed handshake', async () => {
    csms = await startCsms({ profile: 2, authSecret: SECRET, tls: tlsOf(ours) });
    const station = transport(csms, A, 'ocpp2.0.1', { password: stationPassword(SECRET, A, 'ocpp2.0.1'), tls: { ca: foreign.generated.ca.cert } });
    const refused = failure(await firstOutcome(station));
    expect(refused.kind).toBe('tls');
    expect(refused.reason).toMatch(/^TLS: /);
    expect(refused.statusCode).toBeUndefined();
    await expect.poll(async () => (await securityEvents(csms!, ours.generated.ca.cert)).map((e) => e.kind)).toContain('TLSHandshakeAborted');
  });

  it('plain ws to the TLS-only CSMS fails without an HTTP answer, and the CSMS records a TLS handshake failure', async () => {
    csms = await startCsms({ profile: 2, authSecret: SECRET, tls: tlsOf(ours) });
    const plain = transport(csms, A, 'ocpp2.0.1', { password: stationPassword(SECRET, A, 'ocpp2.0.1') });
    // Same host and port, wrong scheme: what a station configured for ws:// does.
    const url = csms.ocppUrl.replace(/^wss:/, 'ws:');
    const wrongScheme = transport(csms, A, 'ocpp2.0.1', { url: `${url}/${A}` });
    void plain.close();
    const refused = failure(await firstOutcome(wrongScheme));
    expect(refused.statusCode).toBeUndefined();
    expect(refused.kind).toBe('network');
    expect(refused.reason).toMatch(/use wss:\/\//);
    await expect.poll(async () => (await securityEvents(csms!, ours.generated.ca.cert)).map((e) => e.reason).join('\n')).toMatch(/TLS handshake failed: .*http request/i);
  });
});

describe('profile 3: TLS with client certificates', () => {
  const trust = () => ({ ca: ours.generated.ca.cert });

  it('accepts a station whose certificate the CA signed for its own id', async () => {
    csms = await startCsms({ profile: 3, tls: tlsOf(ours) });
    const station = transport(csms, A, 'ocpp1.6', { tls: { ...trust(), ...ours.station(A) } });
    expect(await firstOutcome(station)).toBe('open');
    expect(csms.isConnected(A)).toBe(true);
    expect(await securityEvents(csms, ours.generated.ca.cert)).toEqual([]);
  });

  it.each([
    ['a certificate from a foreign CA', () => foreign.station(A), /not trusted/],
    ["another station's certificate", () => ours.station(B), new RegExp(`CN "${B}" is not the station identity "${A}"`)],
    ['no certificate', () => ({}), /no client certificate/],
  ])('refuses %s with 403 and an InvalidChargingStationCertificate event', async (_name, credentials, reason) => {
    csms = await startCsms({ profile: 3, tls: tlsOf(ours) });
    const station = transport(csms, A, 'ocpp2.0.1', { tls: { ...trust(), ...credentials() } });
    expect(failure(await firstOutcome(station))).toMatchObject({ statusCode: 403, kind: 'http', reason: 'HTTP 403 Forbidden' });
    const [event] = await securityEvents(csms, ours.generated.ca.cert);
    expect(event).toMatchObject({ stationId: A, kind: 'InvalidChargingStationCertificate', status: 403, remoteAddress: '127.0.0.1' });
    expect(event?.reason).toMatch(reason);
    expect(csms.isConnected(A)).toBe(false);
  });

  it('a station configured for profile 2 on the same listener still uses its password, not a certificate', async () => {
    csms = await startCsms({ profile: 3, stationProfiles: { [B]: 2 }, authSecret: SECRET, tls: tlsOf(ours) });
    const withPassword = transport(csms, B, 'ocpp2.0.1', { password: stationPassword(SECRET, B, 'ocpp2.0.1'), tls: trust() });
    const withCertOnly = transport(csms, B, 'ocpp2.0.1', { tls: { ...trust(), ...ours.station(B) } });
    expect(await firstOutcome(withPassword)).toBe('open');
    expect(failure(await firstOutcome(withCertOnly)).statusCode).toBe(401);
  });
});

describe('bad security options', () => {
  it.each([
    [{ profile: 2 as const, authSecret: SECRET }, /needs the CSMS certificate and key/],
    [{ profile: 1 as const }, /need security.authSecret/],
    [{ profile: 1 as const, authSecret: SECRET, stationProfiles: { X: 3 as const } }, /one listener serves one kind/],
    [{ profile: 4 as unknown as 3 }, /must be one of 0, 1, 2, 3/],
  ])('are refused before the CSMS listens: %o', async (security, message) => {
    await expect(startCsms(security)).rejects.toThrow(message);
  });
});
