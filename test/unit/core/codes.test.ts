/** Every stable code in the source is documented in docs/codes.md, and every documented code exists. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { STRICT_RULES } from '../../../harness/csms/strict/registry.js';
import { ISSUE_TYPES, type DefaultHandling, type EscalationRoute } from '../../../harness/issues/catalogue.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const DOC = readFileSync(join(ROOT, 'docs/codes.md'), 'utf8');
// Codes are string literals in the source; quoting keeps constants such as CSMS_DEFAULTS out.
const CODE = /'(CD-[IV]\d{3}|CD_ERR_[A-Z_]+|CSMS_[A-Z_]+)'/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const inSource = new Set(
  ['harness', 'simulator', 'reports'].flatMap((dir) => sourceFiles(join(ROOT, dir))).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(CODE)].map((m) => m[1] as string)),
);
const documented = new Set([...DOC.matchAll(/^\| (CD-[IV]\d{3}|CD_ERR_[A-Z_]+|CSMS_[A-Z_]+) \|/gm)].map((m) => m[1] as string));

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

  it('lists every strict rule with its name, severity and CALLERROR as the registry defines them', () => {
    for (const rule of STRICT_RULES) {
      const answer = rule.severity === 'warning' ? 'none' : `${rule.errorCode}${rule.enforcedAlways ? ' (always)' : ''}`;
      expect(DOC, `docs/codes.md needs the row of ${rule.id}`).toContain(`| ${rule.id} | ${rule.name} | ${rule.severity} | ${answer} |`);
    }
    expect(DOC.match(/^\| CD-V\d{3} \|/gm)).toHaveLength(STRICT_RULES.length);
  });

  it('gives each issue type the row its catalogue record makes, and no other issue-type row', () => {
    for (const [type, record] of Object.entries(ISSUE_TYPES)) {
      const row = `| ${record.code} | ${type} | ${record.title} | ${record.severity} | ${record.outage ? 'yes' : 'no'} | ${handlingCell(record.handling)} | ${record.description} |`;
      expect(DOC, `docs/codes.md needs the row\n${row}`).toContain(row);
    }
    expect(DOC.match(/^\| CD-I\d{3} \|/gm)).toHaveLength(Object.keys(ISSUE_TYPES).length);
  });
});

/** The "default handling" column of docs/codes.md, as the legend above the table explains it. */
function handlingCell(handling: DefaultHandling): string {
  const route = (r: EscalationRoute): string => `${r.target}${r.workOrder ? ' + work order' : ''}`;
  switch (handling.kind) {
    case 'ladder':
      return `ladder: ${handling.steps.join(', ') || 'none'}${handling.byErrorCode ? ' (or by error code)' : ''}`;
    case 'connectivity':
      return `connectivity: ${handling.steps.join(', ') || 'none'}`;
    case 'safety':
      return 'safety';
    case 'escalate':
      return [
        route(handling),
        ...Object.entries(handling.byLikelyCause ?? {}).map(([cause, r]) => `${cause}: ${route(r)}`),
      ].join('; ') + (handling.reroutable ? '' : ' (fixed)');
  }
}
