import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { caseTableMarkdown } from '../../../harness/conformance/case-table.js';
import { CASES, casesOf } from '../../../harness/conformance/registry.js';

const DOC = readFileSync(new URL('../../../docs/conformance.md', import.meta.url), 'utf8');

function between(start: string, end: string): string {
  const from = DOC.indexOf(start);
  const to = DOC.indexOf(end);
  expect(from, start).toBeGreaterThan(-1);
  expect(to, end).toBeGreaterThan(from);
  return DOC.slice(from + start.length, to).trim();
}

describe('docs/conformance.md', () => {
  it('lists exactly the cases of the registry, with their metadata', () => {
    expect(between('<!-- cases:start -->', '<!-- cases:end -->')).toBe(caseTableMarkdown());
  });
});

describe('the case registry', () => {
  it('has unique ids, OCTT-shaped for OCTT cases and CD_ for chargedrill\'s own', () => {
    const ids = CASES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of CASES) {
      if (c.titleSource === 'chargedrill') expect(c.id).toMatch(/^CD_[A-Z]+_\d{2}_CSMS_(16|201)$/);
      else if (c.protocol === 'ocpp2.0.1') expect(c.id).toMatch(new RegExp(`^TC_${c.block}_\\d{2}_CSMS$`));
      else expect(c.id).toMatch(/^TC_\d{3}(_\d)?_CSMS$/);
    }
  });

  it('holds at least 60 OCPP 2.0.1 and 30 OCPP 1.6 OCTT cases, each with validations', () => {
    const octt = (p: 'ocpp1.6' | 'ocpp2.0.1') => casesOf(p).filter((c) => c.titleSource !== 'chargedrill').length;
    expect(octt('ocpp2.0.1')).toBeGreaterThanOrEqual(60);
    expect(octt('ocpp1.6')).toBeGreaterThanOrEqual(30);
    for (const c of CASES) expect(c.validations.length, c.id).toBeGreaterThan(0);
  });
});
