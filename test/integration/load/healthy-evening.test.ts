/**
 * Healthy load raises nothing: 300 stations (half 1.6, half 2.0.1) through a short busy evening (sessions,
 * badge swipes, MeterValues every simulated minute) against the bundled CSMS with its desk, in its own process
 * as `chargedrill load` runs it. Every station boots, no call fails, and the desk's API lists no issue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBundledCsms, type BundledCsms } from '../../../harness/load/bundled-csms.js';
import { runLoad } from '../../../harness/load/engine.js';
import type { LoadResult, StageSpec } from '../../../harness/load/result.js';
import { planFleet } from '../../../simulator/fleet/plan.js';

const STATIONS = 300;
const SITES = 30;
const SEED = 11;
const TIME_SCALE = 60;
/** A real second is a simulated minute: 20 s of evening at 4 sessions per station per hour is ~400 sessions. */
const EVENING: StageSpec[] = [
  { name: 'arrive', durationMs: 3_000, target: STATIONS, sessionsPerHour: 4, mix: { authorizePerHour: 1, meterValuesIntervalS: 60 } },
  { name: 'evening', durationMs: 20_000, target: STATIONS, sessionsPerHour: 4, mix: { authorizePerHour: 1, meterValuesIntervalS: 60 } },
];

describe('a busy evening of healthy load', () => {
  let csms: BundledCsms;
  let result: LoadResult;
  let issues: unknown[];

  beforeAll(async () => {
    const plan = planFleet({ stations: STATIONS, sites: SITES, protocol: 'mix', seed: SEED });
    csms = await startBundledCsms({ mode: 'child-process', desk: true, timeScale: TIME_SCALE, acceptedTokens: plan.flatMap((s) => s.tokens.map((t) => t.idToken)) });
    // Read while the fleet is still online: a fleet that has gone soon looks like an outage to the desk.
    const readIssues = async () => void (issues = (await (await fetch(`${csms.url}/api/issues`)).json()) as unknown[]);
    result = await runLoad({ url: csms.ocppUrl, sites: SITES, protocol: 'mix', seed: SEED, timeScale: TIME_SCALE, stages: EVENING, bootTimeoutMs: 30_000, beforeStop: readIssues });
  }, 120_000);

  afterAll(async () => {
    await csms?.close();
  });

  it('boots every station and every call is answered without error', () => {
    expect(result.failures).toEqual([]);
    expect(result.verdict).toBe('passed');
    expect(result.boots).toMatchObject({ accepted: STATIONS, notBooted: 0 });
    expect(result.calls.errors).toBe(0);
    expect(result.calls.sent).toBe(result.calls.answered + result.calls.inFlightAtEnd);
  });

  it('runs the evening: sessions charge and end, badges are swiped, meters report', () => {
    expect(result.sessions.started).toBeGreaterThan(150);
    expect(result.sessions.refused).toBe(0);
    expect(result.sessions.openAtEnd).toBe(0);
    const sent = (action: string) => result.actions.find((a) => a.action === action)?.sent ?? 0;
    // Authorize comes from sessions and from swipes alike: more than there were sessions.
    expect(sent('Authorize')).toBeGreaterThan(result.sessions.attempted);
    expect(sent('MeterValues') + sent('TransactionEvent')).toBeGreaterThan(result.sessions.started);
  });

  it('raises no issue at the desk', () => {
    expect(issues).toEqual([]);
  });
});
