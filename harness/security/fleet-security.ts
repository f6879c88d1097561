/**
 * Security profiles for a load run (docs/security.md): what each station connects with, and how the
 * in-process CSMS is set up to check it. Certificates come from a `chargedrill certs` directory and are
 * read once, before the ramp, so a station's start costs no file access.
 */
import { join } from 'node:path';
import type { PlannedStation } from '../../simulator/fleet/plan.js';
import { stationPassword, usesBasicAuth, usesTls } from '../../simulator/security/credentials.js';
import type { SecurityProfile } from '../../simulator/security/credentials.js';
import type { StationConfig } from '../../simulator/station/types.js';
import type { CsmsSecurityOptions } from '../csms/security/options.js';
import { CERT_FILES, readPem, readStationCredentials } from './cert-files.js';
import type { PemPair } from './cert-files.js';

export interface FleetSecurityOptions {
  profile: SecurityProfile;
  /** A `chargedrill certs` output directory: station certificates (profile 3), the CA and the CSMS certificate. */
  certsDir?: string;
  /** The CA that signs the CSMS certificate; default `<certsDir>/ca.pem`. */
  caPath?: string;
  /** Secret the Basic auth passwords derive from (profiles 1-2). */
  authSecret?: string;
}

/** What is missing for the profile, or undefined. */
export function fleetSecurityProblem(options: FleetSecurityOptions): string | undefined {
  const { profile } = options;
  if (usesBasicAuth(profile) && !options.authSecret) return `security profile ${profile} needs the Basic auth secret (--auth-secret)`;
  if (usesTls(profile) && options.caPath === undefined && options.certsDir === undefined) {
    return `security profile ${profile} needs the CA of the CSMS certificate (--ca, or --certs with a ca.pem)`;
  }
  if (profile === 3 && options.certsDir === undefined) return 'security profile 3 needs the station certificates (--certs)';
  return undefined;
}

/** Reads what every station needs and returns each one's transport options. */
export async function stationTransports(
  options: FleetSecurityOptions,
  stations: readonly PlannedStation[],
): Promise<(station: PlannedStation) => StationConfig['transport']> {
  const problem = fleetSecurityProblem(options);
  if (problem !== undefined) throw new RangeError(problem);
  const { profile, authSecret } = options;
  const ca = usesTls(profile) ? await readPem(caPathOf(options), 'CA certificate') : undefined;
  const credentials = new Map<string, PemPair>();
  if (profile === 3) {
    for (let start = 0; start < stations.length; start += 64) {
      const batch = stations.slice(start, start + 64);
      const pairs = await Promise.all(batch.map((s) => readStationCredentials(options.certsDir as string, s.id)));
      batch.forEach((s, i) => credentials.set(s.id, pairs[i]!));
    }
  }
  return (station) => ({
    ...(usesBasicAuth(profile) && { password: stationPassword(authSecret as string, station.id, station.protocol) }),
    ...(ca !== undefined && { tls: { ca, ...credentials.get(station.id) } }),
  });
}

/** The in-process CSMS's side of the same profile: its certificate from the directory, the CA, the secret. */
export async function embeddedCsmsSecurity(options: FleetSecurityOptions): Promise<CsmsSecurityOptions> {
  const { profile } = options;
  if (!usesTls(profile)) return { profile, ...(options.authSecret !== undefined && { authSecret: options.authSecret }) };
  if (options.certsDir === undefined) throw new RangeError(`the bundled CSMS needs its certificate for profile ${profile}: give --certs (a chargedrill certs directory)`);
  const [cert, key, ca] = await Promise.all([
    readPem(join(options.certsDir, CERT_FILES.csmsCert), 'CSMS certificate'),
    readPem(join(options.certsDir, CERT_FILES.csmsKey), 'CSMS key'),
    readPem(caPathOf(options), 'CA certificate'),
  ]);
  return { profile, tls: { cert, key, ca }, ...(options.authSecret !== undefined && { authSecret: options.authSecret }) };
}

function caPathOf(options: FleetSecurityOptions): string {
  return options.caPath ?? join(options.certsDir as string, CERT_FILES.caCert);
}
