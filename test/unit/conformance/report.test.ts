import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { promptAdapter } from '../../../harness/conformance/adapters.js';
import { conformanceHtml, conformanceJunit, conformanceMarkdown } from '../../../harness/conformance/report.js';
import type { ConformanceRun } from '../../../harness/conformance/runner.js';
import type { CaseResult } from '../../../harness/conformance/types.js';

const base = { protocol: 'ocpp2.0.1' as const, block: 'B', feature: 'Core' as const, durationMs: 12, frames: [] };
const cases: CaseResult[] = [
  { ...base, id: 'TC_B_01_CSMS', title: 'Cold Boot Charging Station - Accepted', verdict: 'PASS', reason: '' },
  { ...base, id: 'TC_B_20_CSMS', title: 'Reset <OnIdle>', verdict: 'FAIL', reason: 'wrong-value: ResetRequest type is "Immediate"', rule: 'wrong-value', frame: '[2,"a","Reset",{"type":"<script>"}]' },
  { ...base, id: 'TC_H_01_CSMS', title: 'Reserve', feature: 'Reservation', verdict: 'NOT APPLICABLE', reason: 'feature Reservation is not declared' },
  { ...base, id: 'TC_C_37_CSMS', title: 'Clear cache | Accepted', verdict: 'INCONCLUSIVE', reason: 'no adapter' },
];
const run: ConformanceRun = {
  protocol: 'ocpp2.0.1', csmsUrl: 'ws://x/ocpp', stationId: 'CP1', adapter: 'bundled', features: ['Core'], startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1500,
  summary: { cases: 4, PASS: 1, FAIL: 1, INCONCLUSIVE: 1, 'NOT APPLICABLE': 1 }, cases,
};

describe('the conformance reports', () => {
  it('JUnit: a testcase per case named id + title; FAIL is a failure with the rule and frame, INCONCLUSIVE an error, NOT APPLICABLE skipped', () => {
    const xml = conformanceJunit(run);
    expect(xml).toContain('tests="4" failures="1" errors="1" skipped="1"');
    expect(xml).toContain('<testcase name="TC_B_01_CSMS Cold Boot Charging Station - Accepted" classname="conformance.ocpp2.0.1.B" time="0.012"/>');
    expect(xml).toContain('<testcase name="TC_B_20_CSMS Reset &lt;OnIdle&gt;"');
    expect(xml).toContain('<failure message="wrong-value: ResetRequest type is &quot;Immediate&quot;" type="wrong-value">offending frame: [2,"a","Reset",{"type":"&lt;script&gt;"}]</failure>');
    expect(xml).toContain('<error message="no adapter" type="inconclusive">no adapter</error>');
    expect(xml).toContain('<skipped message="feature Reservation is not declared"/>');
  });

  it('Markdown escapes table pipes and lists offending frames; HTML escapes CSMS text', () => {
    const md = conformanceMarkdown(run);
    expect(md).toContain('| TC_C_37_CSMS | Clear cache \\| Accepted | INCONCLUSIVE | no adapter |');
    expect(md).toContain('- TC_B_20_CSMS: `[2,"a","Reset",{"type":"<script>"}]`');
    const page = conformanceHtml(run);
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;');
    expect(page).toContain('<td class="fail">FAIL</td>');
  });
});

describe('the prompt adapter', () => {
  const request = { stationId: 'CP1', protocol: 'ocpp1.6' as const, action: 'Reset', payload: { type: 'Hard' }, instruction: 'request the CSMS to hard reset the Charge Point' };

  it('prints the instruction and the expected request, and is done when Enter is pressed', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const done = promptAdapter(5_000, input, output).perform(request);
    input.write('\n');
    expect(await done).toEqual({ done: true });
    expect(printed).toContain('Manual action (CP1): request the CSMS to hard reset the Charge Point');
    expect(printed).toContain('Expected: the CSMS sends Reset {"type":"Hard"}');
  });

  it('gives up after its timeout, saying so', async () => {
    const outcome = await promptAdapter(50, new PassThrough(), new PassThrough()).perform(request);
    expect(outcome).toEqual({ done: false, reason: 'no confirmation within 0 s' });
  });
});
