/** INCONCLUSIVE vs FAIL: a state the CSMS refuses is not a broken rule, but a wrong answer in the case itself is. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundledAdapter } from '../../../harness/conformance/adapters.js';
import { runConformance } from '../../../harness/conformance/runner.js';
import { startReferenceCsms, type ReferenceCsms } from '../../../harness/reference-csms.js';
import { ALL_FEATURES } from './fixture.js';

let pending: ReferenceCsms;
beforeAll(async () => {
  pending = await startReferenceCsms({ desk: false, bootStatus: 'Pending' });
});
afterAll(async () => {
  await pending.csms.close();
});

it('against a CSMS that answers every boot Pending: the boot case FAILs on the status, the others are INCONCLUSIVE', async () => {
  const result = await runConformance({
    csmsUrl: pending.csms.ocppUrl, protocol: 'ocpp2.0.1', stationId: 'S5-CP1', adapter: bundledAdapter(pending.csms.url), declared: ALL_FEATURES,
    caseIds: ['TC_B_01_CSMS', 'TC_B_06_CSMS', 'TC_C_02_CSMS'], callTimeoutMs: 1_500, connectTimeoutMs: 2_000,
  });
  expect(result.cases.map((c) => [c.id, c.verdict, c.reason])).toEqual([
    ['TC_B_01_CSMS', 'FAIL', 'wrong-status: BootNotificationResponse status is "Pending", expected "Accepted"'],
    ['TC_B_06_CSMS', 'INCONCLUSIVE', 'precondition Booted not reached: BootNotification answered Pending'],
    ['TC_C_02_CSMS', 'INCONCLUSIVE', 'precondition Booted not reached: BootNotification answered Pending'],
  ]);
  expect(result.cases[0]!.frame).toMatch(/^\[3,".+",\{.*"status":"Pending"/);
  expect(result.summary).toMatchObject({ cases: 3, FAIL: 1, INCONCLUSIVE: 2, PASS: 0 });
}, 30_000);
