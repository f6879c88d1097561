import { describe, expect, it } from 'vitest';
import { toJson } from '../../../reports/json.js';
import type { RunResult } from '../../../reports/result.js';
import { fixtureResult } from './fixture.js';

/** Rebuilds every object with its keys reversed: the canonical text must not depend on construction order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
}

describe('toJson', () => {
  it('round-trips the result unchanged', () => {
    const result = fixtureResult();
    expect(JSON.parse(toJson(result))).toEqual(result);
  });

  it('writes the same text whatever order the keys were built in', () => {
    const result = fixtureResult();
    expect(toJson(reverseKeys(result) as RunResult)).toBe(toJson(result));
  });

  it('puts keys in the order result.ts declares them, schemaVersion first', () => {
    const parsed = JSON.parse(toJson(reverseKeys(fixtureResult()) as RunResult)) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([
      'schemaVersion', 'tool', 'startedAt', 'finishedAt', 'realDurationMs', 'csms', 'options', 'summary', 'scenarios',
    ]);
    const scenario = (parsed.scenarios as Record<string, unknown>[])[1] as Record<string, unknown>;
    expect(Object.keys(scenario).slice(0, 3)).toEqual(['name', 'file', 'summary']);
    const expectation = (scenario.expectations as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect(Object.keys(expectation)).toEqual([
      'kind', 'title', 'status', 'expected', 'observed', 'message', 'latencyMs', 'budgetMs', 'source',
    ]);
  });

  it('sorts free-form metric names and keeps unknown fields, sorted after the known ones', () => {
    const result = fixtureResult();
    const scenario = result.scenarios[0];
    if (!scenario) throw new Error('fixture changed');
    scenario.metrics = { zeta: 1, alpha: 2 };
    Object.assign(scenario, { zz: true, aa: 1 });
    const parsed = JSON.parse(toJson(result)) as { scenarios: Record<string, unknown>[] };
    const first = parsed.scenarios[0] as Record<string, unknown>;
    expect(Object.keys(first.metrics as object)).toEqual(['alpha', 'zeta']);
    expect(Object.keys(first).slice(-2)).toEqual(['aa', 'zz']);
  });

  it('is indented with two spaces and ends with a newline', () => {
    const text = toJson(fixtureResult());
    expect(text.startsWith('{\n  "schemaVersion": 1,\n  "tool": {\n    "name": "chargedrill"')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });
});
