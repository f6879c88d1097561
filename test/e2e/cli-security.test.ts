/** certs, csms and load (as its alias fleet) with security profiles, through the built CLI (npm run build first). */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interrupt, runCli, startCli } from './cli-helpers.js';

let dir: string;
const SECRET = 'an-e2e-secret-of-enough-length';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'chargedrill-e2e-security-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function getJson(url: string, ca: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve(JSON.parse(body)));
    }).on('error', reject);
  });
}

describe('chargedrill certs, csms and fleet with security profiles', () => {
  it('certs writes a CA, the CSMS certificate, one certificate and key per fleet station id, and a manifest', async () => {
    const out = join(dir, 'certs');
    const result = await runCli(['certs', '--out', out, '--stations', '12', '--sites', '3', '--host', '127.0.0.1,localhost', '--days', '2']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/and 12 station certificates to /);
    const files = readdirSync(join(out, 'stations')).sort();
    expect(files).toHaveLength(24);
    expect(files).toContain('S3-CP4.pem');
    expect(files).toContain('S3-CP4.key');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { stations: { id: string }[]; hosts: string[] };
    expect(manifest.stations.map((s) => s.id)).toContain('S1-CP1');
    expect(manifest.hosts).toEqual(['127.0.0.1', 'localhost']);
  });

  it('a profile-3 CSMS and fleet from the same directory: every station boots; a profile-2 fleet (password, no certificate) is refused with 403 and recorded', async () => {
    const out = join(dir, 'certs');
    const { child, match } = await startCli(
      ['csms', '--port', '0', '--db', ':memory:', '--no-desk', '--log-level', 'warn', '--security-profile', '3',
        '--tls-cert', join(out, 'csms.pem'), '--tls-key', join(out, 'csms.key'), '--tls-ca', join(out, 'ca.pem')],
      /OCPP at (wss:\/\/\S+\/ocpp)\//,
    );
    try {
      const ocppUrl = match[1]!;
      const fleet = await runCli(['fleet', '--url', ocppUrl, '--stations', '12', '--sites', '3', '--duration', '0s', '--ramp', '50', '--security-profile', '3', '--certs', out], 90_000);
      expect(fleet.stdout).toMatch(/all 12 booted after/);
      expect(fleet.code).toBe(0);
      const api = ocppUrl.replace(/^wss:/, 'https:').replace(/\/ocpp$/, '/api');
      const ca = readFileSync(join(out, 'ca.pem'), 'utf8');
      expect(await getJson(`${api}/health`, ca)).toMatchObject({ stations: 12, securityProfile: 3 });
      expect(await getJson(`${api}/security-events`, ca)).toEqual([]);
      // A fleet without the station certificates' directory: the CSMS refuses every station with 403.
      const noCert = await runCli(['fleet', '--url', ocppUrl, '--stations', '2', '--duration', '0s', '--boot-timeout', '2s', '--security-profile', '2', '--ca', join(out, 'ca.pem'), '--auth-secret', SECRET], 60_000);
      expect(noCert.code).toBe(1);
      // Said at once with the CSMS's own words: nothing connected, or the stations did not boot in time (the run
      // stops at the first station whose own boot time is up, so on a busy machine that may be one of the two).
      expect(noCert.stderr).toMatch(
        /(attempts were answered HTTP 403 \(HTTP 403 Forbidden\)|[12] of 2 stations did not boot within 2s of their start \(never connected: HTTP 403 Forbidden [12]\)|2 of 2 stations had not booted when 1 of them passed 2s from their start \(never connected: HTTP 403 Forbidden 2\))/,
      );
      const events = (await getJson(`${api}/security-events`, ca)) as { stationId: string; status: number; kind: string }[];
      expect(events.length).toBeGreaterThanOrEqual(2);
      expect(new Set(events.map((e) => `${e.stationId} ${e.status} ${e.kind}`))).toEqual(new Set(['S1-CP1 403 InvalidChargingStationCertificate', 'S1-CP2 403 InvalidChargingStationCertificate']));
    } finally {
      expect(await interrupt(child)).toBe(0);
    }
  });

  it('a profile-1 in-process run boots with derived passwords', async () => {
    const result = await runCli(['fleet', '--stations', '6', '--duration', '0s', '--protocol', 'mix', '--security-profile', '1', '--auth-secret', SECRET], 90_000);
    expect(result.stdout).toMatch(/all 6 booted after/);
    expect(result.code).toBe(0);
  });

  it.each([
    [['certs'], /--out is required/],
    [['certs', '--out', '<dir>', '--days', '0'], /--days must be a number greater than 0, got "0"/],
    [['certs', '--out', '<dir>', '--host', 'a b'], /--host entries must be host names or IP addresses, got "a b"/],
    [['csms', '--security-profile', '4'], /--security-profile must be one of 0, 1, 2, 3, got "4"/],
    [['csms', '--security-profile', '2', '--auth-secret', SECRET], /--security-profile 2 runs on TLS: give --tls-cert and --tls-key/],
    [['csms', '--security-profile', '1'], /profiles 1 and 2 check Basic auth passwords: give --auth-secret/],
    [['csms', '--security-profile', '1', '--auth-secret', 'short'], /--auth-secret \(or CHARGEDRILL_AUTH_SECRET\) must be at least 16 characters, got 5/],
    [['csms', '--security-profile', '3', '--tls-cert', '<dir>/nope.pem', '--tls-key', '<dir>/nope.key', '--tls-ca', '<dir>/nope.pem'], /--tls-cert \S+nope\.pem: file not found/],
    [['fleet', '--security-profile', '3', '--ca', '<dir>/ca.pem'], /--security-profile 3 needs --certs/],
    [['fleet', '--security-profile', '2', '--url', 'ws://127.0.0.1:1/ocpp', '--auth-secret', SECRET, '--ca', '<dir>/ca.pem'], /--security-profile 2 needs a wss:\/\/ --url/],
    [['fleet', '--certs', '<dir>'], /--certs needs --security-profile 1, 2 or 3/],
  ])('refuses bad security flags with exit 2: %j', async (args, message) => {
    const result = await runCli(args.map((a) => a.replace('<dir>', dir)));
    expect(result.stderr).toMatch(message);
    expect(result.code).toBe(2);
  });
});
