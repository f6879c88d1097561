/**
 * An abortOnFail threshold stops the run early (checked once a second on the numbers so far): the verdict is
 * threshold-failed with exit 99, not a run failure, and the threshold says when it stopped the run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBundledCsms, type BundledCsms } from '../../../harness/load/bundled-csms.js';
import { runLoad, stagesFromFlags } from '../../../harness/load/engine.js';
import { LOAD_EXIT, type LoadResult } from '../../../harness/load/result.js';
import { parseThreshold, type ThresholdSpec } from '../../../harness/load/thresholds.js';

function threshold(expression: string, abortOnFail: boolean): ThresholdSpec {
  const parsed = parseThreshold(expression, 'test', { abortOnFail });
  if (!parsed.ok) throw new Error(parsed.problem.message);
  return parsed.spec;
}

describe('an abortOnFail threshold', () => {
  let csms: BundledCsms;
  let result: LoadResult;
  let tookMs = 0;

  beforeAll(async () => {
    csms = await startBundledCsms({ mode: 'in-process', desk: false, timeScale: 60, acceptedTokens: [] });
    const began = performance.now();
    result = await runLoad({
      url: csms.ocppUrl,
      sites: 1,
      protocol: 'ocpp1.6',
      seed: 1,
      timeScale: 60,
      bootTimeoutMs: 10_000,
      stages: stagesFromFlags({ stations: 4, rampPerS: 100, durationMs: 20_000, sessionsPerHour: 0 }),
      thresholds: [threshold('calls_per_s>100000', true), threshold('booted==100%', false)],
    });
    tookMs = performance.now() - began;
  }, 30_000);
  afterAll(() => csms?.close());

  it('stops the run within a few seconds of a 20 s hold, threshold-failed with exit 99', () => {
    expect(tookMs).toBeLessThan(8_000);
    expect(result.verdict).toBe('threshold-failed');
    expect(result.exitCode).toBe(LOAD_EXIT.thresholdFailed);
    expect(result.failures).toEqual([]);
  });

  it('marks the threshold that stopped it, and still evaluates the others on the final result', () => {
    const [stopper, booted] = result.thresholds;
    expect(stopper).toMatchObject({ expression: 'calls_per_s>100000', ok: false, abortOnFail: true });
    expect(stopper?.note).toMatch(/^stopped the run at \d+\.\ds/);
    // Evaluated on the final numbers: the share of stations booted when the run stopped (on a busy machine the
    // first check may come before all four booted, so the verdict follows the measured share).
    const share = (100 * result.boots.accepted) / 4;
    expect(booted).toMatchObject({ expression: 'booted==100%', measured: share, ok: share === 100 });
  });
});
