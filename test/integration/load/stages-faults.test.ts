/**
 * A profile's stages and faults: the engine ramps up, holds and ramps down (stations taken off stop their
 * sessions with reason Local and close; that is no disconnect), injects a scheduled fault into the planned
 * station and records when it really went in, for a detection watcher to match.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBundledCsms, type BundledCsms } from '../../../harness/load/bundled-csms.js';
import { runLoad } from '../../../harness/load/engine.js';
import type { InjectedFault, LoadResult } from '../../../harness/load/result.js';
import { planFleet } from '../../../simulator/fleet/plan.js';

const SEED = 4;

describe('a staged load run with a fault', () => {
  let csms: BundledCsms;
  let result: LoadResult;
  const announced: InjectedFault[] = [];

  beforeAll(async () => {
    const plan = planFleet({ stations: 4, sites: 2, protocol: 'mix', seed: SEED });
    csms = await startBundledCsms({ mode: 'in-process', desk: false, timeScale: 600, acceptedTokens: plan.flatMap((s) => s.tokens.map((t) => t.idToken)) });
    result = await runLoad({
      url: csms.ocppUrl,
      sites: 2,
      protocol: 'mix',
      seed: SEED,
      timeScale: 600,
      bootTimeoutMs: 10_000,
      // Sessions start within simulated seconds and last 20-90 simulated minutes (2-9 real s): all run at the ramp-down.
      stages: [
        { name: 'up', durationMs: 200, target: 4, sessionsPerHour: 3_600 },
        // Sampled at 1 s with all four online; the fault drops station 0 after that.
        { name: 'busy', durationMs: 1_300, target: 4, sessionsPerHour: 3_600 },
        { name: 'down', durationMs: 400, target: 1, sessionsPerHour: 0 },
        { name: 'quiet', durationMs: 1_200, target: 1, sessionsPerHour: 0 },
      ],
      faults: [{ atMs: 1_200, stationIndex: 0, kind: 'connection-loss', params: { durationS: 60 }, expectedIssue: 'no-connectivity' }],
      onFaultInjected: (fault) => announced.push(fault),
    });
  }, 60_000);

  afterAll(async () => {
    await csms?.close();
  });

  it('ramps down by stopping the last stations cleanly: sessions stopped (Local) and answered, no disconnect', () => {
    expect(result.failures).toEqual([]);
    expect(result.boots.accepted).toBe(4);
    expect(result.sessions.stoppedAtEnd).toBeGreaterThanOrEqual(4);
    expect(result.sessions.openAtEnd).toBe(0);
    expect(result.disconnects.disconnects).toBe(0);
    const stages = result.timeSeries.map((p) => p.stage);
    expect(stages).toEqual(expect.arrayContaining(['busy', 'quiet']));
    expect(result.timeSeries.at(-1)).toMatchObject({ connected: 1, booted: 1 });
    expect(Math.max(...result.timeSeries.map((p) => p.connected))).toBe(4);
  });

  it('injects the fault into the planned station and records when it went in', () => {
    expect(result.faultsInjected).toHaveLength(1);
    const [fault] = result.faultsInjected ?? [];
    expect(fault).toMatchObject({ stationIndex: 0, stationId: 'S1-CP1', kind: 'connection-loss', expectedIssue: 'no-connectivity' });
    expect(fault?.error).toBeUndefined();
    expect(fault?.atMs).toBeGreaterThanOrEqual(1_200);
    expect(announced).toEqual(result.faultsInjected);
    // The simulated network loss is the fault's doing: counted apart from the CSMS's disconnects, and recovered.
    expect(result.disconnects.droppedBySimulation).toBe(1);
  });
});
