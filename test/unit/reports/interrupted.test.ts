/** A run stopped by Ctrl-C: the `interrupted` status and summary count in the JSON and each view. */
import { describe, expect, it } from 'vitest';
import { toHtml } from '../../../reports/html/report.js';
import { toJson } from '../../../reports/json.js';
import { toJunitXml } from '../../../reports/junit.js';
import { toMarkdown } from '../../../reports/markdown.js';
import { RESULT_SCHEMA_VERSION, type RunResult } from '../../../reports/result.js';
import { fixtureResult } from './fixture.js';
import { findAll, parseXml } from './xml-check.js';

/** The fixture with its last scenario stopped in flight instead of skipped. */
function interruptedResult(): RunResult {
  const result = fixtureResult();
  const last = result.scenarios[3];
  if (!last) throw new Error('fixture changed');
  last.status = 'interrupted';
  last.realDurationMs = 1_200;
  last.simulatedDurationMs = 90_000;
  last.timeline = [{ atMs: 60_000, kind: 'fault', siteId: 'S1', text: 'site uplink down' }];
  result.interrupted = true;
  result.summary = { ...result.summary, skipped: 0, interrupted: 1 };
  return result;
}

describe('an interrupted run', () => {
  it('stays schema version 1 and writes interrupted after options, and the count after skipped', () => {
    const text = toJson(interruptedResult());
    const json = JSON.parse(text) as RunResult;
    expect(json.schemaVersion).toBe(RESULT_SCHEMA_VERSION);
    expect(RESULT_SCHEMA_VERSION).toBe(1);
    expect(json.interrupted).toBe(true);
    expect(Object.keys(json)).toEqual(['schemaVersion', 'tool', 'startedAt', 'finishedAt', 'realDurationMs', 'csms', 'options', 'interrupted', 'summary', 'scenarios']);
    expect(Object.keys(json.summary)).toEqual(['scenarios', 'passed', 'failed', 'errored', 'skipped', 'interrupted', 'expectations', 'failedExpectations']);
    expect(json.scenarios.map((s) => s.status)).toEqual(['passed', 'failed', 'errored', 'interrupted']);
  });

  it('leaves a run that was not interrupted without the new fields', () => {
    const json = JSON.parse(toJson(fixtureResult())) as Record<string, unknown>;
    expect(json).not.toHaveProperty('interrupted');
    expect(json.summary).not.toHaveProperty('interrupted');
  });

  it('JUnit: the interrupted testcase is <skipped> saying so, with its timeline, and counted as skipped', () => {
    const root = parseXml(toJunitXml(interruptedResult()));
    expect(root.attributes).toMatchObject({ tests: '4', failures: '1', errors: '1', skipped: '1' });
    const testcase = findAll(root, 'testcase')[3];
    expect(testcase?.children.map((c) => c.name)).toEqual(['skipped', 'system-out']);
    expect(testcase?.children[0]?.attributes.message).toMatch(/^interrupted: /);
    expect(testcase?.children[1]?.text).toContain('site uplink down');
  });

  it('Markdown: an interrupted verdict, the count in the totals and its own row mark', () => {
    const md = toMarkdown(interruptedResult());
    const lines = md.split('\n');
    expect(lines[0]).toBe('### ⏹️ **chargedrill: run interrupted**');
    expect(lines[2]).toMatch(/^4 scenarios: 1 passed, 1 failed, 1 errored, 1 interrupted · /);
    expect(md).toContain('| ⏹️ | site-uplink-outage | A whole site drops off; one site-level issue, not one per station. | scenarios/site-outage-1.6.yaml | ocpp1.6 | – | 1m30s |');
  });

  it('HTML: an interrupted verdict, a card, and the scenario marked Interrupted', () => {
    const page = toHtml(interruptedResult());
    expect(page).toContain('Run interrupted');
    expect(page).toMatch(/<div class="card-value">1<\/div><div class="card-label">Interrupted<\/div>/);
    expect(page).toMatch(/class="scenario status-interrupted"[\s\S]*?<span class="pill pill-interrupted"><span aria-hidden="true">■<\/span> Interrupted<\/span>/);
    expect(toHtml(fixtureResult())).not.toContain('Interrupted');
  });
});
