/**
 * The security profile a conformance run connects with (docs/security.md) and the station credentials it implies:
 * the Basic auth password (profiles 1-2), the CA the CSMS certificate must chain to (2-3) and the station's client
 * certificate (3). Security cases (block A) also need credentials that must fail: a wrong password, a certificate
 * from a CA the CSMS does not know.
 */
import type { SecurityProfile } from '../../simulator/security/credentials.js';
import { usesBasicAuth, usesTls } from '../../simulator/security/credentials.js';
import type { StationCredentials } from './test-station.js';

export interface ConformanceSecurity {
  profile: SecurityProfile;
  /** Profiles 1-2: the password exactly as it goes on the wire (a 1.6 AuthorizationKey as its bytes). */
  password?: Buffer;
  /** Profiles 2-3: PEM of the CA that signed the CSMS certificate. */
  ca?: string;
  /** Profile 3: the station's client certificate and key, PEM. */
  cert?: string;
  key?: string;
}

export const PROFILE_0: ConformanceSecurity = { profile: 0 };

/** What is missing for the profile, or undefined. */
export function conformanceSecurityProblem(security: ConformanceSecurity): string | undefined {
  const { profile } = security;
  if (usesBasicAuth(profile) && security.password === undefined) return `security profile ${profile} needs the station's password (--password or --auth-secret)`;
  if (usesTls(profile) && security.ca === undefined) return `security profile ${profile} needs the CA of the CSMS certificate (--ca)`;
  if (profile === 3 && (security.cert === undefined || security.key === undefined)) return 'security profile 3 needs the station certificate and key (--cert and --key)';
  return undefined;
}

/** The station's own credentials for the run's profile; undefined at profile 0. */
export function credentialsOf(security: ConformanceSecurity, stationId: string): StationCredentials | undefined {
  const { profile } = security;
  if (profile === 0) return undefined;
  return {
    ...(usesBasicAuth(profile) && security.password !== undefined && { basicAuth: { username: stationId, password: security.password } }),
    ...(usesTls(profile) && {
      tls: { ...(security.ca !== undefined && { ca: security.ca }), ...(profile === 3 && security.cert !== undefined && security.key !== undefined && { cert: security.cert, key: security.key }) },
    }),
  };
}

/**
 * The valid password with its last byte changed, in the same spelling (a 2.0.1 hex or text password stays
 * printable and keeps its length), so only its value is wrong.
 */
export function wrongPassword(password: Buffer): Buffer {
  const wrong = Buffer.from(password);
  const last = wrong.length - 1;
  const byte = wrong[last] ?? 0;
  const printable = byte >= 0x30 && byte <= 0x7a;
  wrong[last] = printable ? (byte === 0x30 ? 0x31 : 0x30) : byte ^ 0x01;
  return wrong;
}

/** The password a `--password` value stands for: like OCTT, 32-40 hex digits on a 1.6 run are the key's bytes. */
export function passwordFromText(text: string, protocol: 'ocpp1.6' | 'ocpp2.0.1'): Buffer {
  if (protocol === 'ocpp1.6' && /^([0-9a-fA-F]{2}){16,20}$/.test(text)) return Buffer.from(text, 'hex');
  return Buffer.from(text, 'utf8');
}

/**
 * A client certificate for the station id signed by a CA made on the spot, which no CSMS trusts: what a station
 * of another operator, or an impostor, would present. Loaded on use: certificate generation pulls in @peculiar/x509.
 */
export async function foreignClientCertificate(stationId: string): Promise<{ cert: string; key: string }> {
  const { generateCertificates } = await import('../security/certs.js');
  const generated = await generateCertificates({ stationIds: [stationId], hosts: ['localhost'], days: 1, operator: 'chargedrill-foreign-ca' });
  const pair = generated.stations.get(stationId);
  if (pair === undefined) throw new Error(`no foreign certificate was made for ${stationId}`);
  return pair;
}
