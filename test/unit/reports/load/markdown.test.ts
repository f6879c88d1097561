import { describe, expect, it } from 'vitest';
import type { LoadResult } from '../../../../harness/load/result.js';
import { toLoadMarkdown } from '../../../../reports/load/markdown.js';
import { MAX_SUMMARY_BYTES } from '../../../../reports/markdown.js';
import { loadFixture, NASTY } from './fixture.js';

/** The Markdown table under a `#### title` heading: header row first. */
function table(md: string, title: string): string[] {
  const lines = md.split('\n');
  const start = lines.indexOf(`#### ${title}`);
  if (start < 0) throw new Error(`no section ${title}`);
  const rows: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line);
  }
  return rows;
}

/** Cells of a table row, split on unescaped pipes. */
function cells(row: string): string[] {
  return row.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim());
}

/** `count` actions and `count` failure lines, to push the page past its cap. */
function bigResult(count: number): LoadResult {
  const result = loadFixture();
  const template = result.actions[0];
  if (!template) throw new Error('fixture changed');
  result.actions = Array.from({ length: count }, (_, i) => ({ ...template, action: `VendorSpecificAction${String(i).padStart(5, '0')}` }));
  result.failures = Array.from({ length: count }, (_, i) => `station S${i}-CP1 did not boot within 1m: the CSMS answered Pending ${i} times`);
  return result;
}

describe('toLoadMarkdown', () => {
  const md = toLoadMarkdown(loadFixture());

  it('opens with the verdict, its line and what was run', () => {
    const lines = md.split('\n');
    expect(lines[0]).toBe('### ❌ **chargedrill load: threshold failed**');
    expect(lines[2]).toBe('✗ Threshold failed: 1 of 3 thresholds failed (exit 99)');
    expect(lines[4]).toBe(
      'profile ramp-hold · 1,000 stations (mix) on 50 sites · seed 42 · time scale ×60 · 1m real · chargedrill 0.1.0 · CSMS ws://127.0.0.1:9220/ocpp (bundled, child process)',
    );
  });

  it('shows the failures and the thresholds before the tables', () => {
    expect(md.indexOf('#### Failures')).toBeLessThan(md.indexOf('#### Thresholds'));
    expect(md.indexOf('#### Thresholds')).toBeLessThan(md.indexOf('#### Latency of answered calls'));
    expect(md).toContain('- threshold p99(StartTransaction)\\<200ms failed: measured 468.2 ms');
    expect(table(md, 'Thresholds').map(cells)).toEqual([
      ['', 'threshold', 'measured', 'source'],
      ['---', '---', '--:', '---'],
      ['✓', 'p99(BootNotification)\\<500ms', '185 ms', 'profiles/ramp-hold.yaml:14:5'],
      ['✗', 'p99(StartTransaction)\\<200ms', '468 ms', '--threshold'],
      ['✓', 'errors\\<1%', '0.2 %', 'profiles/ramp-hold.yaml:15:5 (aborts the run)'],
    ]);
  });

  it('has the per-action and not-answered tables with one row per action and the units', () => {
    const latency = table(md, 'Latency of answered calls (real time)');
    expect(latency).toHaveLength(8);
    expect(cells(latency[6] ?? '')).toEqual(['StartTransaction', '2,334', '38.9 /s', '55.0 ms', '173 ms', '468 ms', '773 ms', '950 ms']);
    const errors = table(md, 'Calls not answered');
    expect(cells(errors[6] ?? '')).toEqual(['StartTransaction', '15', '4', '2', '3', '24 (1.0 %)', 'InternalError 12, NotImplemented 3']);
    expect(md).toContain('- **failed by reason**: refused (connection refused) 12, timeout (no answer to the upgrade) 5, http-401 (CSMS answered HTTP 401) 3');
    expect(table(md, 'Detection (fault to issue raised)')).toHaveLength(4);
  });

  it('keeps tables intact and markup inert when an action name or a failure holds pipes, markup and line breaks', () => {
    const result = loadFixture();
    const action = result.actions[0];
    if (!action) throw new Error('fixture changed');
    action.action = `a|b\n${NASTY}`;
    result.failures.push(`the CSMS said ${NASTY}`);
    const out = toLoadMarkdown(result);
    expect(out).not.toContain('<script>');
    expect(out).toContain('\\<script\\>');
    const row = table(out, 'Latency of answered calls (real time)')[2] ?? '';
    expect(cells(row)).toHaveLength(8);
  });

  it(`stays within ${MAX_SUMMARY_BYTES / 1024} KiB for a huge run, failures first, and counts what it left out`, () => {
    const result = bigResult(3_000);
    expect(Buffer.byteLength(toLoadMarkdown(result, Number.MAX_SAFE_INTEGER))).toBeGreaterThan(4 * MAX_SUMMARY_BYTES);
    const out = toLoadMarkdown(result);
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES);
    expect(Buffer.byteLength(out)).toBeGreaterThan(MAX_SUMMARY_BYTES - 4_096);
    const failures = out.split('\n').filter((line) => line.startsWith('- station S')).length;
    const moreFailures = Number(/^- … ([\d,]+) more in report\.html$/m.exec(out)?.[1]?.replace(/,/g, ''));
    expect(failures).toBeGreaterThan(100);
    expect(failures + moreFailures).toBe(3_000);
    // the failures take at most half the room: the actions table keeps rows too
    const actionRows = table(out, 'Latency of answered calls (real time)').filter((row) => row.startsWith('| VendorSpecificAction')).length;
    const moreRows = Number(/^\| … ([\d,]+) more rows in report\.html \|/m.exec(out)?.[1]?.replace(/,/g, ''));
    expect(actionRows).toBeGreaterThan(50);
    expect(actionRows + moreRows).toBe(3_000);
    // every heading is still there, the verdict on top
    for (const heading of ['Failures', 'Thresholds', 'Latency of answered calls (real time)', 'Calls not answered', 'Run health']) {
      expect(out, heading).toContain(`\n#### ${heading}\n`);
    }
    expect(out.startsWith('### ❌ **chargedrill load: threshold failed**')).toBe(true);
  });

  it('keeps a result just under the limit whole', () => {
    const result = bigResult(40);
    const whole = toLoadMarkdown(result, Number.MAX_SAFE_INTEGER);
    expect(toLoadMarkdown(result, Buffer.byteLength(whole))).toBe(whole);
    expect(toLoadMarkdown(result, Buffer.byteLength(whole) - 1)).not.toBe(whole);
    expect(whole).not.toContain('more in report.html');
  });
});
