/**
 * Certificates for security profiles 2 and 3 (docs/security.md): one CA, a CSMS server certificate with the
 * hosts as subject alternative names, and a client certificate per station (CN = station id, O = operator,
 * extended key usage clientAuth), each with a fresh key. EC P-256 keys: a P-256 key pair and signature cost
 * about a millisecond where RSA-2048 key generation costs tens, so 1,000 stations take seconds, and OCPP's
 * TLS suites include ECDHE-ECDSA (A00.FR.318).
 *
 * The output directory's layout is cert-files.ts. Keys are PKCS#8 PEM, written readable by the owner only.
 */
// tsyringe, under @peculiar/x509, needs the Reflect metadata API at import time.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { CERT_FILES, stationCertPaths } from './cert-files.js';
import type { PemPair } from './cert-files.js';

type KeyPair = webcrypto.CryptoKeyPair;

// x509's Crypto type is the DOM one; Node's webcrypto implements it.
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const EC: webcrypto.EcKeyGenParams & webcrypto.EcdsaParams = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY_MS = 86_400_000;
/** Certificates start a little in the past, so a station whose clock runs behind still accepts them. */
const BACKDATE_MS = 5 * 60_000;

export interface CertificateOptions {
  stationIds: readonly string[];
  /** Names and addresses the CSMS is reached at: the server certificate's SANs; the first is its CN. */
  hosts: readonly string[];
  /** Validity from now, days. */
  days: number;
  /** Organisation (O) of every certificate: the charging station operator. */
  operator: string;
  /** Key pairs generated at once (WebCrypto runs them on libuv's thread pool). Default 16. */
  concurrency?: number;
  now?: Date;
}

export interface GeneratedCertificates {
  ca: PemPair;
  csms: PemPair;
  stations: Map<string, PemPair>;
  notBefore: Date;
  notAfter: Date;
}

export interface CertManifest {
  createdAt: string;
  notBefore: string;
  notAfter: string;
  operator: string;
  keyAlgorithm: 'EC P-256';
  hosts: string[];
  ca: { cert: string; key: string; subject: string };
  csms: { cert: string; key: string; subject: string };
  stations: { id: string; cert: string; key: string }[];
}

export async function generateCertificates(options: CertificateOptions): Promise<GeneratedCertificates> {
  const problem = optionsProblem(options);
  if (problem !== undefined) throw new RangeError(problem);
  const now = options.now ?? new Date();
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const notAfter = new Date(now.getTime() + options.days * DAY_MS);
  const org = `O=${escapeRdn(options.operator)}`;

  const caKeys = await newKeys();
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${escapeRdn(`${options.operator} OCPP CA`)}, ${org}`,
    keys: caKeys,
    signingAlgorithm: EC,
    notBefore,
    notAfter,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const authorityKeyId = await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey);
  const issue = async (subject: string, usage: x509.ExtendedKeyUsage, more: x509.Extension[] = []): Promise<PemPair> => {
    const keys = await newKeys();
    const cert = await x509.X509CertificateGenerator.create({
      subject,
      issuer: caCert.subject,
      publicKey: keys.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: EC,
      notBefore,
      notAfter,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([usage]),
        authorityKeyId,
        ...more,
      ],
    });
    return { cert: cert.toString('pem'), key: await privatePem(keys.privateKey) };
  };

  const san = new x509.SubjectAlternativeNameExtension(
    options.hosts.map((host) => ({ type: isIP(host) === 0 ? 'dns' : 'ip', value: host }) as x509.JsonGeneralName),
  );
  const csms = await issue(`CN=${escapeRdn(options.hosts[0]!)}, ${org}`, x509.ExtendedKeyUsage.serverAuth, [san]);
  const stations = new Map<string, PemPair>();
  const concurrency = options.concurrency ?? 16;
  for (let start = 0; start < options.stationIds.length; start += concurrency) {
    const batch = options.stationIds.slice(start, start + concurrency);
    const pairs = await Promise.all(batch.map((id) => issue(`CN=${escapeRdn(id)}, ${org}`, x509.ExtendedKeyUsage.clientAuth)));
    batch.forEach((id, i) => stations.set(id, pairs[i]!));
  }
  return { ca: { cert: caCert.toString('pem'), key: await privatePem(caKeys.privateKey) }, csms, stations, notBefore, notAfter };
}

/** Writes everything under `dir` (created if missing) and returns the manifest it wrote. */
export async function writeCertificates(dir: string, generated: GeneratedCertificates, options: CertificateOptions): Promise<CertManifest> {
  await mkdir(join(dir, CERT_FILES.stations), { recursive: true });
  const secret = { mode: 0o600 } as const;
  await Promise.all([
    writeFile(join(dir, CERT_FILES.caCert), generated.ca.cert),
    writeFile(join(dir, CERT_FILES.caKey), generated.ca.key, secret),
    writeFile(join(dir, CERT_FILES.csmsCert), generated.csms.cert),
    writeFile(join(dir, CERT_FILES.csmsKey), generated.csms.key, secret),
  ]);
  const stations: CertManifest['stations'] = [];
  const entries = [...generated.stations];
  for (let start = 0; start < entries.length; start += 64) {
    await Promise.all(
      entries.slice(start, start + 64).map(async ([id, pair]) => {
        const paths = stationCertPaths(dir, id);
        await Promise.all([writeFile(paths.cert, pair.cert), writeFile(paths.key, pair.key, secret)]);
      }),
    );
  }
  for (const [id] of entries) {
    const paths = stationCertPaths('', id);
    stations.push({ id, cert: paths.cert, key: paths.key });
  }
  const manifest: CertManifest = {
    createdAt: (options.now ?? new Date()).toISOString(),
    notBefore: generated.notBefore.toISOString(),
    notAfter: generated.notAfter.toISOString(),
    operator: options.operator,
    keyAlgorithm: 'EC P-256',
    hosts: [...options.hosts],
    ca: { cert: CERT_FILES.caCert, key: CERT_FILES.caKey, subject: new x509.X509Certificate(generated.ca.cert).subject },
    csms: { cert: CERT_FILES.csmsCert, key: CERT_FILES.csmsKey, subject: new x509.X509Certificate(generated.csms.cert).subject },
    stations,
  };
  await writeFile(join(dir, CERT_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function optionsProblem(options: CertificateOptions): string | undefined {
  if (!Number.isFinite(options.days) || options.days <= 0) return `days must be a number greater than 0, got ${options.days}`;
  if (options.hosts.length === 0) return 'hosts must name at least one host name or IP address of the CSMS';
  if (options.operator.trim() === '') return 'operator must not be empty';
  const seen = new Set<string>();
  for (const id of options.stationIds) {
    if (id === '' || id.includes(':')) return `station id ${JSON.stringify(id)} cannot be a certificate CN and Basic auth user (empty or contains ':')`;
    if (seen.has(id)) return `station id ${id} is listed twice`;
    seen.add(id);
  }
  return undefined;
}

function newKeys(): Promise<KeyPair> {
  return webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']);
}

async function privatePem(key: webcrypto.CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

/** RFC 4514: characters with a meaning in a distinguished name string are escaped. */
function escapeRdn(value: string): string {
  return value.replace(/[,+"\\<>;=]/g, (c) => `\\${c}`).replace(/^[ #]|[ ]$/g, (c) => `\\${c}`);
}
