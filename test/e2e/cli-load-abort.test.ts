/**
 * `chargedrill load --abort-on-fail [--abort-on-fail-delay D]` through the built CLI (npm run build first): the
 * command line's thresholds stop the run once they fail, with the threshold exit code; without the flag the same
 * failing threshold lets the run hold its whole duration. Usage errors exit 2 before anything starts.
 */
import { describe, expect, it } from 'vitest';
import { LOAD_EXIT, type LoadResult } from '../../harness/load/result.js';
import { runCli } from './cli-helpers.js';

/** Five stations against the bundled CSMS (no desk), held 8 s; no run of five stations makes 100,000 calls/s. */
const RUN = ['load', '--stations', '5', '--ramp', '100', '--duration', '8s', '--no-desk', '--threshold', 'calls_per_s>100000', '--json'];
const HOLD_S = 8;

describe('chargedrill load --abort-on-fail', () => {
  it('stops well before the hold ends, once the delay has passed, with exit 99 and the threshold marked', async () => {
    const result = await runCli([...RUN, '--abort-on-fail', '--abort-on-fail-delay', '2s'], 60_000);
    expect(result.code, result.stderr).toBe(LOAD_EXIT.thresholdFailed);
    const load = JSON.parse(result.stdout) as LoadResult;
    expect(load.verdict).toBe('threshold-failed');
    expect(load.elapsedS).toBeLessThan(HOLD_S - 2);
    const [threshold] = load.thresholds;
    expect(threshold).toMatchObject({ expression: 'calls_per_s>100000', ok: false, abortOnFail: true });
    const stoppedAtS = Number(/^stopped the run at (\d+\.\d)s/.exec(threshold?.note ?? '')?.[1]);
    // Not checked before the delay (2 s), and checked about once a second after it.
    expect(stoppedAtS).toBeGreaterThanOrEqual(2);
    expect(stoppedAtS).toBeLessThan(HOLD_S - 2);
  }, 70_000);

  it('without the flag, the failing threshold does not stop the run: it holds its duration and then exits 99', async () => {
    const result = await runCli(RUN, 60_000);
    expect(result.code, result.stderr).toBe(LOAD_EXIT.thresholdFailed);
    const load = JSON.parse(result.stdout) as LoadResult;
    expect(load.elapsedS).toBeGreaterThanOrEqual(HOLD_S);
    expect(load.thresholds[0]).toMatchObject({ expression: 'calls_per_s>100000', ok: false, abortOnFail: false });
    expect(load.thresholds[0]?.note ?? '').not.toMatch(/stopped the run/);
  }, 70_000);

  it('a shard it stops says it stopped early and the merge will fail it, not "Passed", and exits 0; its numbers are its own', async () => {
    const shard = ['load', '--stations', '10', '--ramp', '100', '--duration', '8s', '--no-desk', '--shard', '1/2'];
    // The delay leaves the five stations time to boot before the stop, however busy the machine.
    const result = await runCli([...shard, '--threshold', 'calls_per_s>100000', '--abort-on-fail', '--abort-on-fail-delay', '2s'], 60_000);
    // A Job pod must not be retried over a threshold: exit 0 (docs/load.md "Shards, merge and --processes").
    expect(result.code, result.stderr).toBe(LOAD_EXIT.ok);
    expect(result.stdout).not.toMatch(/Passed/);
    expect(result.stdout).toMatch(
      /^✗ Threshold failed: shard 1 of 2 \(5 of 10 stations\): the shard stopped early at \d+\.\d s by abort-on-fail threshold calls_per_s>100000; the merge will fail it \(exit 0\)$/m,
    );
    expect(result.stdout).toMatch(/^chargedrill load: profile [^\n]* · shard 1 of 2 \(5 of 10 stations\) \(/m);
    expect(result.stdout).toMatch(/^boots +5 accepted, [^\n]*· all 5 booted after /m);
  }, 70_000);

  it.each([
    [['--abort-on-fail'], /^chargedrill: --abort-on-fail applies to --threshold expressions: give at least one/],
    [['--threshold', 'errors==0', '--abort-on-fail-delay', '10s'], /^chargedrill: --abort-on-fail-delay needs --abort-on-fail/],
    [['--threshold', 'errors==0', '--abort-on-fail', '--abort-on-fail-delay', 'soon'], /^chargedrill: --abort-on-fail-delay must be /],
  ])('refuses %j with exit 2', async (args, message) => {
    const result = await runCli(['load', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
