/**
 * docs/scenarios.md keeps working: every ```yaml example is a scenario the loader accepts; every ```yaml fragment
 * parses and fits the scenario schema with its top-level keys optional; every ```yaml invalid example is refused by
 * `chargedrill run` with exactly the output shown in the ```text block after it; the fault table matches the
 * catalogue; and every field of the schema is mentioned.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { fencedBlocks, type FencedBlock } from '../../support/markdown.js';
import { parse } from 'yaml';
import { runCli } from '../../../harness/cli/run-cli.js';
import { parseScenario } from '../../../harness/runner/scenario/load.js';
import { formatProblem } from '../../../harness/runner/scenario/problems.js';
import { SCENARIO_SCHEMA } from '../../../harness/runner/scenario/schema.js';
import { FAULT_KINDS, FAULTS } from '../../../simulator/faults/registry.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const DOC_PATH = 'docs/scenarios.md';
const DOC = readFileSync(join(ROOT, DOC_PATH), 'utf8');

const blocks = fencedBlocks(DOC, DOC_PATH);
const complete = blocks.filter((b) => b.info === 'yaml');
const fragments = blocks.filter((b) => b.info === 'yaml fragment');
const invalid = blocks.filter((b) => b.info.startsWith('yaml invalid'));
const label = (b: FencedBlock) => `${DOC_PATH}:${b.firstLine}`;

describe(`${DOC_PATH} examples`, () => {
  it('has examples of each kind to check, and no yaml block of an unknown kind', () => {
    expect(complete.length).toBeGreaterThanOrEqual(2);
    expect(fragments.length).toBeGreaterThanOrEqual(3);
    expect(invalid.length).toBeGreaterThanOrEqual(2);
    const unknown = blocks.filter((b) => b.info.startsWith('yaml') && !complete.includes(b) && !fragments.includes(b) && !invalid.includes(b));
    expect(unknown.map(label)).toEqual([]);
  });

  it.each(complete.map((b) => [label(b), b] as const))('%s is a complete scenario the loader accepts', (_, block) => {
    const result = parseScenario(block.text, DOC_PATH);
    // Positions shifted to the doc's own lines, so a failure points at the example as written there.
    const problems = result.ok ? [] : result.problems.map((p) => formatProblem({ ...p, line: p.line + block.firstLine - 1 }));
    expect(problems).toEqual([]);
    expect(block.text.startsWith('# yaml-language-server: $schema=./scenario.schema.json\n')).toBe(true);
  });

  // The schema with every top-level key optional: a fragment shows some keys of a file, each checked in full.
  const fragmentSchema = { ...SCENARIO_SCHEMA, $id: 'scenario-fragment', required: [] };
  const validateFragment = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(fragmentSchema);

  it.each(fragments.map((b) => [label(b), b] as const))('%s is YAML that fits the scenario schema', (_, block) => {
    const data: unknown = parse(block.text, { uniqueKeys: true, prettyErrors: false });
    // A fragment of comments only (the editor line) has nothing to check beyond parsing.
    if (data === null) return;
    const valid = validateFragment(data);
    expect(validateFragment.errors?.map((e) => `${e.instancePath} ${e.message ?? ''}`) ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  const dir = mkdtempSync(join(tmpdir(), 'scenarios-doc-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(invalid.map((b) => [label(b), b] as const))('%s is refused by chargedrill run with the output shown after it', async (_, block) => {
    const shownAs = block.info.split(/\s+/)[2];
    expect(shownAs, 'a yaml invalid block names its file: ```yaml invalid scenarios/NAME.yaml').toMatch(/^scenarios\/[a-z0-9-]+\.yaml$/);
    const output = blocks[blocks.indexOf(block) + 1];
    expect(output?.info, 'the block after a yaml invalid block is the ```text output').toBe('text');

    const path = join(dir, (shownAs as string).slice('scenarios/'.length));
    writeFileSync(path, block.text);
    let stdout = '';
    let stderr = '';
    const code = await runCli(
      { paths: [path], grep: [], bail: false, parallel: 1, formats: ['json'], out: join(dir, 'reports') },
      { write: (chunk: string) => ((stdout += chunk), true) } as NodeJS.WritableStream,
      { write: (chunk: string) => ((stderr += chunk), true) } as NodeJS.WritableStream,
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    // The CLI names a file outside the working directory by its absolute path; the doc shows it in scenarios/.
    expect(stderr.split(path).join(shownAs)).toBe(output?.text);
  });
});

/** The rows of the markdown table whose header row is `header`, as trimmed cells. */
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

const backticked = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);

describe(`${DOC_PATH} reference`, () => {
  it('lists every fault kind of the catalogue with its parameters, in catalogue order', () => {
    const rows = tableRows('| kind | selects | parameters |');
    expect(rows.map((row) => backticked(row[0] ?? '')[0])).toEqual([...FAULT_KINDS]);
    for (const row of rows) {
      const kind = backticked(row[0] ?? '')[0] as keyof typeof FAULTS;
      // Values in parentheses (a parameter's choices) are not parameter names.
      const params = backticked((row[2] ?? '').replace(/\([^)]*\)/g, ''));
      expect({ kind, params }).toEqual({ kind, params: Object.keys(FAULTS[kind].params) });
    }
  });

  it('mentions every field of the scenario schema', () => {
    const fields = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (typeof node !== 'object' || node === null) return;
      const record = node as Record<string, unknown>;
      const properties = record['properties'];
      if (typeof properties === 'object' && properties !== null) for (const key of Object.keys(properties)) fields.add(key);
      Object.values(record).forEach(walk);
    };
    walk(SCENARIO_SCHEMA);
    expect(fields.size).toBeGreaterThan(60);
    // Inline code of the prose and tables; code blocks would pair their fences' backticks wrongly.
    const prose = DOC.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
    const mentioned = new Set(backticked(prose).flatMap((code) => code.split(/[^A-Za-z0-9-]+/)));
    expect([...fields].filter((field) => !mentioned.has(field))).toEqual([]);
  });
});
