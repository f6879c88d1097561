/**
 * A stage's reconnect storm (StageSpec.disconnect, the reconnect-storm profile): half of the stations online lose
 * their connection when the stage starts and reconnect after offlineMs, without booting again; the drops are the
 * simulation's own, so the run passes and counts them apart from the CSMS's disconnects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBundledCsms, type BundledCsms } from '../../../harness/load/bundled-csms.js';
import { runLoad } from '../../../harness/load/engine.js';
import type { LoadResult, TimeSeriesPoint } from '../../../harness/load/result.js';

describe('a reconnect storm stage', () => {
  let csms: BundledCsms;
  let result: LoadResult;
  const samples: TimeSeriesPoint[] = [];

  beforeAll(async () => {
    csms = await startBundledCsms({ mode: 'in-process', desk: false, timeScale: 60, acceptedTokens: [] });
    result = await runLoad({
      url: csms.ocppUrl,
      sites: 1,
      protocol: 'ocpp1.6',
      seed: 2,
      timeScale: 60,
      bootTimeoutMs: 10_000,
      sampleIntervalMs: 200,
      onSample: (point) => samples.push(point),
      stages: [
        { name: 'up', durationMs: 200, target: 10, sessionsPerHour: 0 },
        { name: 'steady', durationMs: 1_000, target: 10, sessionsPerHour: 0 },
        { name: 'blip', durationMs: 2_500, target: 10, sessionsPerHour: 0, disconnect: { share: 0.5, offlineMs: 1_000, spreadMs: 200 } },
      ],
    });
  }, 30_000);
  afterAll(() => csms?.close());

  it('drops half the stations and brings every one back without a second boot', () => {
    expect(result.verdict, result.failures.join('; ')).toBe('passed');
    expect(result.disconnects.droppedBySimulation).toBe(5);
    expect(result.disconnects.disconnects).toBe(0);
    expect(result.connections.opened).toBe(15);
    expect(result.actions.find((a) => a.action === 'BootNotification')?.sent).toBe(10);
  });

  it('shows the dip in the time series: five connected while offline, ten again at the end', () => {
    const blip = samples.filter((p) => p.stage === 'blip');
    expect(Math.min(...blip.map((p) => p.connected))).toBe(5);
    expect(blip.at(-1)?.connected).toBe(10);
  });
});
