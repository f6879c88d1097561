import { describe, expect, it } from 'vitest';
import { applyComparison, compareResults } from '../../../../harness/load/compare.js';
import { LOAD_EXIT, type LoadResult } from '../../../../harness/load/result.js';
import { toLoadHtml } from '../../../../reports/load/html.js';
import { toLoadJunitXml } from '../../../../reports/load/junit.js';
import { toLoadMarkdown } from '../../../../reports/load/markdown.js';
import { toSummaryText } from '../../../../reports/load/summary-text.js';
import { healthLines, parametersLine } from '../../../../reports/load/tables.js';
import { verdictLine } from '../../../../reports/load/words.js';
import { valueAxis } from '../../../../reports/html/axis.js';
import { loadCharts } from '../../../../reports/load/charts.js';
import { formatCount } from '../../../../reports/load/words.js';
import { findAll, parseXml } from '../xml-check.js';
import { loadFixture } from './fixture.js';

/** The fixture with every threshold held and every station booted: a run that passed on its own. */
function passedRun(): LoadResult {
  const result = loadFixture();
  result.thresholds = result.thresholds.filter((t) => t.ok).slice(0, 1);
  result.verdict = 'passed';
  result.exitCode = LOAD_EXIT.ok;
  result.failures = [];
  result.boots = { ...result.boots, accepted: result.parameters.stations, notBooted: 0, bootAllMs: 2_700 };
  return result;
}

/** The same run with calls per second halved: one regression (calls_per_s) against `passedRun()`. */
function regressedAgainst(baseline: LoadResult): LoadResult {
  const result = passedRun();
  result.calls = { ...result.calls, perS: baseline.calls.perS / 2 };
  applyComparison(result, compareResults(baseline, result, 0.01), 'a/result.json');
  return result;
}

describe('--compare in every report', () => {
  it('makes a passed run a regression with exit 98 and a failure line naming the metric', () => {
    const result = regressedAgainst(passedRun());
    expect(result).toMatchObject({ verdict: 'regression', exitCode: LOAD_EXIT.regression });
    expect(result.failures).toEqual(['1 regression beyond 1% against a/result.json: calls_per_s']);
    expect(result.comparison?.rows.filter((r) => r.regression).map((r) => r.metric)).toEqual(['calls_per_s']);
    expect(verdictLine(result)).toMatch(/^✗ Regression: 1 of \d+ compared metrics regressed beyond 1% against a\/result\.json: calls_per_s; the threshold held \(exit 98\)$/);
  });

  it('keeps a failed threshold at 99 and says the regression too; a run without regression stays passed', () => {
    const baseline = passedRun();
    const failed = passedRun();
    failed.thresholds = [{ ...(failed.thresholds[0] as LoadResult['thresholds'][number]), ok: false }];
    failed.verdict = 'threshold-failed';
    failed.exitCode = LOAD_EXIT.thresholdFailed;
    failed.calls = { ...failed.calls, perS: baseline.calls.perS / 2 };
    applyComparison(failed, compareResults(baseline, failed, 0.01), 'a/result.json');
    expect(failed).toMatchObject({ verdict: 'threshold-failed', exitCode: LOAD_EXIT.thresholdFailed });
    expect(verdictLine(failed)).toMatch(/^✗ Threshold failed: 1 of 1 threshold failed; 1 of \d+ compared metrics regressed .*calls_per_s \(exit 99\)$/);
    const same = passedRun();
    applyComparison(same, compareResults(baseline, same, 0.01), 'a/result.json');
    expect(same).toMatchObject({ verdict: 'passed', exitCode: 0, failures: [] });
    expect(verdictLine(same)).toBe('✓ Passed: the threshold held; no regression beyond 1% against a/result.json (exit 0)');
  });

  it('shows the regression in the summary text, the Markdown, the HTML and the JUnit', () => {
    const result = regressedAgainst(passedRun());
    const text = toSummaryText(result);
    const verdictAt = text.indexOf('✗ Regression:');
    expect(verdictAt).toBeGreaterThan(text.indexOf('Compared with a/result.json (tolerance 1%)'));
    expect(text).not.toContain('Passed');
    expect(text).toMatch(/✗ regression\s+calls_per_s/);

    const markdown = toLoadMarkdown(result);
    expect(markdown.split('\n')[0]).toBe('### 📉 **chargedrill load: regression**');
    expect(markdown).not.toContain('✅');
    expect(markdown).toContain('#### Compared with a/result.json');
    expect(markdown).toContain('| ✗ regression | calls\\_per\\_s |');

    const page = toLoadHtml(result);
    expect(page).toMatch(/<div class="verdict verdict-failed" id="verdict">Regression<\/div>/);
    expect(page).toContain('id="comparison"');
    expect(page).toContain('1 regression beyond 1% against a/result.json: calls_per_s');

    const root = parseXml(toLoadJunitXml(result));
    const cases = findAll(root, 'testcase');
    const rows = result.comparison?.rows.length ?? 0;
    expect(rows).toBeGreaterThan(1);
    expect(root.attributes).toMatchObject({ tests: String(1 + 1 + rows), failures: '1' });
    const failed = cases.filter((t) => t.children.some((c) => c.name === 'failure'));
    expect(failed.map((t) => t.attributes.name)).toEqual(['compare calls_per_s']);
    expect(failed[0]?.children[0]?.attributes.type).toBe('regression');
  });
});

describe('a shard in every report', () => {
  function shardRun(): LoadResult {
    const result = passedRun();
    result.parameters = { ...result.parameters, stations: 30, sites: 1 };
    result.shard = { index: 0, count: 3 };
    result.boots = { accepted: 10, pending: 0, rejected: 0, notBooted: 0, bootAllMs: 2_700 };
    return result;
  }

  it('counts its own stations: 10 of its 10 booted, not the whole fleet\'s 30', () => {
    const result = shardRun();
    const boots = healthLines(result).find(([label]) => label === 'boots')?.[1];
    expect(boots).toBe('10 accepted, 0 pending, 0 rejected, 0 not booted (0.0 %) · all 10 booted after 2.7 s');
    expect(parametersLine(result)).toContain('shard 1 of 3 (10 of 30 stations) (mix) on 1 site ·');
  });

  it('says "shard 1 of 3 (10 of 30 stations)" in the summary, the Markdown, the HTML and the JUnit', () => {
    const result = shardRun();
    expect(toSummaryText(result)).toContain('shard 1 of 3 (10 of 30 stations)');
    expect(toSummaryText(result)).not.toContain('all 30 booted');
    expect(toLoadMarkdown(result)).toContain('shard 1 of 3 (10 of 30 stations)');
    const page = toLoadHtml(result);
    expect(page).toContain('<title>chargedrill load: passed · ramp-hold · shard 1 of 3 (10 of 30 stations)</title>');
    expect(page).toContain('of 10</div>');
    expect(findAll(parseXml(toLoadJunitXml(result)), 'testsuite')[0]?.attributes.name).toBe('load thresholds · shard 1 of 3 (10 of 30 stations)');
  });

  it('says a shard stopped by an abort-on-fail threshold stopped early, not that it passed', () => {
    const result = shardRun();
    const threshold = result.thresholds[0] as LoadResult['thresholds'][number];
    result.thresholds = [{ ...threshold, ok: false, abortOnFail: true, note: 'stopped the run at 1.0s, measured 3.2' }];
    result.verdict = 'threshold-failed';
    result.exitCode = LOAD_EXIT.ok;
    expect(verdictLine(result)).toBe(
      `✗ Threshold failed: shard 1 of 3 (10 of 30 stations): the shard stopped early at 1.0 s by abort-on-fail threshold ${threshold.expression}; the merge will fail it (exit 0)`,
    );
    expect(toLoadMarkdown(result)).not.toContain('✅');
  });
});

describe('counts read as counts', () => {
  it('gives an integer axis whole, distinct ticks: a 0/1 sessions series reads 0, 1, 2, not "0 0 0 1 1 1"', () => {
    const labels = valueAxis(1.05, 200, 20, 5, true).ticks.map(formatCount);
    expect(labels).toEqual(['0', '1', '2']);
    expect(valueAxis(1_050, 200, 20, 5, true).ticks).toEqual([0, 250, 500, 750, 1_000, 1_250]);
    const result = passedRun();
    const charts = loadCharts(result);
    expect(charts.filter((c) => c.integer === true).map((c) => c.yTitle)).toEqual(['stations', 'sessions']);
  });

  it('says "1 site" and "the threshold held", never "1 sites" or "all 1 threshold"', () => {
    const result = passedRun();
    result.parameters = { ...result.parameters, sites: 1, connectors: 1 };
    expect(parametersLine(result)).toContain(' on 1 site ·');
    expect(verdictLine(result)).toBe('✓ Passed: the threshold held (exit 0)');
    expect(toLoadHtml(result)).toContain('on 1 site, 1 connector each');
    result.connections = { ...result.connections, attempts: 1, opened: 1, failed: {} };
    expect(healthLines(result).find(([label]) => label === 'connections')?.[1]).toBe('1 attempt, 1 opened (100.0 %), 0 failed');
  });

  it('says how long the ramp waited for handshakes, only when it did', () => {
    const result = passedRun();
    expect(healthLines(result).find(([label]) => label === 'ramp held back')).toBeUndefined();
    result.connections = { ...result.connections, rampHeld: { ms: 1_500, maxConnecting: 200 } };
    expect(healthLines(result).find(([label]) => label === 'ramp held back')?.[1]).toBe(
      '1.5 s with 200 handshakes in flight per process (--max-connecting): the CSMS or this machine answered slower than the ramp',
    );
  });
});
