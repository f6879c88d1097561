import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { grepProblem, grepScenarios, selectScenarios } from '../../../harness/runner/scenario/grep.js';
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

describe('--grep and --tag', () => {
  const suite = [
    { name: 'ground-failure-mid-session', tags: ['safety', 'ocpp16'], protocol: 'ocpp1.6' as const },
    { name: 'site-uplink-outage', tags: ['connectivity'], protocol: 'ocpp2.0.1' as const },
    { name: 'busy-evening-no-issues', tags: ['false-positives'], protocol: 'ocpp1.6' as const },
    { name: 'crash-loop', tags: ['firmware', 'crash-loop', 'ocpp16'], protocol: 'ocpp1.6' as const },
    { name: 'crash-loop-201', tags: ['firmware', 'crash-loop', 'ocpp201', 'safety'], protocol: 'ocpp2.0.1' as const },
  ];
  const names = (list: { name: string }[]) => list.map((s) => s.name);

  it('--grep matches names only, as case-insensitive regular expressions', () => {
    expect(names(grepScenarios(suite, 'GROUND'))).toEqual(['ground-failure-mid-session']);
    expect(names(grepScenarios(suite, '^(site|busy)-'))).toEqual(['site-uplink-outage', 'busy-evening-no-issues']);
    // A tag no longer selects: crash-loop-201 carries the tag crash-loop, but its name is not ^crash-loop$.
    expect(names(grepScenarios(suite, '^crash-loop$'))).toEqual(['crash-loop']);
    expect(grepScenarios(suite, 'connectivity')).toEqual([]);
  });

  it('matches a tag exactly with tag:', () => {
    expect(names(grepScenarios(suite, 'tag:safety'))).toEqual(['ground-failure-mid-session', 'crash-loop-201']);
    expect(grepScenarios(suite, 'tag:safe')).toEqual([]);
  });

  it('keeps scenarios matching any of several patterns, and all of them without one', () => {
    expect(names(grepScenarios(suite, ['tag:connectivity', 'evening']))).toEqual(['site-uplink-outage', 'busy-evening-no-issues']);
    expect(grepScenarios(suite, undefined)).toHaveLength(5);
  });

  it('refuses text that is not a valid regular expression, saying why (an escaped one matches)', () => {
    expect(grepProblem('x(y')).toBe('not a valid regular expression (Unterminated group); escape special characters such as ( [ * + ? with \\');
    expect(() => grepScenarios([{ name: 'a x(y', tags: [] }], 'x(y')).toThrow(/--grep "x\(y": not a valid regular expression/);
    expect(grepProblem('x\\(y')).toBeUndefined();
    expect(grepScenarios([{ name: 'a x(y', tags: [] }], 'x\\(y')).toHaveLength(1);
  });

  it('--tag keeps scenarios carrying every tag given; the protocol counts as a tag', () => {
    expect(names(selectScenarios(suite, { tags: ['safety'] }))).toEqual(['ground-failure-mid-session', 'crash-loop-201']);
    expect(names(selectScenarios(suite, { tags: ['safety', 'ocpp2.0.1'] }))).toEqual(['crash-loop-201']);
    expect(names(selectScenarios(suite, { tags: ['ocpp1.6'] }))).toEqual(['ground-failure-mid-session', 'busy-evening-no-issues', 'crash-loop']);
    expect(selectScenarios(suite, { tags: ['safe'] })).toEqual([]);
  });

  it('--grep (any) and --tag (all) combine with AND', () => {
    expect(names(selectScenarios(suite, { grep: ['crash', 'ground'], tags: ['ocpp1.6'] }))).toEqual(['ground-failure-mid-session', 'crash-loop']);
    expect(names(selectScenarios(suite, { grep: 'crash', tags: ['safety'] }))).toEqual(['crash-loop-201']);
    expect(selectScenarios(suite, { grep: 'evening', tags: ['safety'] })).toEqual([]);
    expect(selectScenarios(suite, {})).toHaveLength(5);
  });
});
