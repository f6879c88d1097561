/** The CSMS's security profile options (docs/security.md), checked once when the CSMS starts. */
import { SECURITY_PROFILES, usesBasicAuth, usesTls } from '../../../simulator/security/credentials.js';
import type { SecurityProfile } from '../../../simulator/security/credentials.js';

export interface CsmsSecurityOptions {
  /** Every station's profile unless `stationProfiles` says otherwise; 0-1 listen on plain ws, 2-3 on TLS. */
  profile: SecurityProfile;
  /** Stations configured with another profile; it must run on the same kind of listener (0-1 or 2-3). */
  stationProfiles?: Readonly<Record<string, SecurityProfile>>;
  /** PEM: the CSMS's certificate and key (profiles 2-3) and the CA that signs station certificates (profile 3). */
  tls?: { cert: string | Buffer; key: string | Buffer; ca?: string | Buffer };
  /** The secret every station's Basic auth password is derived from (profiles 1-2; simulator/security/credentials.ts). */
  authSecret?: string;
}

export interface ResolvedSecurity {
  profile: SecurityProfile;
  profileOf(stationId: string): SecurityProfile;
  /** Present when the CSMS listens on TLS. */
  tls: { cert: string | Buffer; key: string | Buffer; ca: string | Buffer | undefined; requestCert: boolean } | undefined;
  authSecret: string | undefined;
}

export function resolveSecurity(options: CsmsSecurityOptions | undefined): ResolvedSecurity {
  const profile = options?.profile ?? 0;
  const where = 'security.profile';
  if (!SECURITY_PROFILES.includes(profile)) throw new RangeError(`${where} must be one of ${SECURITY_PROFILES.join(', ')}, got ${String(profile)}`);
  const overrides = new Map(Object.entries(options?.stationProfiles ?? {}));
  for (const [id, p] of overrides) {
    if (!SECURITY_PROFILES.includes(p)) throw new RangeError(`security.stationProfiles.${id} must be one of ${SECURITY_PROFILES.join(', ')}, got ${String(p)}`);
    if (usesTls(p) !== usesTls(profile)) {
      throw new RangeError(
        `security.stationProfiles.${id} is ${p} but the CSMS listens on ${usesTls(profile) ? 'TLS (profile 2-3)' : 'plain ws (profile 0-1)'}: one listener serves one kind`,
      );
    }
  }
  const all = [profile, ...overrides.values()];
  const tls = options?.tls;
  if (usesTls(profile) && (tls?.cert === undefined || tls.key === undefined)) {
    throw new RangeError(`security profile ${profile} runs on TLS: security.tls needs the CSMS certificate and key`);
  }
  const clientCerts = all.includes(3);
  if (clientCerts && tls?.ca === undefined) throw new RangeError('security profile 3 needs security.tls.ca, the CA that signs station certificates');
  if (all.some(usesBasicAuth) && (options?.authSecret === undefined || options.authSecret === '')) {
    throw new RangeError('security profiles 1 and 2 need security.authSecret, the secret station passwords derive from');
  }
  return {
    profile,
    profileOf: (stationId) => overrides.get(stationId) ?? profile,
    tls: usesTls(profile) && tls !== undefined ? { cert: tls.cert, key: tls.key, ca: tls.ca, requestCert: clientCerts } : undefined,
    authSecret: options?.authSecret,
  };
}
