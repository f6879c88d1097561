/** `chargedrill conformance` as a user runs it (the built binary) against the bundled CSMS started here. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceCsms, type ReferenceCsms } from '../../harness/reference-csms.js';
import { generateCertificates, writeCertificates } from '../../harness/security/certs.js';
import { tempDir } from '../support/temp-dir.js';
import { runCli } from './cli-helpers.js';

let bundled: ReferenceCsms;
const dir = tempDir('cd-conformance-cli-');
beforeAll(async () => {
  bundled = await startReferenceCsms({ desk: false });
});
afterAll(async () => {
  await bundled.csms.close();
});

describe('chargedrill conformance', () => {
  it('runs the chosen cases, prints a line each and the totals, writes the four reports and exits 0', async () => {
    const out = join(dir, 'run');
    const result = await runCli(['conformance', '--csms-url', bundled.csms.ocppUrl, '--api-url', bundled.csms.url, '--protocol', 'ocpp2.0.1',
      '--case', 'TC_B_01_CSMS', '--case', 'TC_B_20_CSMS', '--case', 'TC_H_01_CSMS', '--station-id', 'S4-CP1', '--call-timeout', '3s', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^PASS +TC_B_01_CSMS +Cold Boot Charging Station - Accepted$/m);
    expect(result.stdout).toMatch(/^PASS +TC_B_20_CSMS /m);
    expect(result.stdout).toMatch(/^NOT APPLICABLE TC_H_01_CSMS .*feature Reservation is not declared$/m);
    expect(result.stdout).toContain('3 cases: 2 PASS, 0 FAIL, 0 INCONCLUSIVE, 1 NOT APPLICABLE');
    expect(result.code).toBe(0);
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(junit).toContain('<testcase name="TC_B_01_CSMS Cold Boot Charging Station - Accepted" classname="conformance.ocpp2.0.1.B"');
    expect(junit).toContain('<skipped message="feature Reservation is not declared"/>');
    const json = JSON.parse(readFileSync(join(out, 'conformance.json'), 'utf8')) as { summary: { PASS: number }; cases: { frames: unknown[] }[] };
    expect(json.summary.PASS).toBe(2);
    expect(json.cases[0]!.frames.length).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('| TC_B_20_CSMS | Reset Charging Station - Without ongoing transaction - OnIdle | PASS |');
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  }, 60_000);

  it('exits 1 with the reason when a case cannot be completed (no adapter for a manual action)', async () => {
    const result = await runCli(['conformance', '--csms-url', bundled.csms.ocppUrl, '--protocol', 'ocpp1.6', '--case', 'TC_061_CSMS', '--station-id', 'S4-CP2', '--call-timeout', '1s', '--out', join(dir, 'noadapter')]);
    expect(result.stdout).toMatch(/^INCONCLUSIVE +TC_061_CSMS .*no adapter: give --api-url/m);
    expect(result.code).toBe(1);
  }, 60_000);

  it('says in one line within seconds that an unreachable CSMS cannot be reached, exit 1', async () => {
    const started = Date.now();
    const result = await runCli(['conformance', '--csms-url', 'ws://127.0.0.1:1/ocpp', '--protocol', 'ocpp1.6', '--out', join(dir, 'unreachable')]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^chargedrill: cannot connect to ws:\/\/127\.0\.0\.1:1\/ocpp\/CDCONF-CP1: /);
    expect(Date.now() - started).toBeLessThan(8_000);
  }, 30_000);

  it('--list prints the cases of the protocol with their feature and title, and runs nothing', async () => {
    const result = await runCli(['conformance', '--protocol', 'ocpp1.6', '--list']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^TC_001_CSMS +Core +Cold Boot Charge Point$/m);
    expect(result.stdout).toMatch(/^TC_046_CSMS +Reservation +Reservation of a Connector - Transaction$/m);
    expect(result.stdout).not.toContain('TC_B_01_CSMS');
  }, 30_000);

  it('runs the security cases at --security-profile 2 over TLS with --ca and --auth-secret, the others NOT APPLICABLE', async () => {
    const certs = join(dir, 'certs');
    const options = { stationIds: ['S4-CP3'], hosts: ['127.0.0.1'], days: 1, operator: 'chargedrill-test' };
    const generated = await generateCertificates(options);
    await writeCertificates(certs, generated, options);
    const secret = 'e2e-conformance-secret';
    const tls = await startReferenceCsms({ desk: false, security: { profile: 2, authSecret: secret, tls: { cert: generated.csms.cert, key: generated.csms.key } } });
    try {
      const features = join(dir, 'security.yaml');
      writeFileSync(features, 'features: []\nsecurity: [1, 2]\n');
      const cases = ['TC_A_01_CSMS', 'TC_A_02_CSMS', 'TC_A_03_CSMS', 'TC_A_04_CSMS', 'TC_A_07_CSMS'].flatMap((id) => ['--case', id]);
      const result = await runCli(['conformance', '--csms-url', tls.csms.ocppUrl, '--protocol', 'ocpp2.0.1', '--station-id', 'S4-CP3', ...cases,
        '--security-profile', '2', '--ca', join(certs, 'ca.pem'), '--auth-secret', secret, '--features', features, '--out', join(dir, 'security')]);
      expect(result.stdout).toMatch(/^PASS +TC_A_03_CSMS +Basic Authentication - Invalid password$/m);
      expect(result.stdout).toMatch(/^NOT APPLICABLE TC_A_07_CSMS .*about security profile 3; this run connects with profile 2/m);
      expect(result.stdout).toContain('5 cases: 4 PASS, 0 FAIL, 0 INCONCLUSIVE, 1 NOT APPLICABLE');
      expect(result.code).toBe(0);
    } finally {
      await tls.csms.close();
    }
  }, 60_000);

  it('refuses security flags that do not fit the profile or the URL, exit 2', async () => {
    const wsForTls = await runCli(['conformance', '--csms-url', 'ws://127.0.0.1:1/ocpp', '--protocol', 'ocpp2.0.1', '--security-profile', '2', '--ca', 'x.pem', '--password', 'abcdefghijklmnop']);
    expect(wsForTls.code).toBe(2);
    expect(wsForTls.stderr).toContain('--security-profile 2 runs on TLS: --csms-url must be wss://, got ws://127.0.0.1:1/ocpp');
    const noCert = await runCli(['conformance', '--csms-url', 'wss://127.0.0.1:1/ocpp', '--protocol', 'ocpp2.0.1', '--security-profile', '3', '--ca', join(dir, 'certs', 'ca.pem')]);
    expect(noCert.code).toBe(2);
    expect(noCert.stderr).toContain('--security-profile 3 presents a client certificate: give --cert and --key');
    const misplaced = await runCli(['conformance', '--csms-url', 'ws://127.0.0.1:1/ocpp', '--protocol', 'ocpp1.6', '--password', 'abcdefghijklmnop']);
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toContain('--password does not apply to --security-profile 0');
    const short = await runCli(['conformance', '--csms-url', 'ws://127.0.0.1:1/ocpp', '--protocol', 'ocpp2.0.1', '--security-profile', '1', '--password', 'short']);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('--password must be 16 to 40 characters long, got 5');
  }, 60_000);

  it('refuses bad input with exit 2, naming what is allowed', async () => {
    const unknownCase = await runCli(['conformance', '--csms-url', 'ws://127.0.0.1:1/ocpp', '--protocol', 'ocpp1.6', '--case', 'TC_B_01_CSMS']);
    expect(unknownCase.code).toBe(2);
    expect(unknownCase.stderr).toMatch(/--case TC_B_01_CSMS is not a ocpp1\.6 case; allowed: TC_001_CSMS, TC_003_CSMS/);
    const badProtocol = await runCli(['conformance', '--csms-url', 'ws://127.0.0.1:1/ocpp', '--protocol', 'ocpp2.1']);
    expect(badProtocol.code).toBe(2);
    expect(badProtocol.stderr).toContain('--protocol must be one of ocpp1.6, ocpp2.0.1, got "ocpp2.1"');
    const features = join(dir, 'features.yaml');
    writeFileSync(features, 'features:\n  - Teleport\n');
    const badFeatures = await runCli(['conformance', '--csms-url', 'ws://127.0.0.1:1/ocpp', '--protocol', 'ocpp1.6', '--features', features]);
    expect(badFeatures.code).toBe(2);
    expect(badFeatures.stderr).toContain(`${features}:2:5: /features/0: unknown feature "Teleport" (allowed: Core, LocalAuthListManagement, Reservation, SmartCharging, RemoteTrigger)`);
    const badFlag = await runCli(['conformance', '--csms', 'x']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('allowed for conformance: --csms-url, --protocol');
  }, 60_000);
});
