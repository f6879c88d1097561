/** The fault → issue table agrees with the default suite: every fault scenario expects the issue the table names. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ISSUE_RAISED_BY_FAULT } from '../../../harness/issues/raised-by-fault.js';
import { loadScenarios } from '../../../harness/runner/scenario/load.js';
import type { FaultStep } from '../../../harness/runner/scenario/model.js';
import { FAULT_KINDS } from '../../../simulator/faults/registry.js';

const suite = await loadScenarios([join(import.meta.dirname, '../../../scenarios')]);

describe('ISSUE_RAISED_BY_FAULT', () => {
  it('names an issue for every fault kind', () => {
    expect(Object.keys(ISSUE_RAISED_BY_FAULT).sort()).toEqual([...FAULT_KINDS].sort());
  });

  it('is what every scenario injecting one kind of fault expects to be raised', () => {
    const checked: string[] = [];
    for (const scenario of suite.scenarios) {
      const kinds = new Set(scenario.steps.filter((s): s is FaultStep => s.kind === 'fault').map((s) => s.fault));
      const expected = scenario.expectations.flatMap((e) => (e.kind === 'issue' ? [e.issue] : []));
      if (kinds.size !== 1 || expected.length === 0) continue;
      const kind = [...kinds][0] as keyof typeof ISSUE_RAISED_BY_FAULT;
      expect(expected, `${scenario.name} (${kind})`).toContain(ISSUE_RAISED_BY_FAULT[kind]);
      checked.push(kind);
    }
    // Every kind is covered by at least one scenario, so no row of the table goes unchecked.
    expect(new Set(checked)).toEqual(new Set(FAULT_KINDS));
  });
});
