/** Shared set-up of the security tests: certificates in a temp dir, a CSMS per profile, transports on real TLS sockets. */
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Csms } from '../../../harness/csms/server.js';
import type { CsmsSecurityOptions } from '../../../harness/csms/security/options.js';
import type { PemPair } from '../../../harness/security/cert-files.js';
import { generateCertificates, writeCertificates } from '../../../harness/security/certs.js';
import type { GeneratedCertificates } from '../../../harness/security/certs.js';
import { planFleet } from '../../../simulator/fleet/plan.js';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import { createTransport } from '../../../simulator/transport/ws-client.js';
import type { ConnectFailure, OcppTransport, TransportOptions } from '../../../simulator/transport/types.js';

export const SECRET = 'test-secret-for-the-fleet';
export const STATIONS = 20;
export const SITES = 2;
export const IDS = planFleet({ stations: STATIONS, sites: SITES, protocol: 'ocpp1.6', seed: 0 }).map((s) => s.id);

export interface CertSet {
  dir: string;
  generated: GeneratedCertificates;
  station(id: string): PemPair;
}

/** A certificate set on disk: ours for the fleet's ids, or a foreign CA's. */
export async function makeCerts(ids: readonly string[], operator = 'chargedrill-test'): Promise<CertSet> {
  const dir = mkdtempSync(join(tmpdir(), 'chargedrill-certs-'));
  const options = { stationIds: ids, hosts: ['127.0.0.1', 'localhost'], days: 1, operator };
  const generated = await generateCertificates(options);
  await writeCertificates(dir, generated, options);
  return {
    dir,
    generated,
    station: (id) => {
      const pair = generated.stations.get(id);
      if (pair === undefined) throw new Error(`no certificate for ${id}`);
      return pair;
    },
  };
}

export function removeCerts(set: CertSet | undefined): void {
  if (set) rmSync(set.dir, { recursive: true, force: true });
}

export function startCsms(security: CsmsSecurityOptions, more: Parameters<typeof Csms.start>[0] = {}): Promise<Csms> {
  return Csms.start({ ...more, security });
}

export function tlsOf(certs: CertSet): CsmsSecurityOptions['tls'] {
  return { cert: certs.generated.csms.cert, key: certs.generated.csms.key, ca: certs.generated.ca.cert };
}

const open: OcppTransport[] = [];

export function transport(csms: Csms, id: string, protocol: OcppProtocol, options: Partial<TransportOptions> = {}): OcppTransport {
  const t = createTransport({ url: `${csms.ocppUrl}/${encodeURIComponent(id)}`, protocol, reconnectBaseMs: 50, reconnectMaxMs: 200, ...options });
  open.push(t);
  return t;
}

export async function closeTransports(): Promise<void> {
  await Promise.all(open.splice(0).map((t) => t.close()));
}

/** Connects, or resolves with the first failure (the transport keeps retrying until closed). */
export function firstOutcome(t: OcppTransport): Promise<'open' | ConnectFailure> {
  return new Promise((resolve) => {
    t.on('connectFailed', (failure) => resolve(failure));
    t.connect().then(
      () => resolve('open'),
      () => {},
    );
  });
}

/** GET a JSON body from the CSMS API over HTTP or HTTPS (trusting `ca`). */
export async function getJson(url: string, ca?: string): Promise<unknown> {
  if (url.startsWith('http:')) return (await fetch(url)).json();
  return new Promise((resolve, reject) => {
    get(url, { ca }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body));
        } catch (error) {
          reject(error as Error);
        }
      });
    }).on('error', reject);
  });
}
