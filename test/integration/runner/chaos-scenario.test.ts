/**
 * A scenario's `chaos` block: selectors and settings checked when the file is loaded, and applied per
 * station when it runs, end to end against the bundled CSMS.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../harness/runner/scenario/load.js';
import { runScenario } from '../../../harness/runner/run-scenario.js';
import { catalogueFaultParams } from '../../../harness/runner/fault-validator.js';
import { realBudgetMs, scenarioFrom, scenarioText } from './scenarios.js';

const BASE = scenarioText('stuck-finishing-unlock.yaml').replace('name: stuck-finishing-unlock', 'name: stuck-finishing-under-chaos');

function withChaos(block: string): string {
  return BASE.replace('duration: 12m', `${block}\nduration: 12m`);
}

describe('scenario chaos', () => {
  it('resolves each entry to its stations and reads its settings', () => {
    const scenario = scenarioFrom(withChaos('chaos:\n  - { station: S1-CP2, latency: 40ms, drop-in: 2% }\n  - { latency: 20ms, jitter: 10ms, duplicate: 0.25, seed: 4 }'));
    expect(scenario.chaos?.map((rule) => [rule.target.stationIds, rule.options])).toEqual([
      [['S1-CP2'], { latencyMs: 40, dropIn: 0.02 }],
      [['S1-CP1', 'S1-CP2'], { latencyMs: 20, jitterMs: 10, duplicateOut: 0.25, duplicateIn: 0.25, seed: 4 }],
    ]);
    expect(scenarioFrom(BASE).chaos).toBeUndefined();
  });

  it('refuses selectors outside the fleet, values out of range, unknown keys and entries without settings', () => {
    const parsed = parseScenario(withChaos('chaos:\n  - { site: S9, drop: 150% }\n  - { station: S1-CP1 }'), 'chaos.yaml', { validateFaultParams: catalogueFaultParams });
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems.map((p) => [p.path, p.message]);
    expect(problems).toEqual([
      ['/chaos/0/site', 'site "S9" is not in the fleet'],
      ['/chaos/0/drop', '"150%" is not allowed'],
      ['/chaos/1', 'names stations but no chaos setting'],
    ]);
    const unknown = parseScenario(withChaos('chaos:\n  - { lag: 5ms }'), 'chaos.yaml', { validateFaultParams: catalogueFaultParams });
    expect(unknown.ok ? [] : unknown.problems.map((p) => [p.path, p.message, p.allowed?.includes('latency')])).toEqual([['/chaos/0', expect.stringContaining('lag'), true]]);
  });

  // Latency is real time: at 120x, 10-20 ms a frame is 1.2-2.4 simulated seconds, inside the file's budgets
  // (at its own 300x, 20-40 ms a frame delays the detection past its 8m budget).
  it('runs a scenario end to end with latency and duplicated frames on every station', async () => {
    const scenario = scenarioFrom(withChaos('chaos:\n  - { latency: 10ms, jitter: 10ms, duplicate: 25% }'));
    const result = await runScenario(scenario, { timeScale: 120 });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('passed');
    expect(result.unexpectedIssues).toEqual([]);
  }, realBudgetMs({ ...scenarioFrom(BASE), timeScale: 120 }));

  it('applies chaos only to the stations an entry selects: a station whose frames are all lost never boots', async () => {
    const scenario = scenarioFrom(withChaos('chaos:\n  - { station: S1-CP2, drop-out: 100% }'));
    const result = await runScenario(scenario, { bootTimeoutMs: 3_000 });
    expect(result.status).toBe('errored');
    expect(result.error).toMatch(/only 1 of 2 stations were accepted/);
  }, 20_000);
});
