/** `chargedrill merge`'s arithmetic: counters summed, percentiles from the merged histograms, thresholds and verdict again, refusals. */
import { describe, expect, it } from 'vitest';
import { mergeResults, MergeInputError, type NamedResult } from '../../../harness/load/merge.js';
import type { LoadResult, TimeSeriesPoint } from '../../../harness/load/result.js';
import { parseThreshold } from '../../../harness/load/thresholds.js';
import { encodeHistogram, latencyStats, newLatencyHistogram, recordMs } from '../../../simulator/fleet/latency.js';
import { action, loadResult } from '../../support/load-result.js';

/** An action's counts and histogram from the latencies given (every call answered). */
function measured(name: string, latenciesMs: readonly number[]) {
  const histogram = newLatencyHistogram();
  for (const ms of latenciesMs) recordMs(histogram, ms);
  return action(name, 0, { sent: latenciesMs.length, answered: latenciesMs.length, latency: latencyStats(histogram), histogram: encodeHistogram(histogram) });
}

const many = (n: number, ms: number) => Array.from({ length: n }, () => ms);
const emptyRecovery = encodeHistogram(newLatencyHistogram());

/** Shard `index` of 3 with the BootNotification latencies given. */
function shard(index: number, bootMs: readonly number[], extra: Partial<LoadResult> = {}): NamedResult {
  const result = loadResult({
    shard: { index, count: 3 },
    actions: [measured('BootNotification', bootMs)],
    boots: { accepted: bootMs.length, pending: 0, rejected: 0, notBooted: 0, bootAllMs: 1_000 + index * 100 },
    connections: { attempts: bootMs.length + index, opened: bootMs.length, failed: index > 0 ? { refused: index } : {}, closedByPeer: {} },
    disconnects: { disconnects: 0, recovered: 0, timeToRecover: latencyStats(newLatencyHistogram()), timeToRecoverHistogram: emptyRecovery },
    detection: [],
    thresholds: [],
    protocols: { 'ocpp1.6': bootMs.length },
    ...extra,
  });
  return { file: `shard-${index + 1}.json`, result };
}

// Shard 1 answers 1,000 boots in 10 ms; shards 2 and 3 five each in 900 ms. Their p99s are 10, 900, 900 ms:
// averaged 603 ms, at most 900 ms; of the 1,010 boots together the 99th percentile is still a 10 ms one.
const SHARDS = [shard(0, many(1_000, 10)), shard(1, many(5, 900)), shard(2, many(5, 900))];

describe('mergeResults', () => {
  it('sums the counters and reads percentiles from the merged histogram, not from the shards\' percentiles', () => {
    const merged = mergeResults(SHARDS);
    const boot = merged.actions.find((a) => a.action === 'BootNotification');
    const whole = measured('BootNotification', [...many(1_000, 10), ...many(10, 900)]);
    expect(boot?.sent).toBe(1_010);
    expect(boot?.latency).toEqual(whole.latency);
    const p99s = SHARDS.map((s) => s.result.actions[0]?.latency.p99 ?? 0);
    expect(p99s.reduce((a, b) => a + b, 0) / 3).toBeGreaterThan(600);
    expect(Math.max(...p99s)).toBe(900);
    expect(boot?.latency.p99).toBeCloseTo(10, 1);
    expect(boot?.latency.max).toBe(900);
    expect(merged.calls).toMatchObject({ sent: 1_010, answered: 1_010, errors: 0 });
    expect(merged.boots).toEqual({ accepted: 1_010, pending: 0, rejected: 0, notBooted: 0, bootAllMs: 1_200 });
    expect(merged.connections).toMatchObject({ attempts: 1_013, opened: 1_010, failed: { refused: 3 } });
    expect(merged.protocols).toEqual({ 'ocpp1.6': 1_010 });
    expect(merged.shard).toBeUndefined();
    expect(merged.verdict).toBe('passed');
    expect(merged.exitCode).toBe(0);
  });

  it('keeps the longest wait of a ramp held back by its connect cap, and the cap; none when no shard waited', () => {
    const held = (index: number, rampHeld?: { ms: number; maxConnecting: number }): NamedResult => {
      const named = shard(index, many(5, 10));
      if (rampHeld !== undefined) named.result.connections.rampHeld = rampHeld;
      return named;
    };
    expect(mergeResults([held(0, { ms: 300, maxConnecting: 64 }), held(1), held(2, { ms: 1_200, maxConnecting: 64 })]).connections.rampHeld).toEqual({ ms: 1_200, maxConnecting: 64 });
    expect(mergeResults([held(0), held(1), held(2)]).connections.rampHeld).toBeUndefined();
  });

  it('evaluates the thresholds again on the merged numbers', () => {
    const spec = parseThreshold('p99(BootNotification)<100ms', '--threshold');
    if (!spec.ok) throw new Error('threshold does not parse');
    // Each of shards 2 and 3 alone fails the threshold (p99 900 ms); the whole run passes it.
    const failedAlone = { expression: spec.spec.expression, source: '--threshold', measured: 900, unit: 'ms' as const, ok: false, abortOnFail: false };
    const withThreshold = SHARDS.map((s) => ({ ...s, result: { ...s.result, parameters: { ...s.result.parameters, thresholds: [spec.spec.expression] }, thresholds: [failedAlone] } }));
    const merged = mergeResults(withThreshold);
    expect(merged.thresholds).toHaveLength(1);
    expect(merged.thresholds[0]).toMatchObject({ expression: 'p99(BootNotification)<100ms', ok: true });
    expect(merged.thresholds[0]?.measured).toBeCloseTo(10, 1);
    expect(merged.verdict).toBe('passed');

    const strict = withThreshold.map((s) => ({ ...s, result: { ...s.result, thresholds: [{ ...failedAlone, expression: 'p99(BootNotification)<5ms' }], parameters: { ...s.result.parameters, thresholds: ['p99(BootNotification)<5ms'] } } }));
    const failed = mergeResults(strict);
    expect(failed.verdict).toBe('threshold-failed');
    expect(failed.exitCode).toBe(99);
  });

  it('keeps a threshold that stopped a shard (abortOnFail) failed', () => {
    const tripped = { expression: 'errors<1%', source: '--threshold', measured: 0, unit: '%' as const, ok: false, abortOnFail: true, note: 'stopped the run at 2.0s, measured 5' };
    const shards = SHARDS.map((s, i) => ({ ...s, result: { ...s.result, thresholds: [i === 1 ? tripped : { ...tripped, ok: true, note: undefined }] } }));
    const merged = mergeResults(shards);
    expect(merged.thresholds[0]).toMatchObject({ ok: false, note: 'stopped the run at 2.0s, measured 5' });
    expect(merged.verdict).toBe('threshold-failed');
  });

  it('says which shard failed, and a failed or interrupted shard decides the verdict and exit code', () => {
    const failed = [SHARDS[0] as NamedResult, { ...(SHARDS[1] as NamedResult), result: { ...(SHARDS[1] as NamedResult).result, verdict: 'run-failed' as const, failures: ['2 of 5 stations did not boot'] } }, SHARDS[2] as NamedResult];
    const merged = mergeResults(failed);
    expect(merged.failures).toEqual(['shard 2/3: 2 of 5 stations did not boot']);
    expect([merged.verdict, merged.exitCode]).toEqual(['run-failed', 1]);
    const cut = failed.map((s, i) => (i === 2 ? { ...s, result: { ...s.result, verdict: 'interrupted' as const } } : s));
    expect(mergeResults(cut).exitCode).toBe(130);
  });

  it('aligns the time series on the wall clock and sums each second; p99 per second is the largest shard p99', () => {
    const point = (t: number, calls: number, p99: number): TimeSeriesPoint => ({ t, stage: 'hold', connected: 2, booted: 2, callsPerS: calls, errorsPerS: 0, p99ByAction: { Heartbeat: p99 }, sessionsActive: 1 });
    const a = shard(0, many(3, 10), { startedAt: '2026-12-01T00:00:00.000Z', timeSeries: [point(1, 10, 5), point(2, 20, 7)] });
    const b = shard(1, many(3, 10), { startedAt: '2026-12-01T00:00:01.000Z', timeSeries: [point(1, 1, 9), point(2, 2, 3)] });
    const c = shard(2, many(3, 10), { startedAt: '2026-12-01T00:00:00.000Z', timeSeries: [point(1, 100, 1), point(2, 100, 1)] });
    const merged = mergeResults([c, a, b]);
    expect(merged.startedAt).toBe('2026-12-01T00:00:00.000Z');
    expect(merged.timeSeries.map((p) => [p.t, p.callsPerS, p.connected, p.p99ByAction.Heartbeat])).toEqual([
      [1, 110, 4, 5],
      [2, 121, 6, 9],
      [3, 2, 2, 3],
    ]);
  });
});

describe('mergeResults refuses', () => {
  const changed = (i: number, change: (r: LoadResult) => LoadResult): NamedResult[] =>
    SHARDS.map((s, j) => (j === i ? { ...s, result: change(structuredClone(s.result)) } : s));
  const refusal = (shards: NamedResult[]) => {
    try {
      mergeResults(shards);
    } catch (error) {
      expect(error).toBeInstanceOf(MergeInputError);
      return (error as Error).message;
    }
    throw new Error('merged');
  };

  it('results of another seed, profile, tool version or shard count', () => {
    expect(refusal(changed(1, (r) => ({ ...r, parameters: { ...r.parameters, seed: 2 } })))).toBe('shard-2.json is not a shard of the same run as shard-1.json: seed 2 vs 1');
    expect(refusal(changed(2, (r) => ({ ...r, parameters: { ...r.parameters, profile: 'busy-evening' } })))).toMatch(/shard-3\.json .*: profile "busy-evening" vs "idle"/);
    expect(refusal(changed(1, (r) => ({ ...r, tool: { ...r.tool, version: '9.9.9' } })))).toMatch(/chargedrill version "9\.9\.9" vs "0\.1\.0"/);
    expect(refusal(changed(1, (r) => ({ ...r, shard: { index: 1, count: 4 } })))).toMatch(/shard count 4 vs 3/);
  });

  it('a shard given twice, a missing shard, and a result that is not a shard\'s', () => {
    expect(refusal([SHARDS[0] as NamedResult, SHARDS[1] as NamedResult, { ...(SHARDS[1] as NamedResult), file: 'again.json' }])).toBe('shard 2/3 is given twice: shard-2.json and again.json');
    expect(refusal([SHARDS[0] as NamedResult, SHARDS[2] as NamedResult])).toBe('missing shard 2/3: merge needs the result of every shard');
    expect(refusal(changed(0, (r) => ({ ...r, shard: undefined })))).toMatch(/^shard-1\.json is not a shard's result/);
    expect(refusal([])).toMatch(/^nothing to merge/);
  });

  it('a result without histograms (its percentiles could not be exact)', () => {
    expect(refusal(changed(1, (r) => ({ ...r, actions: r.actions.map((a) => ({ ...a, histogram: '' })) })))).toMatch(/^action BootNotification: a shard's result has no histogram/);
  });

  it('but merges what there is of an interrupted --processes run (partial), as interrupted', () => {
    const merged = mergeResults([SHARDS[0] as NamedResult, SHARDS[2] as NamedResult], { partial: true });
    expect(merged.actions[0]?.sent).toBe(1_005);
    expect(merged.failures[0]).toBe('1 of 3 shards wrote no result: the merged numbers are of 2 shards only');
    expect([merged.verdict, merged.exitCode]).toEqual(['interrupted', 130]);
  });
});
