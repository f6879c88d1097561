/**
 * Layout of a `chargedrill certs` directory, and reading it back (without loading the x509 library):
 * ca.pem, ca.key, csms.pem, csms.key, stations/<id>.pem and stations/<id>.key, manifest.json.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const CERT_FILES = {
  caCert: 'ca.pem',
  caKey: 'ca.key',
  csmsCert: 'csms.pem',
  csmsKey: 'csms.key',
  stations: 'stations',
  manifest: 'manifest.json',
} as const;

export interface PemPair {
  cert: string;
  key: string;
}

/** Where a station's certificate and key are in an output directory. */
export function stationCertPaths(dir: string, stationId: string): { cert: string; key: string } {
  // Station ids are URL path segments; encoding keeps a '/' or '..' in one from leaving the directory.
  const base = join(dir, CERT_FILES.stations, encodeURIComponent(stationId));
  return { cert: `${base}.pem`, key: `${base}.key` };
}

/** Reads one station's certificate and key from an output directory; throws naming the missing file. */
export async function readStationCredentials(dir: string, stationId: string): Promise<PemPair> {
  const paths = stationCertPaths(dir, stationId);
  // One after the other, so a station missing both files is reported by its certificate every time.
  const cert = await readPem(paths.cert, `certificate of station ${stationId}`);
  return { cert, key: await readPem(paths.key, `key of station ${stationId}`) };
}

export async function readPem(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the ${what} at ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
