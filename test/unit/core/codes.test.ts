/** Every stable code in the source is documented in docs/codes.md, and every documented code exists. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ISSUE_TYPES } from '../../../harness/detector/types.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const DOC = readFileSync(join(ROOT, 'docs/codes.md'), 'utf8');
// Codes are string literals in the source; quoting keeps constants such as CSMS_DEFAULTS out.
const CODE = /'(CD-I\d{3}|CD_ERR_[A-Z_]+|CSMS_[A-Z_]+)'/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const inSource = new Set(
  ['harness', 'simulator', 'reports'].flatMap((dir) => sourceFiles(join(ROOT, dir))).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(CODE)].map((m) => m[1] as string)),
);
const documented = new Set([...DOC.matchAll(/^\| (CD-I\d{3}|CD_ERR_[A-Z_]+|CSMS_[A-Z_]+) \|/gm)].map((m) => m[1] as string));

describe('docs/codes.md', () => {
  it('finds codes in the source (so the next checks cannot pass on nothing)', () => {
    expect(inSource.size).toBeGreaterThanOrEqual(20);
  });

  it('documents every code the source uses', () => {
    expect([...inSource].filter((code) => !documented.has(code)).sort()).toEqual([]);
  });

  it('documents no code the source lacks', () => {
    expect([...documented].filter((code) => !inSource.has(code)).sort()).toEqual([]);
  });

  it('gives each issue type the code, type and severity the detector uses', () => {
    for (const [type, info] of Object.entries(ISSUE_TYPES)) {
      expect(DOC).toContain(`| ${info.code} | ${type} | ${info.severity} |`);
    }
  });
});
