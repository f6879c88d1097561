/**
 * Scenarios for the runner tests: the suite's own files, and variants of them with one thing deliberately
 * wrong. Every real-time bound a test uses comes from a scenario's own length and time scale.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { catalogueFaultParams } from '../../../harness/runner/fault-validator.js';
import { parseScenario } from '../../../harness/runner/scenario/load.js';
import type { Scenario } from '../../../harness/runner/scenario/model.js';

export const SCENARIOS_DIR = fileURLToPath(new URL('../../../scenarios/', import.meta.url));

/** Real ms allowed for booting, closing and a loaded machine on top of a scenario's simulated length. */
export const SLACK_REAL_MS = 15_000;

export function scenarioText(file: string): string {
  return readFileSync(`${SCENARIOS_DIR}${file}`, 'utf8');
}

export function scenarioFrom(text: string, file = 'inline.yaml'): Scenario {
  const parsed = parseScenario(text, file, { validateFaultParams: catalogueFaultParams });
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.line}:${p.column} ${p.path} ${p.message}`).join('\n'));
  return parsed.scenario;
}

/** The scenario's full length in real ms plus slack: a test timeout that follows the file. */
export function realBudgetMs(...scenarios: Scenario[]): number {
  return scenarios.reduce((sum, s) => sum + s.endMs / s.timeScale, 0) + SLACK_REAL_MS;
}

export const stuckFinishing = (): Scenario => scenarioFrom(scenarioText('stuck-finishing-unlock.yaml'), 'scenarios/stuck-finishing-unlock.yaml');
export const groundFailure201 = (): Scenario => scenarioFrom(scenarioText('ground-failure-quick-repair-201.yaml'), 'scenarios/ground-failure-quick-repair-201.yaml');

/** The stuck-finishing scenario against a CSMS whose stuck-Finishing threshold is doubled (2m → 4m). */
export function stuckFinishingDoubledThreshold(): Scenario {
  const text = scenarioText('stuck-finishing-unlock.yaml')
    .replace('name: stuck-finishing-unlock', 'name: stuck-finishing-doubled-threshold')
    .replace('detector: { stuckFinishing: 2m }', 'detector: { stuckFinishing: 4m }');
  return scenarioFrom(text, 'scenarios/stuck-finishing-doubled-threshold.yaml');
}

/** A scenario whose fault step cannot be injected (its connector was changed after loading to one the stations lack). */
export function brokenFault(): Scenario {
  const scenario = stuckFinishing();
  return {
    ...scenario,
    name: 'broken-fault-step',
    steps: scenario.steps.map((step) => (step.kind === 'fault' ? { ...step, connectorId: 9 } : step)),
  };
}
