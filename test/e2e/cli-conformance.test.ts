/** `chargedrill conformance` as a user runs it (the built binary) against the bundled CSMS started here. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceCsms, type ReferenceCsms } from '../../harness/reference-csms.js';
import { runCli } from './cli-helpers.js';

let bundled: ReferenceCsms;
const dir = mkdtempSync(join(tmpdir(), 'cd-conformance-cli-'));
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
