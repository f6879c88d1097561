import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceCsms } from '../../../harness/reference-csms.js';
import { casesOf } from '../../../harness/conformance/registry.js';
import { CORE_ONLY } from '../../../harness/conformance/input-files.js';
import { PROTOCOLS } from '../../../simulator/protocol/versions.js';
import { failing, run, startBundled } from './fixture.js';

let bundled: ReferenceCsms;
beforeAll(async () => {
  bundled = await startBundled();
});
afterAll(async () => {
  await bundled.csms.close();
});

describe.each(PROTOCOLS)('the conformance suite against the bundled CSMS (%s)', (protocol) => {
  it('passes every case when every feature is declared', async () => {
    const result = await run(bundled.csms.ocppUrl, bundled.csms.url, protocol);
    // The security cases need a security profile (test/integration/conformance/security.test.ts); this run is profile 0.
    const security = casesOf(protocol).filter((c) => c.securityProfiles !== undefined).map((c) => c.id);
    const reasons = result.cases.filter((c) => c.verdict !== 'PASS' && !security.includes(c.id)).map((c) => `${c.id} ${c.verdict}: ${c.reason}`);
    expect(reasons).toEqual([]);
    expect(result.summary.PASS).toBe(casesOf(protocol).length - security.length);
    expect(result.cases.filter((c) => security.includes(c.id)).map((c) => c.verdict)).toEqual(security.map(() => 'NOT APPLICABLE'));
  }, 120_000);

  it('marks the cases of undeclared features NOT APPLICABLE and runs no frame for them', async () => {
    const result = await run(bundled.csms.ocppUrl, bundled.csms.url, protocol, CORE_ONLY, 'S1-CP2');
    const notApplicable = result.cases.filter((c) => c.verdict === 'NOT APPLICABLE');
    expect(notApplicable.map((c) => c.id)).toEqual(casesOf(protocol).filter((c) => c.feature !== 'Core').map((c) => c.id));
    expect(notApplicable.every((c) => c.frames.length === 0)).toBe(true);
    expect(failing(result)).toEqual([]);
  }, 120_000);
});
