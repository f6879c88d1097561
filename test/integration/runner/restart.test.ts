/** `restartCsms`: the in-process CSMS closes and starts again on its SQLite file; the stations come back by themselves. */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../harness/runner/run-scenario.js';
import { realBudgetMs, scenarioFrom } from './scenarios.js';

const RESTART = `
name: restart-then-ground-failure
summary: The CSMS restarts; afterwards its desk still sees a ground failure at once and nothing else.
protocol: ocpp1.6
timeScale: 60
fleet: { sites: 1, stationsPerSite: 2, heartbeatInterval: 1m }
duration: 2m
steps:
  - at: 1m
    restartCsms: true
  - at: 2m
    name: rcd-trip
    fault: { kind: ground-failure, station: S1-CP2, connector: 2 }
expect:
  - issue: safety-fault
    station: S1-CP2
    connector: 2
    within: 30s
  - never: { command: Reset }
`;

describe('restartCsms', () => {
  const scenario = scenarioFrom(RESTART);

  it('keeps observing across the restart, and reconnecting stations raise no false positive', { timeout: realBudgetMs(scenario) }, async () => {
    const result = await runScenario(scenario);
    expect(result.error).toBeUndefined();
    expect(result.timeline.map((t) => t.text)).toContain('CSMS stopped and started again on the same database');
    expect(result.expectations.map((e) => e.status)).toEqual(['passed', 'passed']);
    expect(result.unexpectedIssues).toEqual([]);
    expect(result.status).toBe('passed');
  });
});
