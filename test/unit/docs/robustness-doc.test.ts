/** docs/robustness.md shows the fuzz catalogue and the chaos keys as the code has them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chaosKeysTable, fuzzCasesTable } from '../../../harness/fuzz/docs-table.js';
import { FUZZ_CASES } from '../../../harness/fuzz/catalogue.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const DOC = readFileSync(join(ROOT, 'docs/robustness.md'), 'utf8');

function between(name: string): string {
  const match = new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)\\n<!-- ${name}:end -->`).exec(DOC);
  if (!match) throw new Error(`docs/robustness.md has no ${name} markers`);
  return match[1] as string;
}

describe('docs/robustness.md', () => {
  it('lists every fuzz case with its expected answers per version, as the catalogue has them', () => {
    expect(between('fuzz-cases')).toBe(fuzzCasesTable());
    expect(between('fuzz-cases').split('\n')).toHaveLength(FUZZ_CASES.length + 2);
  });

  it('lists every chaos spec key', () => {
    expect(between('chaos-keys')).toBe(chaosKeysTable());
  });
});
