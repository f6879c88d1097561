import { describe, expect, it } from 'vitest';
import type { ConnectFailureReason } from '../../../../harness/load/result.js';
import { logAxis, valueAxis } from '../../../../reports/html/axis.js';
import { thin } from '../../../../reports/html/line-chart.js';
import { toLoadHtml } from '../../../../reports/load/html.js';
import { loadFixture, NASTY } from './fixture.js';

/** The markup of each `<figure class="load-chart">`, in order. */
function charts(page: string): string[] {
  return page.split('<figure class="load-chart"').slice(1).map((part) => part.slice(0, part.indexOf('</figure>')));
}

/** `d` of every series path in a chart drawing, by series name. */
function paths(svg: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of svg.matchAll(/<path class="series" data-series="([^"]*)" stroke="[^"]*" d="([^"]*)"/g)) found.set(match[1] ?? '', match[2] ?? '');
  return found;
}

describe('toLoadHtml', () => {
  const page = toLoadHtml(loadFixture());

  it('is self-contained: no script, no external src, href, url() or import, and a CSP that forbids fetches', () => {
    expect(page).not.toMatch(/\b(?:src|href|action|xlink:href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(page).not.toMatch(/url\(|@import|<link[^>]+stylesheet|<script/i);
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  });

  it('puts the verdict and the failed threshold with its measured value on top', () => {
    expect(page).toContain('<div class="verdict verdict-failed" id="verdict">Threshold failed</div>');
    expect(page).toContain('<p class="verdict-line">✗ Threshold failed: 1 of 3 thresholds failed (exit 99)</p>');
    const nav = /<nav class="attention"[\s\S]*?<\/nav>/.exec(page)?.[0] ?? '';
    expect(nav).toContain('threshold <code>p99(StartTransaction)&lt;200ms</code> failed</a>: measured <strong>468 ms</strong> <span class="muted">(--threshold)</span>');
    expect(nav).toContain('<li class="failure-line">threshold p99(StartTransaction)&lt;200ms failed: measured 468.2 ms</li>');
    expect(page.indexOf('id="verdict"')).toBeLessThan(page.indexOf('id="thresholds"'));
    expect(page).toMatch(/<tr class="threshold failed"><td class="" data-label="result">✗ failed<\/td><td class="" data-label="threshold">p99\(StartTransaction\)&lt;200ms<\/td><td class="num" data-label="measured">468 ms<\/td>/);
  });

  it('draws four charts, each wide and narrow, with a path per series and axis titles with units', () => {
    const found = charts(page);
    expect(found).toHaveLength(4);
    const [stations, calls, latency, sessions] = found;
    for (const chart of found) {
      expect(chart.match(/<svg class="chart line-chart (wide|narrow)"/g)).toEqual(['<svg class="chart line-chart wide"', '<svg class="chart line-chart narrow"']);
    }
    const wide = (chart: string | undefined) => (chart ?? '').split('<svg class="chart line-chart narrow"')[0] ?? '';
    expect([...paths(wide(stations)).keys()]).toEqual(['connected', 'booted']);
    expect([...paths(wide(calls)).keys()]).toEqual(['calls/s', 'errors/s']);
    expect([...paths(wide(latency)).keys()]).toEqual(['Authorize', 'BootNotification', 'Heartbeat', 'MeterValues', 'StartTransaction', 'StatusNotification']);
    expect([...paths(wide(sessions)).keys()]).toEqual(['sessions active']);
    expect(wide(stations)).toContain('>stations</text>');
    expect(wide(calls)).toContain('>per second (/s)</text>');
    expect(wide(calls)).toMatch(/>200 \/s<\/text>/);
    expect(wide(latency)).toContain('>p99 latency (ms, log scale)</text>');
    expect(wide(latency)).toMatch(/>100 ms<\/text>/);
    expect(wide(stations)).toMatch(/>30s<\/text>/);
    expect(wide(stations)).toContain('>time since start</text>');
    // stages as labelled bands
    expect(wide(stations)).toContain('<text class="band-label" x="66" y="30">ramp</text>');
    expect(wide(stations)).toMatch(/<text class="band-label" x="[\d.]+" y="30">hold<\/text>/);
  });

  it("names each stage's message mix, the heartbeat flood too", () => {
    expect(page).toContain('<td data-label="message mix">MeterValues every 60 s</td>');
    const fixture = loadFixture();
    const [, hold] = fixture.parameters.stages;
    if (hold === undefined) throw new Error('the fixture has a hold stage');
    hold.mix = { heartbeatFlood: true };
    expect(toLoadHtml(fixture)).toContain('<td data-label="message mix">Heartbeat flood (next call when the last is answered)</td>');
  });

  it('breaks a line where the series has no value: Authorize is missing every third second', () => {
    const latency = charts(page)[2] ?? '';
    const d = paths(latency).get('Authorize') ?? '';
    expect(d.match(/M/g)).toHaveLength(20);
    const heartbeat = paths(latency).get('Heartbeat') ?? '';
    expect(heartbeat.match(/M/g)).toHaveLength(1);
    expect(heartbeat.match(/L/g)).toHaveLength(59);
  });

  it('shows connection failures by reason, the close codes, disconnects and detection per issue type', () => {
    const section = /<section class="panel card-box" id="connections">[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
    expect(section).toContain('<span class="bar-label">refused (connection refused)</span><span class="bar-track"><span class="bar-fill" style="width:100.0%"></span></span><span class="bar-value">12 (1.0 %)</span>');
    expect(section).toContain('<span class="bar-label">http-401 (CSMS answered HTTP 401)</span><span class="bar-track"><span class="bar-fill" style="width:25.0%"></span>');
    expect(section).toContain('First failure: <strong>refused</strong> <code>connect ECONNREFUSED 127.0.0.1:9220</code>');
    expect(section).toContain('<span class="bar-label">1006 (abnormal, no close frame)</span>');
    expect(section).toMatch(/<span class="bar-label">time to recover p99<\/span>.*?<span class="bar-value">[\d,]+ ms<\/span>/);
    const detection = /<section class="panel card-box" id="detection">[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
    expect(detection).toContain('<strong>no-connectivity</strong> <span class="muted">3 of 4 detected</span> · <strong class="missed">1 missed</strong>');
    expect(detection).toContain('<strong>safety-fault</strong> <span class="muted">5 of 5 detected</span></div>');
  });

  it('escapes everything that comes from the result: action names, close reasons, failures, stages, messages', () => {
    const result = loadFixture();
    const action = result.actions[0];
    const point = result.timeSeries[0];
    if (!action || !point) throw new Error('fixture changed');
    action.action = NASTY;
    point.p99ByAction[NASTY] = 12;
    for (const p of result.timeSeries.slice(0, 30)) p.stage = NASTY;
    result.connections.closedByPeer[NASTY] = 3;
    result.connections.failed[NASTY as ConnectFailureReason] = 2;
    result.connections.firstFailure = { reason: 'other', message: NASTY, count: 2 };
    result.failures.push(NASTY);
    result.parameters.profile = NASTY;
    result.parameters.url = NASTY;
    result.parameters.argv.push(NASTY);
    const detection = result.detection[0];
    if (detection) detection.issueType = NASTY;
    const threshold = result.thresholds[0];
    if (threshold) threshold.source = NASTY;
    const out = toLoadHtml(result);
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toContain('alert("x&y")');
    const escaped = '&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt; &#39;quoted&#39; ]]&gt; \\u0001';
    // in the title, a data attribute, tables, bars, the legend, the stage band, the first failure, the failure list
    expect(out.split(escaped).length - 1).toBeGreaterThanOrEqual(20);
    expect(out).toContain(`<li class="failure-line">${escaped}</li>`);
    expect(out).toContain(`data-series="${escaped}"`);
  });

  it('keeps an hour-long run small: a series has at most one point per horizontal unit, spikes kept', () => {
    const result = loadFixture();
    const template = result.timeSeries[10];
    if (!template) throw new Error('fixture changed');
    result.elapsedS = 3_600;
    result.timeSeries = Array.from({ length: 3_600 }, (_, i) => ({ ...template, t: i + 1, callsPerS: i === 1_234 ? 9_999 : 500 }));
    const out = toLoadHtml(result);
    const wide = (charts(out)[1] ?? '').split('<svg class="chart line-chart narrow"')[0] ?? '';
    const d = paths(wide).get('calls/s') ?? '';
    const commands = d.match(/[ML]/g)?.length ?? 0;
    expect(commands).toBeGreaterThan(500);
    expect(commands).toBeLessThanOrEqual(640 - 62 - 14);
    // the one-second spike is still drawn: its value is the axis' top region
    expect(wide).toContain('>10,000 /s</text>');
    expect(Buffer.byteLength(out)).toBeLessThan(400_000);
  });

  it('says so when there is no time series, no threshold and no detection', () => {
    const result = loadFixture();
    result.timeSeries = [];
    result.thresholds = [];
    result.detection = [];
    const out = toLoadHtml(result);
    expect(out).toContain('No time series: the run ended before its first second.');
    expect(out).toContain('No thresholds were set');
    expect(out).not.toContain('id="detection"');
    expect(charts(out)).toHaveLength(0);
  });
});

describe('chart axes', () => {
  it('steps a value axis in 1-2-2.5-5 and maps 0 to the bottom', () => {
    expect(valueAxis(1_050, 200, 20, 5).ticks).toEqual([0, 250, 500, 750, 1_000, 1_250]);
    expect(valueAxis(7.3, 200, 20, 4).ticks).toEqual([0, 2, 4, 6, 8]);
    expect(valueAxis(9.5, 200, 20, 4).ticks).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(valueAxis(0, 200, 20).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    const axis = valueAxis(100, 200, 20, 5);
    expect([axis.y(0), axis.y(100), axis.y(50)]).toEqual([200, 20, 110]);
  });

  it('spans whole decades on a log axis, 1-2-5 within up to two of them', () => {
    expect(logAxis(3.2, 640, 200, 20).ticks).toEqual([1, 10, 100, 1_000]);
    expect(logAxis(12, 640, 200, 20).ticks).toEqual([10, 20, 50, 100, 200, 500, 1_000]);
    const axis = logAxis(1, 100, 200, 0);
    expect([axis.y(1), axis.y(10), axis.y(100), axis.y(0)]).toEqual([200, 100, 0, 200]);
  });

  it('thins a long series by keeping the highest value of each bucket', () => {
    const points: ([number, number] | null)[] = Array.from({ length: 10 }, (_, i) => [i * 1_000, i === 4 ? 99 : 1]);
    points[8] = null;
    points[9] = null;
    expect(thin(points, 5)).toEqual([[1_000, 1], [3_000, 1], [5_000, 99], [7_000, 1], null]);
    expect(thin(points, 10)).toBe(points);
  });
});
