/** Thresholds: the grammar (table-driven, with its refusals), evaluation on a LoadResult, no data = fail, abort checks. */
import { describe, expect, it } from 'vitest';
import { checkAbort, evaluateThresholds, formatThresholdResult, parseThreshold, parseThresholdFlags, ThresholdError, type ThresholdSpec } from '../../../harness/load/thresholds.js';
import { action, detection, loadResult } from '../../support/load-result.js';

function spec(expression: string, options = {}): ThresholdSpec {
  const parsed = parseThreshold(expression, '--threshold', options);
  if (!parsed.ok) throw new Error(parsed.problem.message);
  return parsed.spec;
}

describe('parsing', () => {
  it.each([
    ['p99(BootNotification)<500ms', { kind: 'latency', stat: 'p99', action: 'BootNotification' }, '<', 500, 'ms'],
    ['p95(*) <= 0.2s', { kind: 'latency', stat: 'p95', action: '*' }, '<=', 200, 'ms'],
    ['p99.9(Heartbeat)<40', { kind: 'latency', stat: 'p99.9', action: 'Heartbeat' }, '<', 40, 'ms'],
    ['mean(MeterValues)<50ms', { kind: 'latency', stat: 'mean', action: 'MeterValues' }, '<', 50, 'ms'],
    ['p99(detect:safety-fault)<1s', { kind: 'detect-latency', stat: 'p99', issueType: 'safety-fault' }, '<', 1_000, 'ms'],
    ['missed(detect:safety-fault)==0', { kind: 'missed', issueType: 'safety-fault' }, '==', 0, 'count'],
    ['missed(detect:no-connectivity)<5%', { kind: 'missed', issueType: 'no-connectivity' }, '<', 5, '%'],
    ['errors<0.1%', { kind: 'errors' }, '<', 0.1, '%'],
    ['errors==0', { kind: 'errors' }, '==', 0, 'count'],
    ['errors(Authorize)!=3', { kind: 'errors', action: 'Authorize' }, '!=', 3, 'count'],
    ['booted==100%', { kind: 'booted' }, '==', 100, '%'],
    ['disconnects==0', { kind: 'disconnects' }, '==', 0, 'count'],
    ['timeouts>=0', { kind: 'timeouts' }, '>=', 0, 'count'],
    ['calls_per_s>100', { kind: 'calls_per_s' }, '>', 100, 'per-s'],
  ])('%s', (expression, metric, op, value, unit) => {
    expect(spec(expression)).toMatchObject({ metric, op, value, unit, source: '--threshold', abortOnFail: false });
  });

  it.each([
    ['p99 BootNotification < 500ms', 'is not <metric> <op> <value>, e.g. p99(BootNotification)<500ms'],
    ['p99(BootNotifcation)<500ms', '"BootNotifcation" is not a known action (did you mean "BootNotification"?)'],
    ['p98(Heartbeat)<5ms', '"p98" is not a known metric (did you mean "p90"?)'],
    ['p99<5ms', 'p99 needs what to measure in parentheses'],
    ['p99(Heartbeat)<5%', 'a latency is in ms or s, not %'],
    ['p99(detect:safety)<1s', '"safety" is not a known issue type'],
    ['missed(safety-fault)==0', 'missed counts faults of one issue type: missed(detect:<issue-type>)'],
    ['errors<5ms', 'errors is a count or a %, not a duration'],
    ['booted(Heartbeat)==100%', 'booted takes no parentheses'],
    ['calls_per_s>100%', 'calls_per_s is a plain number of calls per second'],
    ['errors=0', 'is not <metric> <op> <value>, e.g. p99(BootNotification)<500ms'],
  ])('refuses %s', (expression, message) => {
    const parsed = parseThreshold(expression, '--threshold');
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.problem.message).toBe(`threshold ${JSON.stringify(expression)}: ${message}`);
    expect(parsed.ok ? [] : parsed.problem.allowed?.length).toBeGreaterThan(0);
  });

  it('refuses every bad --threshold at once, with the CLI error code', () => {
    const error = (() => {
      try {
        parseThresholdFlags(['errors<1%', 'p99(Nope)<1ms', 'booted=100%']);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ThresholdError);
    expect((error as ThresholdError).code).toBe('CD_ERR_THRESHOLD');
    expect((error as ThresholdError).problems.map((p) => p.message.split(':')[0])).toEqual(['threshold "p99(Nope)<1ms"', 'threshold "booted=100%"']);
    expect((error as Error).message.startsWith('invalid thresholds:\n  threshold "p99(Nope)<1ms"')).toBe(true);
  });
});

describe('evaluation', () => {
  const result = loadResult({
    actions: [
      action('BootNotification', 400),
      action('Heartbeat', 20, { sent: 1_000, answered: 987, callErrors: { InternalError: 4 }, timedOut: 6, cutByDisconnect: 3 }),
      action('StatusNotification', 40, { sent: 200, answered: 200 }),
    ],
    calls: { sent: 1_300, answered: 1_290, errors: 4, timedOut: 6, inFlightAtEnd: 0, cutByDisconnect: 3, perS: 21.7 },
    boots: { accepted: 97, pending: 0, rejected: 0, notBooted: 3 },
    disconnects: { disconnects: 2, recovered: 2, timeToRecover: { count: 2, p50: 1, p90: 1, p95: 1, p99: 1, p99_9: 1, max: 1, mean: 1 } },
    detection: [detection('safety-fault', 300, { injected: 4, detected: 3, missed: 1 })],
  });

  it.each([
    ['p99(BootNotification)<500ms', 400, true],
    ['p99(BootNotification)<400ms', 400, false],
    ['p99(BootNotification)<=400ms', 400, true],
    ['max(BootNotification)<1s', 800, true],
    ['p50(StatusNotification)==10', 10, true],
    ['p95(*)<100ms', 300, false],
    ['p99(*)>=20ms', 20, true],
    ['errors==0', 13, false],
    ['errors<1%', 1, false],
    ['errors<=1%', 1, true],
    ['errors(Heartbeat)<1%', 1.3, false],
    ['errors(BootNotification)==0', 0, true],
    ['errors(StatusNotification)==0', 0, true],
    ['timeouts==6', 6, true],
    ['timeouts<0.5%', (6 / 1_300) * 100, true],
    ['booted==100%', 97, false],
    ['booted>=97', 97, true],
    ['disconnects==0', 2, false],
    ['disconnects<=2%', 2, true],
    ['calls_per_s>20', 21.7, true],
    ['calls_per_s>100', 21.7, false],
    ['p99(detect:safety-fault)<1s', 300, true],
    ['p99(detect:safety-fault)<300ms', 300, false],
    ['missed(detect:safety-fault)==0', 1, false],
    ['missed(detect:safety-fault)<=25%', 25, true],
  ])('%s measures %d, ok %s', (expression, measured, ok) => {
    const [evaluated] = evaluateThresholds([spec(expression)], result);
    expect(evaluated).toMatchObject({ expression, ok, abortOnFail: false, source: '--threshold' });
    expect(evaluated?.measured).toBeCloseTo(measured, 6);
  });

  it('names the action that decided a p99(*)', () => {
    expect(evaluateThresholds([spec('p99(*)<100ms')], result)[0]?.note).toBe('decided by BootNotification');
    expect(evaluateThresholds([spec('p99(*)<500ms')], result)[0]).toMatchObject({ ok: true, measured: 400, note: 'decided by BootNotification' });
  });

  it.each([
    ['p99(Authorize)<500ms', 'no answered Authorize call: nothing to measure, so it fails'],
    ['p99(detect:stuck-finishing)<1s', 'no stuck-finishing issue detected for an injected fault: nothing to measure, so it fails'],
    ['missed(detect:reboot-loop)==0', 'no fault raising reboot-loop was injected: nothing to measure, so it fails'],
    ['errors(MeterValues)==0', 'no MeterValues call sent: nothing to measure, so it fails'],
  ])('%s has no data: measured null, and it fails', (expression, note) => {
    const [evaluated] = evaluateThresholds([spec(expression)], result);
    expect(evaluated).toMatchObject({ measured: null, ok: false, note });
    expect(formatThresholdResult(evaluated!)).toBe(`✗ ${expression}  measured no data (${note})  [--threshold]`);
  });

  it('fails every threshold of a run that sent nothing', () => {
    const empty = loadResult({ actions: [], calls: { sent: 0, answered: 0, errors: 0, timedOut: 0, inFlightAtEnd: 0, cutByDisconnect: 0, perS: 0 }, detection: [] });
    const evaluated = evaluateThresholds(['errors==0', 'timeouts==0', 'p95(*)<1s'].map((e) => spec(e)), empty);
    expect(evaluated.map((r) => [r.measured, r.ok])).toEqual([[null, false], [null, false], [null, false]]);
  });
});

describe('checkAbort', () => {
  const abortErrors = spec('errors<1%', { abortOnFail: true, delayAbortEvalMs: 10_000 });
  const plainErrors = spec('errors==0');
  const live = { calls: { sent: 100, answered: 90, errors: 10, timedOut: 0, inFlightAtEnd: 0, cutByDisconnect: 0, perS: 10 } };

  it('returns the failing abortOnFail thresholds once their delay has passed, and only those', () => {
    expect(checkAbort([abortErrors, plainErrors], live, 9_999)).toEqual([]);
    expect(checkAbort([abortErrors, plainErrors], live, 10_000)).toEqual([expect.objectContaining({ expression: 'errors<1%', measured: 10, ok: false, abortOnFail: true })]);
  });

  it('counts failed calls from the live totals when there are no actions yet: CALLERRORs, timeouts and cut calls', () => {
    const [evaluated] = evaluateThresholds([spec('errors==0')], { calls: { sent: 50, answered: 44, errors: 2, timedOut: 3, inFlightAtEnd: 0, cutByDisconnect: 1, perS: 5 } });
    expect(evaluated).toMatchObject({ measured: 6, ok: false });
  });

  it('never aborts on missing data or a passing threshold', () => {
    expect(checkAbort([abortErrors], {}, 60_000)).toEqual([]);
    expect(checkAbort([abortErrors], { calls: { ...live.calls, errors: 0 } }, 60_000)).toEqual([]);
  });
});
