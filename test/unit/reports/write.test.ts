import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultReportDir } from '../../../reports/run-dir.js';
import { writeReports } from '../../../reports/write.js';
import { fixtureResult } from './fixture.js';

describe('writeReports', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chargedrill-reports-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the directory and writes the four formats, returning their paths', async () => {
    const outDir = join(dir, 'nested', 'run');
    const paths = await writeReports(fixtureResult(), outDir);
    expect(paths).toEqual(['result.json', 'junit.xml', 'report.html', 'summary.md'].map((f) => join(outDir, f)));
    expect((await readdir(outDir)).sort()).toEqual(['junit.xml', 'report.html', 'result.json', 'summary.md']);
    expect(JSON.parse(await readFile(join(outDir, 'result.json'), 'utf8'))).toEqual(fixtureResult());
    expect(await readFile(join(outDir, 'junit.xml'), 'utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
    expect(await readFile(join(outDir, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
    expect(await readFile(join(outDir, 'summary.md'), 'utf8')).toMatch(/^### ❌/);
  });

  it('writes only the formats asked for, in the order asked', async () => {
    const paths = await writeReports(fixtureResult(), dir, ['markdown', 'json', 'markdown']);
    expect(paths).toEqual([join(dir, 'summary.md'), join(dir, 'result.json')]);
    expect((await readdir(dir)).sort()).toEqual(['result.json', 'summary.md']);
  });
});

describe('defaultReportDir', () => {
  it('names the run directory after its start, without colons', () => {
    expect(defaultReportDir('2025-06-01T14:03:12.345Z')).toBe(join('reports', 'runs', '2025-06-01T14-03-12Z'));
    expect(defaultReportDir('2025-06-01T14:03:12Z', '/tmp/out')).toBe('/tmp/out/2025-06-01T14-03-12Z');
  });
});
