/**
 * Security flags shared by `csms` and `fleet` (docs/security.md). Each failure names the flag and what is
 * allowed; a file that cannot be read is a usage error too, before anything starts.
 */
import { readFileSync } from 'node:fs';
import { SECURITY_PROFILES } from '../../simulator/security/credentials.js';
import type { SecurityProfile } from '../../simulator/security/credentials.js';
import { unreadableFile, UsageError } from './usage.js';

/** Read when --auth-secret is not given, so the secret need not show in the process list. */
export const AUTH_SECRET_ENV = 'CHARGEDRILL_AUTH_SECRET';

export function securityProfile(flag: string, value: unknown, allowed: readonly SecurityProfile[] = SECURITY_PROFILES): SecurityProfile {
  const n = Number(value);
  if (!allowed.includes(n as SecurityProfile) || String(value).trim() === '') {
    throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return n as SecurityProfile;
}

/** The secret from the flag or the environment; at least 16 characters, like the passwords derived from it. */
export function authSecret(value: unknown): string | undefined {
  const secret = typeof value === 'string' ? value : process.env[AUTH_SECRET_ENV];
  if (secret === undefined || secret === '') return undefined;
  if ([...secret].length < 16) throw new UsageError(`--auth-secret (or ${AUTH_SECRET_ENV}) must be at least 16 characters, got ${[...secret].length}`);
  return secret;
}

export function readFileFlag(flag: string, path: unknown): string {
  if (typeof path !== 'string' || path === '') throw new UsageError(`--${flag} must name a file`);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--${flag} ${path}: ${unreadableFile(error)}`);
  }
}

/** `--station-profiles`: a JSON file `{ "<stationId>": <profile>, ... }`. */
export function stationProfilesFlag(flag: string, path: unknown): Record<string, SecurityProfile> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileFlag(flag, path));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--${flag} ${String(path)}: not JSON (${(error as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(`--${flag} ${String(path)} must hold a JSON object mapping station ids to profiles 0-3`);
  }
  const profiles: Record<string, SecurityProfile> = {};
  for (const [id, value] of Object.entries(parsed)) profiles[id] = securityProfile(`${flag} ${String(path)}: ${id}`, value);
  return profiles;
}
