/** --compare: regressions beyond the tolerance fail (exit 98), improvements and noise do not; other formats are refused. */
import { describe, expect, it } from 'vitest';
import { compareResults, formatComparison, gateExitCode, LoadResultFileError, parseLoadResult, parseTolerance } from '../../../harness/load/compare.js';
import { LOAD_EXIT } from '../../../harness/load/result.js';
import { action, detection, loadResult } from '../../support/load-result.js';

const baseline = loadResult();

describe('compareResults', () => {
  it('finds no regression when the run is the same or better', () => {
    expect(compareResults(baseline, baseline)).toMatchObject({ regressions: [], exitCode: LOAD_EXIT.ok });
    const better = loadResult({ actions: baseline.actions.map((a) => action(a.action, a.latency.p99 / 2, { sent: a.sent, answered: a.answered })), calls: { ...baseline.calls, perS: 40 } });
    expect(compareResults(baseline, better).regressions).toEqual([]);
  });

  it('fails a p99 slower by more than the tolerance, with absolute and relative change', () => {
    const slower = loadResult({ actions: [action('BootNotification', 460), ...baseline.actions.slice(1)] });
    const comparison = compareResults(baseline, slower);
    expect(comparison.exitCode).toBe(LOAD_EXIT.regression);
    expect(comparison.regressions.map((r) => r.metric)).toEqual(['p50(BootNotification)', 'p99(BootNotification)', 'max(BootNotification)']);
    expect(comparison.rows.find((r) => r.metric === 'p99(BootNotification)')).toMatchObject({ baseline: 400, current: 460, delta: 60, deltaPct: 15, regression: true });
    // 15 % is within a 20 % tolerance.
    expect(compareResults(baseline, slower, 0.2).regressions).toEqual([]);
  });

  it('ignores latency moves under 1 ms, however large in %', () => {
    const tiny = loadResult({ actions: [action('Tiny', 0.4)] });
    const slower = loadResult({ actions: [action('Tiny', 0.8)] });
    expect(compareResults(tiny, slower).rows.find((r) => r.metric === 'p99(Tiny)')).toMatchObject({ deltaPct: 100, regression: false });
  });

  it('fails new errors over an error-free baseline, fewer calls per second, fewer booted, more disconnects and missed detections', () => {
    const worse = loadResult({
      actions: [action('BootNotification', 400, { callErrors: { InternalError: 1 } }), ...baseline.actions.slice(1)],
      calls: { ...baseline.calls, perS: 15 },
      boots: { ...baseline.boots, notBooted: 20 },
      disconnects: { ...baseline.disconnects, disconnects: 1 },
      detection: [detection('safety-fault', 300, { detected: 3, missed: 1 })],
    });
    expect(compareResults(baseline, worse).regressions.map((r) => r.metric)).toEqual([
      'errors(BootNotification)',
      'calls_per_s',
      'booted',
      'disconnects',
      'missed(detect:safety-fault)',
    ]);
  });

  it('shows an action present in one file only without judging it', () => {
    const extra = loadResult({ actions: [...baseline.actions, action('Authorize', 50)] });
    const row = compareResults(baseline, extra).rows.find((r) => r.metric === 'p99(Authorize)');
    expect(row).toMatchObject({ baseline: null, current: 50, delta: null, regression: false });
  });

  it('prints a table with the verdict', () => {
    const slower = loadResult({ detection: [detection('safety-fault', 500)] });
    const text = formatComparison(compareResults(baseline, slower));
    expect(text).toMatch(/^metric +baseline +this run +change/);
    expect(text).toMatch(/p99\(detect:safety-fault\) +300 ms +500 ms +\+200 ms \(\+66\.7%\) +REGRESSION\n/);
    expect(text.endsWith('1 regression beyond 10%: p99(detect:safety-fault)\n')).toBe(true);
    expect(formatComparison(compareResults(baseline, baseline)).endsWith('no regression beyond 10%\n')).toBe(true);
  });
});

describe('reading results and the tolerance', () => {
  it('reads a result of this format', () => {
    expect(parseLoadResult(JSON.stringify(baseline), 'base.json')).toEqual(baseline);
  });

  it.each([
    ['another version', JSON.stringify({ ...baseline, format: 'chargedrill-load-result/2' }), 'base.json: is chargedrill-load-result/2, and this chargedrill compares chargedrill-load-result/1 only: re-run the baseline with this version'],
    ['another file', JSON.stringify({ schemaVersion: 1 }), 'base.json: is not a chargedrill load result (no "format": "chargedrill-load-result/1")'],
    ['not JSON', '{', 'base.json: is not JSON:'],
    ['a truncated result', JSON.stringify({ format: 'chargedrill-load-result/1' }), 'base.json: says chargedrill-load-result/1 but lacks actions, calls, boots or detection'],
  ])('refuses %s', (_, text, message) => {
    let error: unknown;
    try {
      parseLoadResult(text, 'base.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LoadResultFileError);
    expect((error as LoadResultFileError).code).toBe('CD_ERR_LOAD_RESULT');
    expect((error as Error).message.startsWith(message)).toBe(true);
  });

  it('reads a tolerance as a percentage and refuses anything else', () => {
    expect(parseTolerance('10%')).toBe(0.1);
    expect(parseTolerance('2.5%')).toBe(0.025);
    expect(() => parseTolerance('0.1')).toThrow('--tolerance: "0.1" is not a tolerance, expected a percentage like 10% or 2.5%');
  });
});

describe('gateExitCode', () => {
  const passed = { expression: 'errors==0', source: '--threshold', measured: 0, unit: 'count' as const, ok: true, abortOnFail: false };
  const failed = { ...passed, measured: 3, ok: false };
  const regressed = compareResults(baseline, loadResult({ calls: { ...baseline.calls, perS: 1 } }));

  it('is 99 for a failed threshold even with a regression, 98 for a regression alone, else 0', () => {
    expect(regressed.regressions.length).toBeGreaterThan(0);
    expect(gateExitCode([passed, failed], regressed)).toBe(99);
    expect(gateExitCode([passed], regressed)).toBe(98);
    expect(gateExitCode([passed], compareResults(baseline, baseline))).toBe(0);
    expect(gateExitCode([])).toBe(0);
  });
});
