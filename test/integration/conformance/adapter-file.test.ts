/** The adapter file example of docs/conformance.md drives the bundled CSMS: cases using its actions PASS. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fileAdapter } from '../../../harness/conformance/adapters.js';
import { loadAdapterFile } from '../../../harness/conformance/input-files.js';
import { runConformance } from '../../../harness/conformance/runner.js';
import type { ReferenceCsms } from '../../../harness/reference-csms.js';
import { tempDir } from '../../support/temp-dir.js';
import { ALL_FEATURES, startBundled } from './fixture.js';

const tmp = tempDir('cd-adapter-');

let bundled: ReferenceCsms;
beforeAll(async () => {
  bundled = await startBundled();
  process.env['CSMS_API'] = bundled.csms.url;
});
afterAll(async () => {
  delete process.env['CSMS_API'];
  await bundled.csms.close();
});

function docExample(): string {
  const doc = readFileSync(new URL('../../../docs/conformance.md', import.meta.url), 'utf8');
  const block = /<!-- adapter-example:start -->\s*```yaml\n([\s\S]*?)```\s*<!-- adapter-example:end -->/.exec(doc);
  expect(block).not.toBeNull();
  return block![1]!;
}

it('passes the cases whose manual actions the documented adapter file covers, and is INCONCLUSIVE for one it does not', async () => {
  const path = join(tmp, 'adapter.yaml');
  writeFileSync(path, docExample());
  const adapter = fileAdapter(loadAdapterFile(path));
  const result = await runConformance({
    csmsUrl: bundled.csms.ocppUrl, protocol: 'ocpp2.0.1', stationId: 'S3-CP1', adapter, declared: ALL_FEATURES,
    caseIds: ['TC_B_20_CSMS', 'TC_B_25_CSMS', 'TC_F_06_CSMS', 'TC_C_37_CSMS', 'TC_G_03_CSMS'],
    callTimeoutMs: 1_500, connectTimeoutMs: 2_000,
  });
  expect(result.cases.map((c) => [c.id, c.verdict]), JSON.stringify(result.cases.map((c) => c.reason))).toEqual([
    ['TC_B_20_CSMS', 'PASS'], ['TC_B_25_CSMS', 'PASS'], ['TC_C_37_CSMS', 'PASS'], ['TC_F_06_CSMS', 'PASS'], ['TC_G_03_CSMS', 'INCONCLUSIVE'],
  ]);
  expect(result.cases.at(-1)?.reason).toContain('no template for ChangeAvailability');
}, 60_000);
