import { describe, expect, it } from 'vitest';
import { toMarkdown } from '../../../reports/markdown.js';
import { fixtureResult, NASTY } from './fixture.js';

describe('toMarkdown', () => {
  it('opens with the verdict and a totals line', () => {
    const lines = toMarkdown(fixtureResult()).split('\n');
    expect(lines[0]).toBe('### ❌ **chargedrill: scenarios failed**');
    expect(lines[2]).toBe('4 scenarios: 1 passed, 1 failed, 1 errored, 1 skipped · 3 of 8 expectations failed · 7.6s · chargedrill 0.1.0');
  });

  it('has one table row per scenario with its status emoji', () => {
    const md = toMarkdown(fixtureResult());
    expect(md).toContain('| ✅ | ground-failure-mid-session | scenarios/ground-failure-1.6.yaml | ocpp1.6 | 4/4 | 30m |');
    expect(md).toContain('| ❌ | heartbeat-loss-socket-open | scenarios/heartbeat-loss-1.6.yaml | ocpp1.6 | 1/4 | 15m |');
    expect(md).toContain('| 💥 | crash-loop-internal-error |');
    expect(md).toContain('| ⏭️ | site-uplink-outage |');
  });

  it('lists the failure messages with their source, the unexpected issue and the error', () => {
    const md = toMarkdown(fixtureResult());
    expect(md).toContain('- no-heartbeat on S1-CP2 expected within 30s, raised after 47.2s (scenarios/heartbeat-loss-1.6.yaml:14:5)');
    expect(md).toContain('- escalation expected to network-ops, went to tier-2 (scenarios/heartbeat-loss-1.6.yaml:20:5)');
    expect(md).toContain('- site-offline at site S1 expected within 2m, never raised');
    expect(md).toContain('- unexpected issue connector-faulted on S1-CP2 connector 2, raised at 6m40s');
    expect(md).toContain('- error: the CSMS closed the connection during boot: ECONNRESET');
    expect(md).not.toContain('Reset Soft');
  });

  it('says all passed and lists no failures when nothing failed', () => {
    const result = fixtureResult();
    result.scenarios = result.scenarios.slice(0, 1);
    result.summary = { scenarios: 1, passed: 1, failed: 0, errored: 0, skipped: 0, expectations: 4, failedExpectations: 0 };
    const md = toMarkdown(result);
    expect(md.startsWith('### ✅ **chargedrill: all scenarios passed**')).toBe(true);
    expect(md).not.toContain('Failures');
  });

  it('keeps the table intact and markup inert when a name holds pipes, markup and line breaks', () => {
    const result = fixtureResult();
    const failed = result.scenarios[1];
    if (!failed) throw new Error('fixture changed');
    failed.name = `a|b\n${NASTY}`;
    const md = toMarkdown(result);
    const row = md.split('\n').find((line) => line.startsWith('| ❌'));
    expect(row?.split(/(?<!\\)\|/)).toHaveLength(8);
    expect(md).not.toContain('<script>');
    expect(md).toContain('\\<script\\>');
  });
});
