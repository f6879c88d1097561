/**
 * docs/load.md keeps working: every ```yaml example is a profile the compiler accepts; every ```yaml invalid example
 * is refused with exactly the line the CLI prints, shown after it; the tables of built-ins, fault kinds and exit codes match the
 * code; every threshold example parses; and every field of the profile schema is mentioned.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fencedBlocks, type FencedBlock } from '../../support/markdown.js';
import { ISSUE_RAISED_BY_FAULT } from '../../../harness/issues/raised-by-fault.js';
import { builtinProfileNames } from '../../../harness/load/profiles/builtin.js';
import { parseProfile, PROFILE_SCHEMA } from '../../../harness/load/profiles/compile.js';
import { LOAD_FAULT_KINDS } from '../../../harness/load/profiles/fault-mix.js';
import { profileRefusal } from '../../../harness/cli/commands/load-settings.js';
import { LOAD_EXIT } from '../../../harness/load/result.js';
import { parseThreshold } from '../../../harness/load/thresholds.js';
import { formatProblem } from '../../../harness/runner/scenario/problems.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const DOC_PATH = 'docs/load.md';
const DOC = readFileSync(join(ROOT, DOC_PATH), 'utf8');

const blocks = fencedBlocks(DOC, DOC_PATH);
const complete = blocks.filter((b) => b.info === 'yaml');
const invalid = blocks.filter((b) => b.info.startsWith('yaml invalid'));
const label = (b: FencedBlock) => `${DOC_PATH}:${b.firstLine}`;
const backticked = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);

function tableRows(header: string): string[][] {
  const start = DOC.indexOf(`${header}\n`);
  if (start < 0) throw new Error(`${DOC_PATH} has no table "${header}"`);
  const rows: string[][] = [];
  for (const line of DOC.slice(start).split('\n').slice(2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split('|').slice(1, -1).map((cell) => cell.trim()));
  }
  return rows;
}

describe(`${DOC_PATH} examples`, () => {
  it('has examples to check, and no yaml block of an unknown kind', () => {
    expect(complete.length).toBeGreaterThanOrEqual(1);
    expect(invalid.length).toBeGreaterThanOrEqual(3);
    expect(blocks.filter((b) => b.info.startsWith('yaml') && !complete.includes(b) && !invalid.includes(b)).map(label)).toEqual([]);
  });

  it.each(complete.map((b) => [label(b), b] as const))('%s is a profile the compiler accepts', (_, block) => {
    const result = parseProfile(block.text, DOC_PATH);
    expect(result.ok ? [] : result.problems.map((p) => formatProblem({ ...p, line: p.line + block.firstLine - 1 }))).toEqual([]);
    expect(block.text.startsWith('# yaml-language-server: $schema=./profile.schema.json\n')).toBe(true);
    // The example shows a fault mix and thresholds: they must have compiled to something.
    expect(result.ok && result.profile.faults.length > 0 && result.profile.thresholds.length > 0).toBe(true);
  });

  it.each(invalid.map((b) => [label(b), b] as const))('%s is refused with the text shown after it', (_, block) => {
    const shownAs = block.info.split(/\s+/)[2] as string;
    expect(shownAs).toMatch(/^profiles\/[a-z0-9-]+\.yaml$/);
    const output = blocks[blocks.indexOf(block) + 1];
    expect(output?.info).toBe('text');
    const result = parseProfile(block.text, shownAs);
    expect(result.ok).toBe(false);
    // As the CLI prints it (harness/cli/main.ts wraps a usage error the same way).
    expect(`chargedrill: ${profileRefusal(result.ok ? [] : result.problems, formatProblem)} (see chargedrill --help)\n`).toBe(output?.text);
  });
});

describe(`${DOC_PATH} reference`, () => {
  it('lists every built-in profile', () => {
    expect(tableRows('| profile | what it loads | stages | defaults |').map((row) => backticked(row[0] ?? '')[0]).sort()).toEqual(builtinProfileNames());
  });

  it('lists every fault kind a load run can inject with the issue the catalogue table says it raises', () => {
    const rows = tableRows('| kind | issue it raises |');
    expect(rows.map((row) => [backticked(row[0] ?? '')[0], backticked(row[1] ?? '')[0]])).toEqual(LOAD_FAULT_KINDS.map((kind) => [kind, ISSUE_RAISED_BY_FAULT[kind]]));
  });

  it('lists every exit code of LOAD_EXIT', () => {
    expect(tableRows('| code | meaning |').map((row) => Number(row[0]))).toEqual(Object.values(LOAD_EXIT).sort((a, b) => a - b));
  });

  it('gives threshold examples that parse', () => {
    const paragraph = DOC.slice(DOC.indexOf('Operators:'), DOC.indexOf('**A threshold with nothing'));
    const examples = backticked(paragraph).filter((code) => /[<>=]/.test(code) && code.length > 2);
    expect(examples.length).toBeGreaterThanOrEqual(10);
    for (const example of examples) expect(parseThreshold(example, DOC_PATH).ok, example).toBe(true);
  });

  it('mentions every field of the profile schema', () => {
    const fields = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (typeof node !== 'object' || node === null) return;
      const properties = (node as Record<string, unknown>)['properties'];
      if (typeof properties === 'object' && properties !== null) for (const key of Object.keys(properties)) fields.add(key);
      Object.values(node).forEach(walk);
    };
    walk(PROFILE_SCHEMA);
    expect(fields.size).toBeGreaterThan(20);
    const prose = DOC.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
    const mentioned = new Set(backticked(prose).flatMap((code) => code.split(/[^A-Za-z0-9-]+/)));
    expect([...fields].filter((field) => !mentioned.has(field))).toEqual([]);
  });
});
