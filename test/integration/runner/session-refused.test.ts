/** A scripted session the CSMS refuses is in the scenario's timeline and result JSON, with the CSMS's status. */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../harness/runner/run-scenario.js';
import { realBudgetMs, scenarioFrom } from './scenarios.js';
import { watchLoopLag } from '../../support/loop-lag.js';

const blockedSession = (protocol: string) =>
  scenarioFrom(`
name: blocked-session-${protocol === "ocpp1.6" ? "16" : "201"}
summary: A driver's card is blocked; the CSMS refuses the session and the report says so.
protocol: ${protocol}
timeScale: 600
seed: 3
fleet: { sites: 1, stationsPerSite: 1, connectors: 2 }
csms:
  idTags: { blocked: [BLOCKED-0001] }
duration: 5m
steps:
  - at: 1m
    session: { station: S1-CP1, connector: 1, idTag: BLOCKED-0001, duration: 2m }
  - at: 1m
    session: { station: S1-CP1, connector: 2, idTag: ACCEPTED-0002, duration: 2m }
expect:
  - never: { command: Reset }
`);

describe('a scripted session the CSMS refuses', () => {
  for (const protocol of ['ocpp2.0.1', 'ocpp1.6']) {
    it(`shows 'session refused (Blocked)' in the ${protocol} result's timeline`, { timeout: realBudgetMs(blockedSession(protocol)) }, async () => {
      const lag = watchLoopLag();
      const result = await runScenario(blockedSession(protocol));
      lag.stop();
      expect(result.error).toBeUndefined();
      const refused = result.timeline.filter((entry) => entry.kind === 'session-refused');
      expect(refused).toEqual([
        { atMs: expect.any(Number), kind: 'session-refused', stationId: 'S1-CP1', connectorId: 1, text: 'S1-CP1 connector 1: session refused (Blocked) for token BLOCKED-0001' },
      ]);
      // Refused at Authorize, one simulated minute in: the accepted session on connector 2 is not reported. The
      // Authorize round trip is four turns of the event loop over loopback (10 real ms at most on an idle machine),
      // each of which a stall of this process can hold up; at scale 600 a real ms is 0.6 simulated s.
      expect(refused[0]?.atMs).toBeGreaterThanOrEqual(60_000);
      expect(refused[0]?.atMs).toBeLessThanOrEqual(60_000 + 600 * (10 + 4 * lag.maxMs()));
    });
  }
});
