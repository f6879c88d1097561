/**
 * A run split into 3 shards against one CSMS is the single run: the same stations (the CSMS sees every id once),
 * the stage targets divided without losing a station, the fault in the shard owning its station, and the merged
 * counts equal to the single run's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBundledCsms, type BundledCsms } from '../../../harness/load/bundled-csms.js';
import { runLoad, type LoadOptions } from '../../../harness/load/engine.js';
import { mergeResults } from '../../../harness/load/merge.js';
import type { LoadResult } from '../../../harness/load/result.js';
import { planFleet } from '../../../simulator/fleet/plan.js';

const SEED = 6;
const RUN = {
  stations: 9,
  sites: 3,
  protocol: 'mix',
  seed: SEED,
  timeScale: 600,
  bootTimeoutMs: 10_000,
  stopGraceMs: 500,
  stages: [
    { name: 'up', durationMs: 300, target: 9, sessionsPerHour: 0 },
    // Every station boots before the ramp-down takes some off (a busy machine can take a second for nine).
    { name: 'full', durationMs: 2_000, target: 9, sessionsPerHour: 0 },
    { name: 'down', durationMs: 200, target: 4, sessionsPerHour: 0 },
    { name: 'hold', durationMs: 400, target: 4, sessionsPerHour: 0 },
  ],
  // Station 1 is the first of shard 2 (1 % 3); booted by then, and back before the ramp-down, in both runs.
  faults: [{ atMs: 1_500, stationIndex: 1, kind: 'connection-loss', params: { durationS: 60 }, expectedIssue: 'no-connectivity' }],
} satisfies Omit<LoadOptions, 'url'>;

async function stationIds(csms: BundledCsms): Promise<string[]> {
  const stations = (await (await fetch(`${csms.url}/api/stations`)).json()) as { id: string }[];
  return stations.map((s) => s.id).sort();
}

describe('a load run in 3 shards', () => {
  const csmses: BundledCsms[] = [];
  let whole: LoadResult;
  let shards: LoadResult[];
  let ids: { whole: string[]; sharded: string[] };

  beforeAll(async () => {
    const tokens = planFleet({ stations: RUN.stations, sites: RUN.sites, protocol: RUN.protocol, seed: SEED }).flatMap((s) => s.tokens.map((t) => t.idToken));
    const [single, sharded] = await Promise.all([0, 1].map(() => startBundledCsms({ mode: 'in-process', desk: false, timeScale: RUN.timeScale, acceptedTokens: tokens })));
    csmses.push(single as BundledCsms, sharded as BundledCsms);
    whole = await runLoad({ ...RUN, url: (single as BundledCsms).ocppUrl });
    shards = await Promise.all([0, 1, 2].map((index) => runLoad({ ...RUN, url: (sharded as BundledCsms).ocppUrl, shard: { index, count: 3 } })));
    ids = { whole: await stationIds(single as BundledCsms), sharded: await stationIds(sharded as BundledCsms) };
  }, 60_000);

  afterAll(async () => {
    await Promise.all(csmses.map((csms) => csms.close()));
  });

  it('connects every station of the single run once, each from one shard', () => {
    expect(whole.failures).toEqual([]);
    expect(ids.whole).toHaveLength(9);
    expect(ids.sharded).toEqual(ids.whole);
    expect(shards.map((s) => s.shard)).toEqual([0, 1, 2].map((index) => ({ index, count: 3 })));
    expect(shards.map((s) => s.boots.accepted)).toEqual([3, 3, 3]);
    // Each station booted once: nine BootNotifications in all, as in the single run.
    const boots = (r: LoadResult) => r.actions.find((a) => a.action === 'BootNotification')?.sent;
    expect(shards.map(boots).reduce((a = 0, b = 0) => a + b, 0)).toBe(boots(whole));
  });

  it('divides the stage targets: at the end 4 stations are online in all, as in the single run', () => {
    const last = (r: LoadResult) => r.timeSeries.at(-1)?.connected ?? -1;
    expect(last(whole)).toBe(4);
    expect(shards.map(last)).toEqual([2, 1, 1]);
  });

  it('injects the fault in the shard owning its station, into the same station', () => {
    expect(whole.faultsInjected?.map((f) => [f.stationIndex, f.stationId, f.error])).toEqual([[1, 'S2-CP1', undefined]]);
    expect(shards.map((s) => s.faultsInjected?.map((f) => [f.stationIndex, f.stationId, f.error]))).toEqual([[], [[1, 'S2-CP1', undefined]], []]);
  });

  it('merges into the single run\'s counts', () => {
    const merged = mergeResults(shards.map((result, i) => ({ file: `shard-${i + 1}`, result })));
    expect(merged.verdict).toBe(whole.verdict);
    expect(merged.exitCode).toBe(whole.exitCode);
    expect(merged.boots).toMatchObject({ accepted: whole.boots.accepted, notBooted: whole.boots.notBooted });
    expect(merged.protocols).toEqual(whole.protocols);
    expect(merged.parameters).toMatchObject({ stations: 9, seed: SEED });
    const action = (r: LoadResult, name: string) => r.actions.find((a) => a.action === name);
    // Sent by the stations' own plan; heartbeats depend on how long each run lasted, so they are left out.
    for (const name of ['BootNotification', 'StatusNotification']) expect(action(merged, name)?.sent, name).toBe(action(whole, name)?.sent);
    expect(action(merged, 'BootNotification')?.latency.count).toBe(9);
    expect(action(merged, 'BootNotification')?.latency.count).toBe(action(whole, 'BootNotification')?.latency.count);
    expect(merged.faultsInjected?.map((f) => f.stationId)).toEqual(['S2-CP1']);
    expect(merged.disconnects.droppedBySimulation).toBe(whole.disconnects.droppedBySimulation);
  });
});
