import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../../../harness/runner/scenario/load.js';
import { formatProblem } from '../../../harness/runner/scenario/problems.js';

const SCENARIOS_DIR = join(import.meta.dirname, '../../../scenarios');

function yamlFilesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFilesIn(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

const files = yamlFilesIn(SCENARIOS_DIR);

describe('the scenario files in scenarios/', () => {
  it('exist', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('all load without a problem, with names unique across the suite', async () => {
    const suite = await loadScenarios([SCENARIOS_DIR]);
    expect(suite.problems.map(formatProblem)).toEqual([]);
    expect(suite.scenarios).toHaveLength(files.length);
  });

  it.each(files.map((file) => [relative(SCENARIOS_DIR, file), file]))('%s points editors at the schema on its first line', (_name, file) => {
    const depth = relative(SCENARIOS_DIR, file).split('/').length - 1;
    const schemaPath = depth === 0 ? './scenario.schema.json' : `${'../'.repeat(depth)}scenario.schema.json`;
    const firstLine = readFileSync(file, 'utf8').split('\n')[0];
    expect(firstLine).toBe(`# yaml-language-server: $schema=${schemaPath}`);
  });
});
