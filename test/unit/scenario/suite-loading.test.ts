import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { grepScenarios } from '../../../harness/runner/scenario/grep.js';
import { loadScenarioFile, loadScenarios } from '../../../harness/runner/scenario/load.js';
import { formatProblem, ScenarioError } from '../../../harness/runner/scenario/problems.js';

function file(name: string, extra: string[] = []): string {
  return [`name: ${name}`, 'summary: s', 'protocol: ocpp1.6', 'fleet: { sites: 1, stationsPerSite: 1 }', 'steps: [{ at: 0s, wait: true }]', 'expect: []', ...extra].join('\n');
}

describe('loading a suite', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chargedrill-scenarios-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads .yaml and .yml files of a directory and its subdirectories in name order', async () => {
    await mkdir(join(dir, 'v201'));
    await writeFile(join(dir, 'b.yaml'), file('b'));
    await writeFile(join(dir, 'a.yml'), file('a'));
    await writeFile(join(dir, 'v201', 'c.yaml'), file('c'));
    await writeFile(join(dir, 'notes.md'), '# not a scenario');
    const suite = await loadScenarios([dir]);
    expect(suite.problems).toEqual([]);
    expect(suite.scenarios.map((s) => s.name)).toEqual(['a', 'b', 'c']);
  });

  it('collects the problems of every file instead of stopping at the first', async () => {
    await writeFile(join(dir, 'one.yaml'), file('one', ['seed: -1']));
    await writeFile(join(dir, 'two.yaml'), file('two', ['timeScale: 0']));
    const suite = await loadScenarios([dir]);
    expect(suite.problems.map((p) => [p.file.endsWith('one.yaml') ? 'one' : 'two', p.path, p.line])).toEqual([
      ['one', '/seed', 7],
      ['two', '/timeScale', 7],
    ]);
    expect(suite.scenarios).toEqual([]);
    expect(new ScenarioError(suite.problems).message).toMatch(/^invalid scenario files:\n {2}.*one\.yaml:7:7: \/seed: -1 is too small \(allowed: ≥ 0\)/);
  });

  it('refuses a scenario name used by an earlier file, at the name', async () => {
    await writeFile(join(dir, 'a.yaml'), file('same'));
    await writeFile(join(dir, 'b.yaml'), file('same'));
    const suite = await loadScenarios([dir]);
    expect(suite.problems.map(formatProblem)).toEqual([expect.stringMatching(/b\.yaml:1:7: \/name: scenario name "same" is already used by .*a\.yaml$/)]);
    expect(suite.scenarios).toHaveLength(1);
  });

  it('reports a path that does not exist as a problem', async () => {
    const suite = await loadScenarios([join(dir, 'missing.yaml')]);
    expect(suite.problems).toEqual([expect.objectContaining({ line: 1, column: 1, message: expect.stringContaining('cannot read') })]);
    const single = await loadScenarioFile(join(dir, 'missing.yaml'));
    expect(single.ok).toBe(false);
  });
});

describe('--grep', () => {
  const suite = [
    { name: 'ground-failure-mid-session', tags: ['safety', 'ocpp16'] },
    { name: 'site-uplink-outage', tags: ['connectivity'] },
    { name: 'busy-evening-no-issues', tags: ['false-positives'] },
  ];

  it('matches names and tags as case-insensitive regular expressions', () => {
    expect(grepScenarios(suite, 'GROUND').map((s) => s.name)).toEqual(['ground-failure-mid-session']);
    expect(grepScenarios(suite, 'connect').map((s) => s.name)).toEqual(['site-uplink-outage']);
    expect(grepScenarios(suite, '^(site|busy)-').map((s) => s.name)).toEqual(['site-uplink-outage', 'busy-evening-no-issues']);
  });

  it('matches a tag exactly with tag:', () => {
    expect(grepScenarios(suite, 'tag:safety').map((s) => s.name)).toEqual(['ground-failure-mid-session']);
    expect(grepScenarios(suite, 'tag:safe')).toEqual([]);
  });

  it('keeps scenarios matching any of several patterns, and all of them without one', () => {
    expect(grepScenarios(suite, ['tag:safety', 'evening']).map((s) => s.name)).toEqual(['ground-failure-mid-session', 'busy-evening-no-issues']);
    expect(grepScenarios(suite, undefined)).toHaveLength(3);
  });

  it('matches text that is not a valid regular expression literally', () => {
    expect(grepScenarios([{ name: 'a', tags: ['x(y'] }], 'x(y')).toHaveLength(1);
  });
});
