/** The runner through its library API: real bundled CSMS, real virtual stations over sockets, simulated time. */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../harness/runner/run-scenario.js';
import { runSuite } from '../../../harness/runner/run-suite.js';
import type { Scenario } from '../../../harness/runner/scenario/model.js';
import { brokenFault, groundFailure201, realBudgetMs, stuckFinishing, stuckFinishingDoubledThreshold } from './scenarios.js';

describe('runScenario', () => {
  it('passes a stuck-Finishing scenario the desk handles by the book, with its timeline and numbers', { timeout: realBudgetMs(stuckFinishing()) }, async () => {
    const scenario = stuckFinishing();
    const result = await runScenario(scenario);
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('passed');
    expect(result.expectations.map((e) => [e.kind, e.status])).toEqual([
      ['issue', 'passed'],
      ['command', 'passed'],
      ['never', 'passed'],
      ['connector', 'passed'],
    ]);
    expect(result.unexpectedIssues).toEqual([]);
    // A passing scenario must watch for false positives to its very end.
    expect(result.simulatedDurationMs).toBe(scenario.endMs);
    const issue = result.expectations[0];
    expect(issue?.latencyMs).toBeLessThanOrEqual(8 * 60_000);
    expect(result.detections).toEqual([{ issueType: 'stuck-finishing', stationId: 'S1-CP1', latencyMs: issue?.latencyMs, budgetMs: 8 * 60_000, passed: true }]);
    expect(result.metrics['detection-latency-max']).toBe(issue?.latencyMs);
    const kinds = result.timeline.map((t) => t.kind);
    expect(kinds.indexOf('fault')).toBeLessThan(kinds.indexOf('issue-raised'));
    expect(kinds.indexOf('issue-raised')).toBeLessThan(kinds.indexOf('command'));
    expect(result.timeline.find((t) => t.kind === 'command')?.text).toMatch(/S1-CP1 received UnlockConnector/);
  });

  it('catches a doubled detector threshold with a message that says expected and observed', { timeout: realBudgetMs(stuckFinishingDoubledThreshold()) }, async () => {
    const scenario = stuckFinishingDoubledThreshold();
    const result = await runScenario(scenario);
    expect(result.status).toBe('failed');
    const [issue, command] = result.expectations;
    expect(issue?.status).toBe('failed');
    expect(issue?.message).toMatch(/^stuck-finishing on S1-CP1 expected within 8m, raised after 9m(\d+s)?$/);
    expect(issue?.latencyMs).toBeGreaterThan(8 * 60_000);
    // How late the unlock comes depends on how busy the machine is (a late detection, then the playbook's step):
    // any time past the 9 minutes, or never within the scenario.
    expect(command?.message).toMatch(/^UnlockConnector \{"connectorId":1\} must be sent to S1-CP1 within 9m, (sent after \d+m(\d+s)?|not sent \(watched for \d+m(\d+s)?\))$/);
    if (command?.latencyMs !== undefined) expect(command.latencyMs).toBeGreaterThan(9 * 60_000);
    expect(result.detections[0]).toMatchObject({ issueType: 'stuck-finishing', budgetMs: 8 * 60_000, passed: false });
    // The late unlock still frees the connector before the end.
    expect(result.expectations.map((e) => e.status)).toEqual(['failed', 'failed', 'passed', 'passed']);
    expect(result.simulatedDurationMs).toBe(scenario.endMs);
  });

  it('ends a failed scenario at its last deadline when only never and false-positive checks are left', { timeout: realBudgetMs(stuckFinishingDoubledThreshold()) }, async () => {
    const scenario = stuckFinishingDoubledThreshold();
    const fault = scenario.steps.find((s) => s.kind === 'fault');
    const result = await runScenario({ ...scenario, expectations: scenario.expectations.filter((e) => e.kind !== 'connector') });
    expect(result.status).toBe('failed');
    // The UnlockConnector deadline (9m after the fault) is the last moment the verdict's details could change.
    expect(result.simulatedDurationMs).toBeGreaterThanOrEqual((fault?.atMs ?? 0) + 9 * 60_000);
    expect(result.simulatedDurationMs).toBeLessThan(scenario.endMs);
    expect(result.expectations.find((e) => e.kind === 'never')).toMatchObject({ status: 'passed', observed: expect.stringMatching(/^never sent \(watched for 10m\d*s?\)$/) });
  });

  it('reports an issue nobody expected as a false positive', { timeout: realBudgetMs(stuckFinishing()) }, async () => {
    const scenario = stuckFinishing();
    const result = await runScenario({ ...scenario, name: 'stuck-finishing-unexpected', expectations: scenario.expectations.filter((e) => e.kind !== 'issue') });
    expect(result.status).toBe('failed');
    expect(result.unexpectedIssues).toEqual([expect.objectContaining({ type: 'stuck-finishing', stationId: 'S1-CP1', connectorId: 1, code: 'CD-I006' })]);
  });
});

describe('runSuite', () => {
  it('records a scenario that cannot run as errored and goes on with the rest', { timeout: realBudgetMs(stuckFinishing(), stuckFinishing()) }, async () => {
    const result = await runSuite([brokenFault(), stuckFinishing()], { parallel: 1 });
    expect(result.scenarios.map((s) => [s.name, s.status])).toEqual([
      ['broken-fault-step', 'errored'],
      ['stuck-finishing-unlock', 'passed'],
    ]);
    expect(result.scenarios[0]?.error).toMatch(/^step 0 \(cable-stuck\) at 1m .*stuck-finishing: connector 9 is not allowed on S1-CP1, expected 1 to 2/);
    expect(result.summary).toMatchObject({ scenarios: 2, passed: 1, failed: 0, errored: 1, skipped: 0 });
    expect(result.csms).toEqual({ kind: 'bundled-in-process' });
  });

  it('with bail, skips what comes after the first failure', { timeout: realBudgetMs(stuckFinishingDoubledThreshold()) }, async () => {
    const result = await runSuite([stuckFinishingDoubledThreshold(), stuckFinishing(), groundFailure201()], { parallel: 1, bail: true });
    expect(result.scenarios.map((s) => s.status)).toEqual(['failed', 'skipped', 'skipped']);
    expect(result.summary).toMatchObject({ failed: 1, skipped: 2, failedExpectations: 2 });
    expect(result.scenarios[0]?.realDurationMs).toBeGreaterThan(0);
    expect(result.options).toEqual({ bail: true });
  });

  // Three scenarios at once share one event loop: a stall there moves every simulated deadline by stall × scale.
  // At the files' scale of 300 a minute of margin is 200 ms of real time, which a busy machine takes from three
  // scenarios in one process (all three failed so beside two busy loops); at 100 it is 600 ms.
  const atScale100 = (scenario: Scenario): Scenario => ({ ...scenario, timeScale: 100 });
  const suite = () => [stuckFinishing(), groundFailure201(), stuckFinishingDoubledThreshold()].map(atScale100);
  it('gives the same verdicts one at a time and in parallel', { timeout: 2 * realBudgetMs(...suite()) }, async () => {
    const verdicts = (result: Awaited<ReturnType<typeof runSuite>>) => result.scenarios.map((s) => [s.name, s.status, s.expectations.map((e) => e.status)]);
    const serial = await runSuite(suite(), { parallel: 1 });
    const parallel = await runSuite(suite(), { parallel: 3 });
    expect(verdicts(parallel)).toEqual(verdicts(serial));
    expect(serial.scenarios.map((s) => s.status)).toEqual(['passed', 'passed', 'failed']);
  });
});
