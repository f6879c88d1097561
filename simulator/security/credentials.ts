/**
 * OCPP security profiles and the Basic auth passwords both sides derive (docs/security.md).
 *
 * Profiles (OCPP 2.0.1 Part 2 §A00; the same three in the 1.6 security whitepaper): 0 none, 1 Basic auth
 * over ws, 2 Basic auth over TLS, 3 TLS with a client certificate. The Basic auth username is the station
 * identity of the connection URL (A00.FR.204), so an identity may not contain ':'.
 *
 * Passwords are derived, not stored: key = first 20 bytes of HMAC-SHA256(secret, stationId). A fleet of
 * thousands needs no password file, the CSMS computes the same key from the same secret, and one station's
 * password tells nothing about another's. On the wire the key is spelled as each version says (A00.FR.205):
 * 2.0.1 sends a UTF-8 string of 16 to 40 characters (here the key's 40 hex digits); 1.6 sends the binary
 * AuthorizationKey itself (16 to 20 bytes; the configuration key shows it as hex).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { OcppProtocol } from '../protocol/versions.js';

export type SecurityProfile = 0 | 1 | 2 | 3;
export const SECURITY_PROFILES: readonly SecurityProfile[] = [0, 1, 2, 3];

/** Profiles that run over TLS (wss). */
export function usesTls(profile: SecurityProfile): boolean {
  return profile >= 2;
}

/** Profiles whose station authenticates with HTTP Basic auth. */
export function usesBasicAuth(profile: SecurityProfile): boolean {
  return profile === 1 || profile === 2;
}

const KEY_BYTES = 20;
/** A00.FR.205: at least 16 characters (bytes in 1.6); 40 is the longest every CSMS must take. */
export const PASSWORD_MIN_LENGTH = 16;
export const PASSWORD_MAX_LENGTH = 40;

/** The station's 20-byte key: HMAC-SHA256(secret, stationId), truncated. */
export function stationKey(secret: string, stationId: string): Buffer {
  if (secret.length === 0) throw new RangeError('the Basic auth secret must not be empty');
  return createHmac('sha256', secret).update(stationId, 'utf8').digest().subarray(0, KEY_BYTES);
}

/** What the station sends as its password: 2.0.1 a 40-character string, 1.6 the 20 key bytes. */
export function stationPassword(secret: string, stationId: string, protocol: OcppProtocol): string | Buffer {
  const key = stationKey(secret, stationId);
  return protocol === 'ocpp1.6' ? key : key.toString('hex');
}

/** Compares a received password with the expected one in constant time. */
export function passwordMatches(received: Buffer, expected: string | Buffer): boolean {
  const want = typeof expected === 'string' ? Buffer.from(expected, 'utf8') : expected;
  return received.length === want.length && timingSafeEqual(received, want);
}

/** A password a station may be configured with: 16 to 40 characters (2.0.1) or bytes (1.6). */
export function passwordProblem(password: string | Uint8Array): string | undefined {
  const length = typeof password === 'string' ? [...password].length : password.length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    return `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} ${typeof password === 'string' ? 'characters' : 'bytes'} long, got ${length}`;
  }
  return undefined;
}
