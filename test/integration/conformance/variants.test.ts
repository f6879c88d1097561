/**
 * Proof that the suite bites: the bundled CSMS behind a mutation proxy that breaks one rule, and for each such
 * "mutant" the exact set of cases that must FAIL (everything else still passes).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReferenceCsms } from '../../../harness/reference-csms.js';
import { startMutationProxy, type Rewrite } from '../../../harness/conformance/mutation-proxy.js';
import { casesOf } from '../../../harness/conformance/registry.js';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import { run, startBundled } from './fixture.js';

// A fresh CSMS per variant: a mutant can leave sessions open that the station cannot end (e.g. under ids it rewrote).
let bundled: ReferenceCsms;
beforeEach(async () => {
  bundled = await startBundled();
});
afterEach(async () => {
  await bundled.csms.close();
});

function rewriteJson(text: string, change: (frame: unknown[]) => void): string {
  const frame = JSON.parse(text) as unknown[];
  change(frame);
  return JSON.stringify(frame);
}

interface Variant {
  name: string;
  protocol: OcppProtocol;
  rewrite: Rewrite;
  failing: readonly string[];
  /** The rule every failing case must name. */
  rule: string;
}

const SECURITY_IDS = new Set(casesOf('ocpp2.0.1').concat(casesOf('ocpp1.6')).filter((c) => c.securityProfiles !== undefined).map((c) => c.id));

const V16_WITH_AUTHORIZE = [
  'TC_003_CSMS', 'TC_004_1_CSMS', 'TC_004_2_CSMS', 'TC_005_1_CSMS', 'TC_010_CSMS', 'TC_011_1_CSMS', 'TC_011_2_CSMS', 'TC_012_CSMS',
  'TC_018_1_CSMS', 'TC_023_1_CSMS', 'TC_023_2_CSMS', 'TC_023_3_CSMS', 'TC_024_CSMS', 'TC_028_CSMS', 'TC_046_CSMS', 'TC_053_CSMS',
];

const VARIANTS: readonly Variant[] = [
  {
    name: '1.6 CALLERROR spelled the 2.0.1 way (RpcFrameworkError instead of FormationViolation)',
    protocol: 'ocpp1.6',
    rewrite: (f) => (f.direction === 'csms->station' && f.frame?.[0] === 4 && f.frame[2] === 'FormationViolation' ? rewriteJson(f.text, (x) => (x[2] = 'RpcFrameworkError')) : f.text),
    failing: ['CD_RPC_01_CSMS_16'],
    rule: 'wrong-error-code',
  },
  {
    name: '2.0.1 CALLERROR spelled the 1.6 way (FormationViolation)',
    protocol: 'ocpp2.0.1',
    rewrite: (f) => (f.direction === 'csms->station' && f.frame?.[0] === 4 && f.frame[2] === 'MessageTypeNotSupported' ? rewriteJson(f.text, (x) => (x[2] = 'FormationViolation')) : f.text),
    failing: ['CD_RPC_01_CSMS_201'],
    rule: 'wrong-error-code',
  },
  {
    name: 'BootNotification answered without interval (every case boots)',
    protocol: 'ocpp2.0.1',
    rewrite: (f) => (f.direction === 'csms->station' && f.action === 'BootNotification' && f.frame?.[0] === 3 ? rewriteJson(f.text, (x) => delete (x[2] as Record<string, unknown>)['interval']) : f.text),
    failing: casesOf('ocpp2.0.1').filter((c) => c.securityProfiles === undefined).map((c) => c.id),
    rule: 'schema-invalid',
  },
  {
    name: '2.0.1 Reset requested but never sent',
    protocol: 'ocpp2.0.1',
    rewrite: (f) => (f.direction === 'csms->station' && f.action === 'Reset' && f.frame?.[0] === 2 ? null : f.text),
    failing: ['TC_B_20_CSMS', 'TC_B_21_CSMS', 'TC_B_22_CSMS', 'TC_B_25_CSMS', 'TC_B_26_CSMS', 'TC_B_27_CSMS'],
    rule: 'timeout',
  },
  {
    name: '1.6 Reset requested but never sent',
    protocol: 'ocpp1.6',
    rewrite: (f) => (f.direction === 'csms->station' && f.action === 'Reset' && f.frame?.[0] === 2 ? null : f.text),
    failing: ['TC_013_CSMS'],
    rule: 'timeout',
  },
  {
    name: '1.6 StartTransaction answers reuse one transactionId',
    protocol: 'ocpp1.6',
    rewrite: (f) => (f.direction === 'csms->station' && f.action === 'StartTransaction' && f.frame?.[0] === 3 ? rewriteJson(f.text, (x) => ((x[2] as Record<string, unknown>)['transactionId'] = 1)) : f.text),
    // The first case that starts a transaction gets id 1 legitimately; every later start sees it again.
    failing: ['TC_004_1_CSMS', 'TC_005_1_CSMS', 'TC_007_CSMS', 'TC_010_CSMS', 'TC_011_1_CSMS', 'TC_012_CSMS', 'TC_018_1_CSMS', 'TC_028_CSMS', 'TC_046_CSMS', 'TC_053_CSMS'],
    rule: 'wrong-value',
  },
  {
    name: '1.6 Authorize answered after the call timeout',
    protocol: 'ocpp1.6',
    rewrite: (f) => (f.direction === 'csms->station' && f.action === 'Authorize' && f.frame?.[0] === 3 ? { text: f.text, delayMs: 2_000 } : f.text),
    failing: V16_WITH_AUTHORIZE,
    rule: 'timeout',
  },
  {
    name: '2.0.1 Heartbeat CALLRESULT with a wrong message id',
    protocol: 'ocpp2.0.1',
    rewrite: (f) => (f.direction === 'csms->station' && f.action === 'Heartbeat' && f.frame?.[0] === 3 ? rewriteJson(f.text, (x) => (x[1] = `${String(x[1])}-x`)) : f.text),
    failing: ['TC_C_38_CSMS', 'TC_D_08_CSMS', 'TC_D_09_CSMS', 'TC_F_20_CSMS', 'TC_F_27_CSMS', 'TC_H_22_CSMS'],
    rule: 'wrong-message-id',
  },
  {
    name: '2.0.1 CSMS that accepts every token',
    protocol: 'ocpp2.0.1',
    rewrite: (f) =>
      f.direction === 'csms->station' && f.frame?.[0] === 3 && (f.frame[2] as Record<string, unknown>)['idTokenInfo'] !== undefined
        ? rewriteJson(f.text, (x) => ((x[2] as Record<string, Record<string, unknown>>)['idTokenInfo']!['status'] = 'Accepted'))
        : f.text,
    failing: ['TC_C_02_CSMS', 'TC_C_06_CSMS', 'TC_C_07_CSMS', 'TC_C_20_CSMS', 'TC_E_16_CSMS'],
    rule: 'wrong-status',
  },
  {
    name: '2.0.1 Reset OnIdle sent as Immediate',
    protocol: 'ocpp2.0.1',
    rewrite: (f) => (f.direction === 'csms->station' && f.action === 'Reset' && f.frame?.[0] === 2 ? f.text.replace('"OnIdle"', '"Immediate"') : f.text),
    failing: ['TC_B_20_CSMS', 'TC_B_21_CSMS', 'TC_B_25_CSMS', 'TC_B_26_CSMS'],
    rule: 'wrong-value',
  },
];

describe.each(VARIANTS)('a CSMS with a broken rule: $name', ({ protocol, rewrite, failing, rule }) => {
  it('FAILs exactly the cases that exercise the rule, naming it and the offending frame, and passes the rest', async () => {
    const proxy = await startMutationProxy({ upstream: bundled.csms.ocppUrl, rewrite });
    try {
      const result = await run(proxy.url, bundled.csms.url, protocol, undefined, 'S7-CP1');
      const failed = result.cases.filter((c) => c.verdict === 'FAIL');
      expect(failed.map((c) => c.id).sort()).toEqual([...failing].sort());
      // Security cases are NOT APPLICABLE at profile 0; their variants are in security.test.ts.
      const applicable = result.cases.filter((c) => c.verdict !== 'FAIL' && !SECURITY_IDS.has(c.id));
      expect(applicable.map((c) => `${c.id} ${c.verdict} ${c.reason}`).filter((l) => !l.includes(' PASS '))).toEqual([]);
      for (const c of failed) {
        expect(c.rule, `${c.id}: ${c.reason}`).toBe(rule);
        if (rule !== 'timeout') expect(c.frame, c.id).toEqual(expect.any(String));
      }
    } finally {
      await proxy.close();
    }
  }, 120_000);
});
