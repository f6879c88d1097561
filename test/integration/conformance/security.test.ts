/**
 * Block A against the bundled CSMS on real TLS on loopback: every security case PASSes at the profile it is about,
 * and broken variants (a CSMS that does not check the password, one that checks only the username, one whose
 * certificate a foreign CA signed) FAIL exactly the cases that exercise the broken rule.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMutationProxy } from '../../../harness/conformance/mutation-proxy.js';
import { casesOf } from '../../../harness/conformance/registry.js';
import type { ConformanceRun } from '../../../harness/conformance/runner.js';
import type { ConformanceSecurity } from '../../../harness/conformance/security.js';
import type { CsmsSecurityOptions } from '../../../harness/csms/security/options.js';
import { generateCertificates, writeCertificates, type GeneratedCertificates } from '../../../harness/security/certs.js';
import { stationPassword, type SecurityProfile } from '../../../simulator/security/credentials.js';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import { ALL_FEATURES, run, startBundled } from './fixture.js';

const SECRET = 'conformance-security-secret';
const ID = 'S1-CP1';
const DECLARED = { ...ALL_FEATURES, securityProfiles: new Set<SecurityProfile>([1, 2, 3]) };
const SECURITY_IDS = (protocol: OcppProtocol) => casesOf(protocol).filter((c) => c.securityProfiles !== undefined).map((c) => c.id);

let dir: string;
let ours: GeneratedCertificates;
let foreign: GeneratedCertificates;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chargedrill-conf-certs-'));
  const options = { stationIds: [ID], hosts: ['127.0.0.1', 'localhost'], days: 1, operator: 'chargedrill-test' };
  ours = await generateCertificates(options);
  await writeCertificates(dir, ours, options);
  foreign = await generateCertificates({ ...options, operator: 'someone-else' });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function csmsSecurity(profile: SecurityProfile, certs: GeneratedCertificates = ours): CsmsSecurityOptions {
  return {
    profile,
    ...(profile >= 1 && profile <= 2 && { authSecret: SECRET }),
    ...(profile >= 2 && { tls: { cert: certs.csms.cert, key: certs.csms.key, ca: ours.ca.cert } }),
  };
}

function stationSecurity(profile: SecurityProfile, protocol: OcppProtocol): ConformanceSecurity {
  const pair = ours.stations.get(ID)!;
  return {
    profile,
    ...(profile >= 1 && profile <= 2 && { password: Buffer.from(stationPassword(SECRET, ID, protocol)) }),
    ...(profile >= 2 && { ca: ours.ca.cert }),
    ...(profile === 3 && { cert: pair.cert, key: pair.key }),
  };
}

async function runAgainst(url: string, apiUrl: string, protocol: OcppProtocol, profile: SecurityProfile, caseIds = SECURITY_IDS(protocol)): Promise<ConformanceRun> {
  return run(url, apiUrl, protocol, DECLARED, ID, { security: stationSecurity(profile, protocol), caseIds });
}

const verdicts = (result: ConformanceRun, verdict: string) => result.cases.filter((c) => c.verdict === verdict).map((c) => c.id);

const EXPECTED_PASS: Record<OcppProtocol, Record<1 | 2 | 3, string[]>> = {
  'ocpp2.0.1': {
    1: ['TC_A_01_CSMS', 'TC_A_02_CSMS', 'TC_A_03_CSMS'],
    2: ['TC_A_01_CSMS', 'TC_A_02_CSMS', 'TC_A_03_CSMS', 'TC_A_04_CSMS'],
    3: ['TC_A_04_CSMS', 'TC_A_07_CSMS', 'TC_A_08_CSMS'],
  },
  'ocpp1.6': { 1: ['TC_085_CSMS'], 2: ['TC_085_CSMS', 'TC_086_CSMS'], 3: ['TC_086_CSMS'] },
};

describe.each(['ocpp2.0.1', 'ocpp1.6'] as const)('security cases against the bundled CSMS (%s)', (protocol) => {
  it.each([1, 2, 3] as const)('profile %i: every case about it PASSes, the others are NOT APPLICABLE, and an ordinary case runs on the same credentials', async (profile) => {
    const bundled = await startBundled({ security: csmsSecurity(profile) });
    try {
      const ordinary = protocol === 'ocpp1.6' ? 'TC_001_CSMS' : 'TC_B_01_CSMS';
      const result = await runAgainst(bundled.csms.ocppUrl, bundled.csms.url, protocol, profile, [...SECURITY_IDS(protocol), ordinary]);
      expect(result.cases.filter((c) => c.verdict !== 'PASS' && c.verdict !== 'NOT APPLICABLE').map((c) => `${c.id}: ${c.reason}`)).toEqual([]);
      expect(verdicts(result, 'PASS').sort()).toEqual([...EXPECTED_PASS[protocol][profile], ordinary].sort());
      for (const c of result.cases.filter((r) => r.verdict === 'NOT APPLICABLE')) expect(c.reason).toContain(`this run connects with profile ${profile}`);
      // The refusals the cases provoked are the CSMS's own security events.
      const refused = bundled.csms.securityEvents.list({ stationId: ID }).filter((e) => e.source === 'csms');
      const refusals = EXPECTED_PASS[protocol][profile].filter((id) => ['TC_A_02_CSMS', 'TC_A_03_CSMS', 'TC_A_08_CSMS'].includes(id)).length;
      expect(refused.length).toBe(refusals);
    } finally {
      await bundled.csms.close();
    }
  }, 60_000);
});

it('a profile the features file does not declare makes its cases NOT APPLICABLE without a frame', async () => {
  const bundled = await startBundled({ security: csmsSecurity(1) });
  try {
    const result = await run(bundled.csms.ocppUrl, bundled.csms.url, 'ocpp2.0.1', { ...ALL_FEATURES, securityProfiles: new Set<SecurityProfile>([2, 3]) }, ID, {
      security: stationSecurity(1, 'ocpp2.0.1'),
      caseIds: SECURITY_IDS('ocpp2.0.1'),
    });
    expect(verdicts(result, 'NOT APPLICABLE')).toEqual(SECURITY_IDS('ocpp2.0.1'));
    expect(result.cases.find((c) => c.id === 'TC_A_01_CSMS')?.reason).toBe('security profile 1 is not declared (features file: security: [...])');
    expect(result.cases.every((c) => c.frames.length === 0)).toBe(true);
  } finally {
    await bundled.csms.close();
  }
}, 60_000);

describe('broken variants', () => {
  function expectFailures(result: ConformanceRun, failing: string[], rule: string): void {
    const failed = result.cases.filter((c) => c.verdict === 'FAIL');
    expect(failed.map((c) => c.id).sort()).toEqual([...failing].sort());
    for (const c of failed) expect(c.rule, `${c.id}: ${c.reason}`).toBe(rule);
    expect(result.cases.filter((c) => c.verdict !== 'FAIL' && c.verdict !== 'PASS' && c.verdict !== 'NOT APPLICABLE').map((c) => `${c.id}: ${c.reason}`)).toEqual([]);
  }

  it('a CSMS that checks no Basic auth at all (profile 0 behind a profile-1 URL) FAILs TC_A_02 and TC_A_03', async () => {
    const bundled = await startBundled();
    try {
      const result = await runAgainst(bundled.csms.ocppUrl, bundled.csms.url, 'ocpp2.0.1', 1);
      expectFailures(result, ['TC_A_02_CSMS', 'TC_A_03_CSMS'], 'connection-accepted');
      expect(result.cases.find((c) => c.id === 'TC_A_03_CSMS')?.reason).toBe('connection-accepted: the CSMS upgraded the connection of a wrong password; it must refuse it');
    } finally {
      await bundled.csms.close();
    }
  }, 60_000);

  it('a CSMS that checks the username but accepts any password FAILs only TC_A_03', async () => {
    const bundled = await startBundled();
    const proxy = await startMutationProxy({
      upstream: bundled.csms.ocppUrl,
      rewrite: (f) => f.text,
      checkUpgrade: ({ identity, authorization }) => {
        const user = Buffer.from((authorization ?? '').replace(/^Basic /, ''), 'base64').toString('latin1').split(':')[0];
        return user === identity ? undefined : 401;
      },
    });
    try {
      expectFailures(await runAgainst(proxy.url, bundled.csms.url, 'ocpp2.0.1', 1), ['TC_A_03_CSMS'], 'connection-accepted');
      expectFailures(await runAgainst(proxy.url, bundled.csms.url, 'ocpp1.6', 1), [], 'connection-accepted');
    } finally {
      await proxy.close();
      await bundled.csms.close();
    }
  }, 60_000);

  it('a profile-3 CSMS that accepts any client certificate (a TLS proxy that does not verify it) FAILs only TC_A_08', async () => {
    const bundled = await startBundled();
    const proxy = await startMutationProxy({ upstream: bundled.csms.ocppUrl, rewrite: (f) => f.text, tls: ours.csms });
    try {
      const result = await runAgainst(proxy.url, bundled.csms.url, 'ocpp2.0.1', 3);
      expectFailures(result, ['TC_A_08_CSMS'], 'connection-accepted');
      expect(verdicts(result, 'PASS').sort()).toEqual(['TC_A_04_CSMS', 'TC_A_07_CSMS']);
    } finally {
      await proxy.close();
      await bundled.csms.close();
    }
  }, 60_000);

  it.each([
    { protocol: 'ocpp2.0.1' as const, profile: 2 as const, failing: ['TC_A_01_CSMS', 'TC_A_02_CSMS', 'TC_A_03_CSMS', 'TC_A_04_CSMS'] },
    { protocol: 'ocpp2.0.1' as const, profile: 3 as const, failing: ['TC_A_04_CSMS', 'TC_A_07_CSMS', 'TC_A_08_CSMS'] },
    { protocol: 'ocpp1.6' as const, profile: 2 as const, failing: ['TC_085_CSMS', 'TC_086_CSMS'] },
  ])('a TLS CSMS whose certificate a foreign CA signed: $protocol profile $profile FAILs $failing', async ({ protocol, profile, failing }) => {
    const bundled = await startBundled({ security: csmsSecurity(profile, foreign) });
    try {
      const result = await runAgainst(bundled.csms.ocppUrl, bundled.csms.url, protocol, profile);
      expectFailures(result, failing, 'invalid-server-certificate');
      expect(result.cases.find((c) => c.id === failing[0])?.reason).toMatch(/^invalid-server-certificate: the CSMS's TLS certificate does not verify against the CA given with --ca: .*(UNABLE_TO_VERIFY|SELF_SIGNED|unable to verify)/);
    } finally {
      await bundled.csms.close();
    }
  }, 60_000);
});
