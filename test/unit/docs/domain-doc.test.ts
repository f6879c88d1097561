/**
 * docs/domain.md stays complete: every documented issue code has its rule in §4, every fault kind of the
 * catalogue has its row in §3, and nothing in the repository points at a domain guide outside it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FAULTS } from '../../../simulator/faults/registry.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const DOMAIN = readFileSync(join(ROOT, 'docs/domain.md'), 'utf8');
const CODES = readFileSync(join(ROOT, 'docs/codes.md'), 'utf8');

/** The text of section `n` (from its `## n.` heading to the next `## ` heading). */
function section(n: number): string {
  const start = DOMAIN.search(new RegExp(`^## ${n}\\. `, 'm'));
  if (start < 0) throw new Error(`docs/domain.md has no "## ${n}. " heading`);
  const rest = DOMAIN.slice(start + 1);
  const end = rest.search(/^## /m);
  return end < 0 ? rest : rest.slice(0, end);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const issueCodes = [...CODES.matchAll(/^\| (CD-I\d{3}) \|/gm)].map((m) => m[1] as string);
const faultKinds = Object.keys(FAULTS);

describe('docs/domain.md', () => {
  it('has the six numbered sections, in order', () => {
    const headings = [...DOMAIN.matchAll(/^## (\d+)\. /gm)].map((m) => Number(m[1]));
    expect(headings).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('finds issue codes and fault kinds to check (so the next checks cannot pass on nothing)', () => {
    expect(issueCodes.length).toBeGreaterThanOrEqual(12);
    expect(faultKinds.length).toBeGreaterThanOrEqual(16);
  });

  it('describes every issue type of docs/codes.md in §4, under its own heading', () => {
    const rules = section(4);
    const missing = issueCodes.filter((code) => !new RegExp(`^### ${code} \``, 'm').test(rules));
    expect(missing).toEqual([]);
  });

  it('has a row in the §3 table for every fault kind of the catalogue', () => {
    const faults = section(3);
    const missing = faultKinds.filter((kind) => !new RegExp(`^\\| \`${escapeRegExp(kind)}\` \\|`, 'm').test(faults));
    expect(missing).toEqual([]);
  });
});

describe('the repository', () => {
  // Built from parts so this file does not match itself.
  const FORBIDDEN = [['DOMAIN', 'md'].join('.'), ['shared', ''].join('/')];

  it('points at no domain guide or shared folder outside it', () => {
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 })
      .split('\0')
      .filter((file) => file !== '' && !file.startsWith('node_modules/'));
    expect(files.length).toBeGreaterThan(100);
    const hits: string[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(join(ROOT, file), 'utf8');
      } catch {
        // Deleted in the working tree but still in the index: nothing to read.
        continue;
      }
      text.split('\n').forEach((line, index) => {
        for (const word of FORBIDDEN) if (line.includes(word)) hits.push(`${file}:${index + 1}: ${word}`);
      });
    }
    expect(hits).toEqual([]);
  });
});
