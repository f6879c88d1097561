import { describe, expect, it } from 'vitest';
import { toJunitXml } from '../../../reports/junit.js';
import { escapeXmlAttribute, escapeXmlText } from '../../../reports/xml-escape.js';
import { fixtureResult, NASTY } from './fixture.js';
import { findAll, parseXml } from './xml-check.js';

describe('toJunitXml', () => {
  it('writes a well-formed document with one testsuite per file and one testcase per scenario', () => {
    const root = parseXml(toJunitXml(fixtureResult()));
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toMatchObject({ tests: '4', failures: '1', errors: '1', skipped: '1', time: '7.600' });
    expect(findAll(root, 'testsuite')).toHaveLength(4);
    const cases = findAll(root, 'testcase');
    expect(cases.map((c) => c.attributes.name)).toEqual([
      'ground-failure-mid-session',
      'heartbeat-loss-socket-open',
      'crash-loop-internal-error',
      'site-uplink-outage',
    ]);
    expect(cases[0]?.attributes).toEqual({ classname: 'scenarios/ground-failure-1.6.yaml', name: 'ground-failure-mid-session', time: '3.480' });
    expect(findAll(root, 'failure')).toHaveLength(1);
    expect(findAll(root, 'error')).toHaveLength(1);
    expect(findAll(root, 'skipped')).toHaveLength(1);
  });

  it('groups scenarios of the same file into one testsuite with its own counts', () => {
    const result = fixtureResult();
    for (const scenario of result.scenarios) scenario.file = 'scenarios/suite.yaml';
    const suites = findAll(parseXml(toJunitXml(result)), 'testsuite');
    expect(suites).toHaveLength(1);
    expect(suites[0]?.attributes).toMatchObject({ name: 'scenarios/suite.yaml', tests: '4', failures: '1', errors: '1', skipped: '1', time: '6.840' });
  });

  it('puts every failed expectation and unexpected issue in the failure, with expected, observed and source', () => {
    const failure = findAll(parseXml(toJunitXml(fixtureResult())), 'failure')[0];
    expect(failure?.attributes.type).toBe('expectation');
    expect(failure?.attributes.message).toBe('no-heartbeat on S1-CP2 expected within 30s, raised after 47.2s (and 3 more)');
    const body = failure?.text ?? '';
    expect(body).toContain('expected:    no-heartbeat on S1-CP2 within 30s of the fault');
    expect(body).toContain('observed:    raised after 47.2s');
    expect(body).toContain('at scenarios/heartbeat-loss-1.6.yaml:14:5');
    expect(body).toContain('escalation expected to network-ops, went to tier-2');
    expect(body).toContain('observed:    went to tier-2 after 6m');
    expect(body).toContain('at scenarios/heartbeat-loss-1.6.yaml:20:5');
    expect(body).toContain('site-offline at site S1 expected within 2m, never raised');
    expect(body).toContain('unexpected issue connector-faulted on S1-CP2 connector 2, raised at 6m40s');
    expect(body).not.toContain('Reset Soft to S1-CP2');
  });

  it('reports an errored scenario as <error> with what broke, and a skipped one as <skipped>', () => {
    const root = parseXml(toJunitXml(fixtureResult()));
    const [errored, skipped] = [findAll(root, 'testcase')[2], findAll(root, 'testcase')[3]];
    expect(errored?.children.map((c) => c.name)).toEqual(['error', 'system-out']);
    expect(errored?.children[0]?.attributes.message).toBe('the CSMS closed the connection during boot: ECONNRESET');
    expect(skipped?.children.map((c) => c.name)).toEqual(['skipped']);
  });

  it('keeps the document well-formed when names, files and messages hold markup, quotes and control characters', () => {
    const result = fixtureResult();
    const failed = result.scenarios[1];
    const errored = result.scenarios[2];
    if (!failed || !errored) throw new Error('fixture changed');
    failed.name = NASTY;
    failed.file = `dir/${NASTY}.yaml`;
    const first = failed.expectations[0];
    if (!first) throw new Error('fixture changed');
    first.message = `multi\nline ${NASTY}`;
    first.observed = NASTY;
    errored.error = `\u0000${NASTY}`;

    const root = parseXml(toJunitXml(result));
    const testcase = findAll(root, 'testcase')[1];
    const visible = `<script>alert("x&y")</script> 'quoted' ]]> \\u0001\\u001b[31m \uFFFD tab\there`;
    expect(testcase?.attributes.name).toBe(visible);
    expect(testcase?.attributes.classname).toBe(`dir/${visible}.yaml`);
    expect(findAll(root, 'failure')[0]?.attributes.message).toBe(`multi\nline ${visible} (and 3 more)`);
    expect(findAll(root, 'failure')[0]?.text).toContain(`observed:    ${visible}`);
    expect(findAll(root, 'error')[0]?.attributes.message).toBe(`\\u0000${visible}`);
  });
});

describe('XML escaping', () => {
  it('escapes markup characters in text and also quotes and line breaks in attributes', () => {
    expect(escapeXmlText(`a<b>&"c'`)).toBe(`a&lt;b&gt;&amp;"c'`);
    expect(escapeXmlAttribute(`a<b>&"c'\t\n\r`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;&#9;&#10;&#13;');
  });

  it('shows forbidden control characters as visible escapes and replaces lone surrogates', () => {
    expect(escapeXmlText('\u0000\u0008\u000b\u000c\u001f\uffff')).toBe('\\u0000\\u0008\\u000b\\u000c\\u001f\\uffff');
    expect(escapeXmlText('a\uD800b\uDC00c')).toBe('a\uFFFDb\uFFFDc');
    expect(escapeXmlText('ok \u{1F50C} plug, tab\tand\nnewline')).toBe('ok \u{1F50C} plug, tab\tand\nnewline');
  });
});

describe('the test XML reader', () => {
  it.each([
    ['a raw < in text', '<a>1 < 2</a>'],
    ['a stray &', '<a>fish & chips</a>'],
    ['a control character', '<a>\u0001</a>'],
    ['a mismatched end tag', '<a><b></a></b>'],
    ['an unquoted attribute', '<a x=1/>'],
    ['a raw < in an attribute', '<a x="<"/>'],
  ])('rejects %s, so the checks above can fail', (_why, xml) => {
    expect(() => parseXml(xml)).toThrow();
  });
});
