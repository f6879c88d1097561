import { describe, expect, it } from 'vitest';
import { LOAD_EXIT } from '../../../../harness/load/result.js';
import { toSummaryText } from '../../../../reports/load/summary-text.js';
import { formatMs, formatPercent, formatPerS, verdictLine } from '../../../../reports/load/words.js';
import { loadFixture } from './fixture.js';

/** The lines of a titled block, up to the next blank line. */
function block(text: string, title: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(title);
  if (start < 0) throw new Error(`no block "${title}"`);
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

describe('toSummaryText', () => {
  const text = toSummaryText(loadFixture());

  it('opens with what was run and where', () => {
    const [first, second] = text.split('\n');
    expect(first).toBe('chargedrill load: profile ramp-hold · 1,000 stations (mix) on 50 sites · seed 42 · time scale ×60 · 1m real · chargedrill 0.1.0');
    expect(second).toBe('CSMS ws://127.0.0.1:9220/ocpp (bundled, child process)');
  });

  it('has a latency row per action with count, rate and percentiles, every number with its unit, columns aligned', () => {
    const rows = block(text, 'Latency of answered calls (real time)');
    expect(rows[0]).toBe('  action               count     rate      p50      p90      p99    p99.9      max');
    expect(rows).toContain('  StartTransaction     2,334  38.9 /s  55.0 ms   173 ms   468 ms   773 ms   950 ms');
    expect(rows).toHaveLength(7);
    // right-aligned last column: every row ends at the same column
    expect(new Set(rows.map((row) => row.length)).size).toBe(1);
    for (const row of rows.slice(1)) {
      const cells = row.trim().split(/\s{2,}/);
      expect(cells.slice(2).every((cell) => / (ms|\/s)$/.test(cell)), row).toBe(true);
    }
  });

  it('counts every call that was not answered by outcome, with the CALLERROR codes', () => {
    const rows = block(text, 'Calls not answered');
    expect(rows[0]).toBe('  action              CALLERROR  timed out  in flight at end  cut by disconnect  not answered  CALLERROR codes');
    expect(rows).toContain('  StartTransaction           15          4                 2                  3    24 (1.0 %)  InternalError 12, NotImplemented 3');
    expect(rows).toContain('  Authorize                   0          0                 1                  2     3 (0.1 %)');
  });

  it('reports connections with failures by reason and the first failure, boots, disconnects and sessions', () => {
    expect(text).toContain('\nconnections         1,148 attempts, 1,128 opened (98.3 %), 20 failed\n');
    expect(text).toContain('\nfailed by reason    refused (connection refused) 12, timeout (no answer to the upgrade) 5, http-401 (CSMS answered HTTP 401) 3\n');
    expect(text).toContain('\nfirst failure       refused: connect ECONNREFUSED 127.0.0.1:9220 (12 attempts failed this way)\n');
    expect(text).toContain('\nclosed by the CSMS  1006 (abnormal, no close frame) 118, 1000 (normal) 2\n');
    expect(text).toContain('\nboots               992 accepted, 0 pending, 0 rejected, 8 not booted (0.8 %) · not every station booted\n');
    expect(text).toMatch(/\ndisconnects {9}120, 118 recovered \(98\.3 %\) · time to recover p50 [\d,]+ ms, p99 [\d,]+ ms, max [\d,]+ ms\n/);
    expect(text).toContain('\nsessions            2,330 attempted, 2,310 started, 20 refused (Invalid 16, Blocked 4), 1,880 completed, 430 stopped at end, 2 open at end\n');
  });

  it('lists detection per issue type and each threshold with ✓ or ✗ and its measured value', () => {
    const detection = block(text, 'Detection (fault to issue raised)');
    expect(detection[0]).toBe('  issue type       injected  detected  missed        p50        p90        p99        max');
    expect(detection[1]).toMatch(/^ {2}no-connectivity {9}4 {9}3 {7}1 {2}/);
    expect(block(text, 'Thresholds')).toEqual([
      '  ✓  p99(BootNotification)<500ms  185 ms  profiles/ramp-hold.yaml:14:5',
      '  ✗  p99(StartTransaction)<200ms  468 ms  --threshold',
      '  ✓  errors<1%                     0.2 %  profiles/ramp-hold.yaml:15:5 (aborts the run)',
    ]);
  });

  it('ends with the verdict and the failure lines', () => {
    const lines = text.trimEnd().split('\n');
    expect(lines.slice(-2)).toEqual(['✗ Threshold failed: 1 of 3 thresholds failed (exit 99)', '  - threshold p99(StartTransaction)<200ms failed: measured 468.2 ms']);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('says why a run failed, leaves out empty sections, and shows "–" for an action with no answer', () => {
    const result = loadFixture();
    result.verdict = 'run-failed';
    result.exitCode = LOAD_EXIT.runFailed;
    result.failures = ['8 of 1,000 stations did not boot within 1m', 'the CSMS closed 118 connections'];
    result.thresholds = [];
    result.detection = [];
    const silent = result.actions[0];
    if (!silent) throw new Error('fixture changed');
    silent.latency = { count: 0, p50: 0, p90: 0, p95: 0, p99: 0, p99_9: 0, max: 0, mean: 0 };
    const failed = toSummaryText(result);
    expect(failed).not.toContain('\nThresholds\n');
    expect(failed).not.toContain('Detection');
    expect(failed).toContain('  Authorize            2,403  40.0 /s        –        –        –        –        –');
    expect(failed.trimEnd().split('\n').slice(-3)).toEqual([
      '✗ Run failed: 8 of 1,000 stations did not boot within 1m (exit 1)',
      '  - 8 of 1,000 stations did not boot within 1m',
      '  - the CSMS closed 118 connections',
    ]);
  });
});

describe('units and verdict words', () => {
  it('formats latency, rates and percentages with their units', () => {
    expect([formatMs(0.843), formatMs(12.34), formatMs(512.4), formatMs(1_523.2)]).toEqual(['0.84 ms', '12.3 ms', '512 ms', '1,523 ms']);
    expect([formatPerS(0.5), formatPerS(16.66), formatPerS(1_234.5)]).toEqual(['0.50 /s', '16.7 /s', '1,235 /s']);
    expect([formatPercent(0), formatPercent(0.05), formatPercent(12.345)]).toEqual(['0.0 %', '0.05 %', '12.3 %']);
    // a rate over a zero-second run is not a number: shown as unknown, never as "NaN"
    expect([formatMs(Number.NaN), formatPerS(Number.NaN), formatPercent(Number.POSITIVE_INFINITY)]).toEqual(['– ms', '– /s', '– %']);
  });

  it('words each verdict with its exit code', () => {
    const result = loadFixture();
    result.verdict = 'passed';
    result.exitCode = 0;
    expect(verdictLine(result)).toBe('✓ Passed: all 3 thresholds held (exit 0)');
    result.thresholds = [];
    expect(verdictLine(result)).toBe('✓ Passed: the run completed; no thresholds were set (exit 0)');
    result.verdict = 'interrupted';
    result.exitCode = LOAD_EXIT.interrupted;
    expect(verdictLine(result)).toBe('■ Interrupted: stopped before the end; the numbers cover the part that ran (exit 130)');
  });

  it('says a shard\'s numbers are its part of the run, and that its thresholds do not gate it', () => {
    const result = { ...loadFixture(), shard: { index: 1, count: 3 }, verdict: 'passed' as const, exitCode: 0 };
    expect(toSummaryText(result).split('\n')[2]).toBe("Shard 2 of 3 (333 of 1,000 stations): this shard's stations only; its thresholds do not gate it (chargedrill merge of all shards does)");
    expect(toSummaryText(loadFixture())).not.toMatch(/^Shard /m);
    const failed = result.thresholds.filter((t) => !t.ok).length;
    expect(failed).toBeGreaterThan(0);
    expect(verdictLine(result)).toBe(`✓ Passed: shard 2 of 3 (333 of 1,000 stations): the shard completed; ${failed} of 3 thresholds failed on its own numbers (chargedrill merge judges the whole run) (exit 0)`);
  });
});
