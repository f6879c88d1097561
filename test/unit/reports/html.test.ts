import { describe, expect, it } from 'vitest';
import { METRICS } from '../../../harness/runner/scenario/model.js';
import { METRIC_WORDS } from '../../../reports/html/metrics.js';
import { toHtml } from '../../../reports/html/report.js';
import { fixtureResult, NASTY } from './fixture.js';

/** Each scenario section's markup (up to the next one), by anchor id. */
function sections(page: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of page.split('<details class="scenario ').slice(1)) {
    const id = /id="([^"]+)"/.exec(part)?.[1];
    if (id) found.set(id, part);
  }
  return found;
}

describe('toHtml', () => {
  it('is self-contained: no external src, href, CSS url() or import, and a CSP that forbids fetches', () => {
    const result = fixtureResult();
    result.csms = { kind: 'third-party', url: 'https://csms.example.com/ocpp' };
    const page = toHtml(result);
    expect(page).not.toMatch(/\b(?:src|href|action|xlink:href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(page).not.toMatch(/url\(|@import|<link[^>]+stylesheet|<script[^>]+src/i);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"`);
    // the URL appears only as text
    expect(page).toContain('<code>https://csms.example.com/ocpp</code>');
  });

  it('shows the totals in the header', () => {
    const page = toHtml(fixtureResult());
    expect(page).toContain('<title>chargedrill: 1/4 passed, 2 not passed</title>');
    expect(page).toContain('<div class="card card-failed"><div class="card-value">1</div><div class="card-label">Failed</div></div>');
    expect(page).toContain('<div class="card-value">3 / 8</div><div class="card-label">Expectations failed</div>');
    expect(page).toContain('Run failed');
  });

  it('has a section per scenario, each with an SVG timeline and latency chart; only failed and errored ones start open', () => {
    const bySection = sections(toHtml(fixtureResult()));
    expect([...bySection.keys()]).toEqual(['scenario-1', 'scenario-2', 'scenario-3', 'scenario-4']);
    const open = [...bySection].filter(([, body]) => /^[^>]*\bopen>/.test(body)).map(([id]) => id);
    expect(open).toEqual(['scenario-2', 'scenario-3']);
    for (const body of bySection.values()) {
      expect(body).toMatch(/<svg class="chart timeline[^"]*"/);
      expect(body).toMatch(/<svg class="chart latency[^"]*"/);
    }
  });

  it('lists every failure message under "Needs attention", each linking to the row or box it comes from', () => {
    const page = toHtml(fixtureResult());
    const nav = /<nav class="attention"[\s\S]*?<\/nav>/.exec(page)?.[0] ?? '';
    expect(nav).toContain(
      '<a class="attention-message" href="#scenario-2-expectation-1">no-heartbeat on S1-CP2 expected within 30s, raised after 47.2s</a> <code class="muted">scenarios/heartbeat-loss-1.6.yaml:14:5</code>',
    );
    expect(nav).toContain('href="#scenario-2-expectation-3">escalation expected to network-ops, went to tier-2</a>');
    expect(nav).toContain('href="#scenario-2-unexpected">unexpected issue connector-faulted on S1-CP2 connector 2, raised at 6m40s</a>');
    expect(nav).toContain('href="#scenario-3-error">the CSMS closed the connection during boot: ECONNRESET</a>');
    expect(nav).not.toContain('Reset Soft');
    for (const anchor of nav.match(/href="#[^"]+"/g) ?? []) {
      const id = anchor.slice(7, -1);
      expect(page, id).toContain(`id="${id}"`);
    }
  });

  it('caps the messages per scenario on top and says how many more the section holds', () => {
    const result = fixtureResult();
    const failed = result.scenarios[1];
    const first = failed?.expectations[0];
    if (!failed || !first) throw new Error('fixture changed');
    failed.expectations = Array.from({ length: 12 }, (_, i) => ({ ...first, message: `failure number ${i + 1}` }));
    const nav = /<nav class="attention"[\s\S]*?<\/nav>/.exec(toHtml(result))?.[0] ?? '';
    expect(nav).toContain('failure number 8</a>');
    expect(nav).not.toContain('failure number 9</a>');
    expect(nav).toContain('<a href="#scenario-2">… 5 more failures</a>');
  });

  it('explains every metric the runner can report, in the unit the runner measures it in', () => {
    const units = { ms: 'duration', percent: 'percent' } as const;
    for (const [name, unit] of Object.entries(METRICS)) expect(METRIC_WORDS[name]?.unit, name).toBe(units[unit]);
  });

  it('gives each metric its unit and a one-line explanation', () => {
    const result = fixtureResult();
    const failed = result.scenarios[1];
    if (!failed) throw new Error('fixture changed');
    failed.metrics = { 'detection-latency-max': 772_645, 'first-contact-resolution-rate': 87.5, 'tickets-opened': 3 };
    const section = sections(toHtml(result)).get('scenario-2') ?? '';
    expect(section).toContain('<dt>detection-latency-max</dt><dd title="772645 ms">12m53s</dd><dd class="metric-help">Slowest detection');
    expect(section).toContain('<dt>first-contact-resolution-rate</dt><dd title="87.5 %">87.5 %</dd><dd class="metric-help">');
    expect(section).toContain('<dt>tickets-opened</dt><dd title="3">3</dd></div>');
  });

  it('draws each timeline entry as a marker in its phase lane, and the late detection as a red bar past its budget', () => {
    const failed = sections(toHtml(fixtureResult())).get('scenario-2') ?? '';
    expect(failed.match(/<g class="event /g)).toHaveLength(9);
    const fault = /<g class="lane-events" data-lane="fault">[\s\S]*?<\/g><\/g>/.exec(failed)?.[0] ?? '';
    expect(fault).toContain('<g class="event k-status hollow">');
    expect(fault).toContain('<g class="event k-fault">');
    expect(failed).toContain('<g class="event k-escalation">');
    expect(failed).toContain('<g class="detection late">');
    expect(failed).toContain('<g class="detection late never">');
    expect(failed).toContain('no-heartbeat on S1-CP2: raised after 47.2s, budget 30s');
    const passed = sections(toHtml(fixtureResult())).get('scenario-1') ?? '';
    expect(passed).toContain('<g class="detection on-time">');
  });

  it('draws a refused session on the steps lane and lists it in the event table with its status', () => {
    const result = fixtureResult();
    const errored = result.scenarios[2];
    if (!errored) throw new Error('fixture has no third scenario');
    errored.timeline.push({ atMs: 1_000, kind: 'session-refused', stationId: 'S1-CP1', connectorId: 1, text: 'S1-CP1 connector 1: session refused (Blocked) for token BLOCKED-0001' });
    const section = sections(toHtml(result)).get('scenario-3') ?? '';
    expect(section).toContain('<g class="event k-session-refused">');
    expect(section).toContain('<span class="swatch k-session-refused"></span>session-refused');
    expect(section).toContain('session refused (Blocked) for token BLOCKED-0001');
  });

  it('shows each failed expectation with expected, observed and its message', () => {
    const failed = sections(toHtml(fixtureResult())).get('scenario-2') ?? '';
    expect(failed).toContain('<div class="failure-message">no-heartbeat on S1-CP2 expected within 30s, raised after 47.2s</div>');
    expect(failed).toContain('<td data-label="Observed">went to tier-2 after 6m</td>');
    expect(failed).toContain('<td class="num over" data-label="Latency / budget">47.2s / 30s</td>');
    expect(failed).toContain('<code>scenarios/heartbeat-loss-1.6.yaml:14:5</code>');
  });

  it('escapes scenario names, messages and errors everywhere, including inside the SVGs', () => {
    const result = fixtureResult();
    const [passed, failed, errored] = result.scenarios;
    if (!passed || !failed || !errored) throw new Error('fixture changed');
    failed.name = NASTY;
    failed.file = NASTY;
    failed.summary = NASTY;
    const first = failed.expectations[0];
    if (!first) throw new Error('fixture changed');
    first.message = NASTY;
    first.observed = NASTY;
    errored.error = NASTY;
    passed.timeline[1] = { atMs: 120_000, kind: 'fault', text: NASTY };
    const detection = passed.detections[0];
    if (detection) detection.issueType = NASTY;
    passed.tags = [NASTY];
    passed.metrics = { [NASTY]: 1 };
    const page = toHtml(result);
    const scripts = page.match(/<script>/g) ?? [];
    expect(scripts).toHaveLength(1); // only the report's own
    expect(page).not.toContain('alert("x&y")');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt; &#39;quoted&#39; ]]&gt; \\u0001\\u001b[31m');
  });
});
