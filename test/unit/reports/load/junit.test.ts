import { describe, expect, it } from 'vitest';
import { LOAD_EXIT } from '../../../../harness/load/result.js';
import { toLoadJunitXml } from '../../../../reports/load/junit.js';
import { findAll, parseXml, type XmlElement } from '../xml-check.js';
import { loadFixture, NASTY } from './fixture.js';

function testcases(xml: string): XmlElement[] {
  return findAll(parseXml(xml), 'testcase');
}

describe('toLoadJunitXml', () => {
  it('is well-formed XML: one suite "load thresholds" with the run and one testcase per threshold', () => {
    const root = parseXml(toLoadJunitXml(loadFixture()));
    expect(root.name).toBe('testsuites');
    const suites = findAll(root, 'testsuite');
    expect(suites).toHaveLength(1);
    expect(suites[0]?.attributes).toMatchObject({ name: 'load thresholds', tests: '4', failures: '1', errors: '0', skipped: '0', time: '60.000' });
    expect(testcases(toLoadJunitXml(loadFixture())).map((t) => t.attributes.name)).toEqual([
      'run',
      'p99(BootNotification)<500ms',
      'p99(StartTransaction)<200ms',
      'errors<1%',
    ]);
  });

  it('fails the failed threshold with measured against expected, and passes the others and the run', () => {
    const cases = testcases(toLoadJunitXml(loadFixture()));
    const failed = cases.filter((t) => t.children.some((c) => c.name === 'failure'));
    expect(failed.map((t) => t.attributes.name)).toEqual(['p99(StartTransaction)<200ms']);
    const failure = failed[0]?.children[0];
    expect(failure?.attributes).toEqual({ message: 'p99(StartTransaction)<200ms: measured 468 ms', type: 'threshold' });
    expect(failure?.text).toContain('expected:  p99(StartTransaction)<200ms\nmeasured:  468 ms\nfrom:      --threshold');
  });

  it('fails the run testcase when the run failed, listing every failure line', () => {
    const result = loadFixture();
    result.verdict = 'run-failed';
    result.exitCode = LOAD_EXIT.runFailed;
    result.failures = ['8 of 1,000 stations did not boot within 1m', 'nothing could connect: ECONNREFUSED'];
    const root = parseXml(toLoadJunitXml(result));
    expect(findAll(root, 'testsuite')[0]?.attributes.failures).toBe('2');
    const run = testcases(toLoadJunitXml(result))[0];
    const failure = run?.children[0];
    expect(failure?.name).toBe('failure');
    expect(failure?.attributes).toEqual({ message: '8 of 1,000 stations did not boot within 1m (and 1 more)', type: 'run-failed' });
    expect(failure?.text).toContain('- 8 of 1,000 stations did not boot within 1m\n- nothing could connect: ECONNREFUSED');
  });

  it('has only the run testcase when no thresholds were set; an interrupted run is skipped', () => {
    const result = loadFixture();
    result.thresholds = [];
    result.verdict = 'interrupted';
    result.exitCode = LOAD_EXIT.interrupted;
    const root = parseXml(toLoadJunitXml(result));
    const cases = findAll(root, 'testcase');
    expect(cases.map((t) => t.attributes.name)).toEqual(['run']);
    expect(cases[0]?.children.map((c) => c.name)).toEqual(['skipped']);
    expect(findAll(root, 'testsuite')[0]?.attributes).toMatchObject({ tests: '1', failures: '0', skipped: '1' });
  });

  it('escapes expressions, sources and failure lines, control characters included', () => {
    const result = loadFixture();
    const threshold = result.thresholds[1];
    if (!threshold) throw new Error('fixture changed');
    threshold.expression = NASTY;
    threshold.source = NASTY;
    result.verdict = 'run-failed';
    result.failures = [NASTY];
    const xml = toLoadJunitXml(result);
    expect(xml).not.toContain('<script>');
    const cases = testcases(xml);
    expect(cases[2]?.attributes.name).toBe(NASTY.replace('\u0001', '\\u0001'));
    expect(cases[0]?.children[0]?.attributes.message).toBe(NASTY.replace('\u0001', '\\u0001'));
  });
});
