import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeLoadReports } from '../../../../reports/load/write.js';
import { loadFixture } from './fixture.js';

describe('writeLoadReports', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chargedrill-load-reports-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the directory and writes the four formats, returning their paths', async () => {
    const outDir = join(dir, 'nested', 'load');
    const paths = await writeLoadReports(loadFixture(), outDir);
    expect(paths).toEqual(['result.json', 'junit.xml', 'report.html', 'summary.md'].map((f) => join(outDir, f)));
    expect((await readdir(outDir)).sort()).toEqual(['junit.xml', 'report.html', 'result.json', 'summary.md']);
    expect(JSON.parse(await readFile(join(outDir, 'result.json'), 'utf8'))).toEqual(loadFixture());
    expect(await readFile(join(outDir, 'junit.xml'), 'utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="chargedrill load" /);
    expect(await readFile(join(outDir, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
    expect(await readFile(join(outDir, 'summary.md'), 'utf8')).toMatch(/^### ❌ \*\*chargedrill load: threshold failed\*\*/);
  });

  it('writes only the formats asked for, in the order asked', async () => {
    const paths = await writeLoadReports(loadFixture(), dir, ['markdown', 'json', 'markdown']);
    expect(paths).toEqual([join(dir, 'summary.md'), join(dir, 'result.json')]);
    expect((await readdir(dir)).sort()).toEqual(['result.json', 'summary.md']);
  });
});
