import { describe, expect, it } from 'vitest';
import { MAX_SUMMARY_BYTES, toMarkdown } from '../../../reports/markdown.js';
import type { RunResult, ScenarioResult } from '../../../reports/result.js';
import { fixtureResult, NASTY } from './fixture.js';

describe('toMarkdown', () => {
  it('opens with the verdict and a totals line', () => {
    const lines = toMarkdown(fixtureResult()).split('\n');
    expect(lines[0]).toBe('### ❌ **chargedrill: scenarios failed**');
    expect(lines[2]).toBe('4 scenarios: 1 passed, 1 failed, 1 errored, 1 skipped · 3 of 8 expectations failed · 7.6s · chargedrill 0.1.0');
  });

  it('has one table row per scenario with its status emoji and one line on what it checks', () => {
    const md = toMarkdown(fixtureResult());
    expect(md).toContain(
      '| ✅ | ground-failure-mid-session | A GroundFailure during a session is a safety fault; the desk must dispatch field engineering at once and must not reset. | scenarios/ground-failure-1.6.yaml | ocpp1.6 | 4/4 | 30m |',
    );
    expect(md).toContain(
      '| ❌ | heartbeat-loss-socket-open | Heartbeats stop while the WebSocket stays open; the desk must notice within 30s and try a soft reset first. | scenarios/heartbeat-loss-1.6.yaml | ocpp1.6 | 1/4 | 15m |',
    );
    expect(md).toContain('| 💥 | crash-loop-internal-error |');
    expect(md).toContain('| ⏭️ | site-uplink-outage |');
  });

  it('cuts a long summary to one line at a word, with an ellipsis', () => {
    const result = fixtureResult();
    const passed = result.scenarios[0];
    if (!passed) throw new Error('fixture changed');
    passed.summary = `Half of a site goes dark at once;\n${'the uplink comes back later and '.repeat(8)}end`;
    const row = toMarkdown(result).split('\n').find((line) => line.startsWith('| ✅'));
    const checks = row?.split(' | ')[2] ?? '';
    expect(checks.startsWith('Half of a site goes dark at once; the uplink comes back later')).toBe(true);
    expect(checks.endsWith('…')).toBe(true);
    expect(checks.length).toBeLessThanOrEqual(160);
    expect(checks).not.toMatch(/ …$/);
  });

  it('lists the failure messages with their source, the unexpected issue and the error', () => {
    const md = toMarkdown(fixtureResult());
    expect(md).toContain('- no-heartbeat on S1-CP2 expected within 30s, raised after 47.2s (scenarios/heartbeat-loss-1.6.yaml:14:5)');
    expect(md).toContain('- escalation expected to network-ops, went to tier-2 (scenarios/heartbeat-loss-1.6.yaml:20:5)');
    expect(md).toContain('- site-offline at site S1 expected within 2m, never raised');
    expect(md).toContain('- site-offline at site S1 expected within 2m, never raised (scenarios/heartbeat-loss-1.6.yaml:23:5)');
    expect(md).toContain('- unexpected issue connector-faulted on S1-CP2 connector 2, raised at 6m40s (scenarios/heartbeat-loss-1.6.yaml)');
    expect(md).toContain('- error: the CSMS closed the connection during boot: ECONNRESET (scenarios/crash-loop-2.0.1.yaml)');
    expect(md).not.toContain('Reset Soft');
  });

  it('says all passed and lists no failures when nothing failed', () => {
    const result = fixtureResult();
    result.scenarios = result.scenarios.slice(0, 1);
    result.summary = { scenarios: 1, passed: 1, failed: 0, errored: 0, skipped: 0, expectations: 4, failedExpectations: 0 };
    const md = toMarkdown(result);
    expect(md.startsWith('### ✅ **chargedrill: all scenarios passed**')).toBe(true);
    expect(md).not.toContain('Failures');
    expect(md.split('\n')[2]).toMatch(/^1 scenario: 1 passed · /);
  });

  it('keeps the table intact and markup inert when a name holds pipes, markup and line breaks', () => {
    const result = fixtureResult();
    const failed = result.scenarios[1];
    if (!failed) throw new Error('fixture changed');
    failed.name = `a|b\n${NASTY}`;
    const md = toMarkdown(result);
    const row = md.split('\n').find((line) => line.startsWith('| ❌'));
    expect(row?.split(/(?<!\\)\|/)).toHaveLength(9);
    expect(md).not.toContain('<script>');
    expect(md).toContain('\\<script\\>');
  });

  it(`stays within ${MAX_SUMMARY_BYTES / 1024} KiB for a huge run, failures first, and counts what it left out`, () => {
    const result = bigRun(3_000);
    const whole = toMarkdown(result, Number.MAX_SAFE_INTEGER);
    expect(Buffer.byteLength(whole)).toBeGreaterThan(4 * MAX_SUMMARY_BYTES);
    const md = toMarkdown(result);
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES);
    expect(Buffer.byteLength(md)).toBeGreaterThan(MAX_SUMMARY_BYTES - 4_096);
    const lines = md.split('\n');
    const rows = lines.filter((line) => /^\| (✅|❌) \| scenario-/.test(line)).length;
    const failing = lines.filter((line) => /^\*\*❌ scenario-/.test(line)).length;
    const moreRows = Number(/^\| \| … (\d+) more scenarios in report\.html \|/m.exec(md)?.[1]);
    const moreFailing = Number(/^… (\d+) more failing scenarios in report\.html$/m.exec(md)?.[1]);
    expect(rows + moreRows).toBe(3_000);
    expect(failing + moreFailing).toBe(1_500);
    // failures come first: they get most of the room
    expect(failing).toBeGreaterThan(rows / 4);
    expect(md.startsWith('### ❌ **chargedrill: scenarios failed**')).toBe(true);
    expect(md).toContain('- message of scenario-2 (scenarios/s2.yaml:9:5)');
  });

  it('keeps a run just under the limit whole', () => {
    const result = bigRun(40);
    const whole = toMarkdown(result, Number.MAX_SAFE_INTEGER);
    expect(toMarkdown(result, Buffer.byteLength(whole))).toBe(whole);
    expect(toMarkdown(result, Buffer.byteLength(whole) - 1)).not.toBe(whole);
    expect(whole).not.toContain('more scenarios in report.html');
  });
});

/** `count` scenarios, every second one failed with one expectation message. */
function bigRun(count: number): RunResult {
  const result = fixtureResult();
  const template = result.scenarios[1] as ScenarioResult;
  result.scenarios = Array.from({ length: count }, (_, i) => {
    const failed = i % 2 === 1;
    const first = template.expectations[0] as ScenarioResult['expectations'][number];
    return {
      ...structuredClone(template),
      name: `scenario-${i + 1}`,
      file: `scenarios/s${i + 1}.yaml`,
      summary: `What scenario ${i + 1} checks, in one sentence of a realistic length for a scenario file.`,
      status: failed ? 'failed' : 'passed',
      expectations: [{ ...first, status: failed ? 'failed' : 'passed', message: `message of scenario-${i + 1}`, source: { file: `scenarios/s${i + 1}.yaml`, line: 9, column: 5 } }],
      unexpectedIssues: [],
    };
  });
  result.summary = { scenarios: count, passed: count / 2, failed: count / 2, errored: 0, skipped: 0, expectations: count, failedExpectations: count / 2 };
  return result;
}
