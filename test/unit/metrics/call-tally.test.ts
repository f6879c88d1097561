/** Calls counted as plain numbers render as a standard Prometheus counter and histogram at scrape time. */
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { CallTally } from '../../../harness/metrics/call-tally.js';
import { parseExposition, sumBy, valueOf } from '../../support/prom-text.js';

function tally() {
  const registry = new Registry();
  const calls = new CallTally(registry, {
    calls: { name: 't_calls_total', help: 'calls' },
    duration: { name: 't_seconds', help: 'durations', buckets: [0.01, 0.001, 0.1] },
  });
  return { registry, calls };
}

describe('CallTally', () => {
  it('renders counts by action, outcome and code, and cumulative buckets with le as an upper bound', async () => {
    const { registry, calls } = tally();
    const hb = calls.of('Heartbeat');
    hb.add('ok');
    hb.add('ok');
    hb.add('error', 'NotSupported');
    for (const s of [0.001, 0.0011, 0.01, 0.5]) hb.observe(s);
    calls.of('Authorize').add('ok');
    const text = await registry.metrics();
    expect(text).toContain('# TYPE t_calls_total counter');
    expect(text).toContain('# TYPE t_seconds histogram');
    const e = parseExposition(text);
    expect(valueOf(e, 't_calls_total', { action: 'Heartbeat', outcome: 'ok', error_code: '' })).toBe(2);
    expect(valueOf(e, 't_calls_total', { action: 'Heartbeat', outcome: 'error', error_code: 'NotSupported' })).toBe(1);
    expect(sumBy(e, 't_calls_total', 'action')).toEqual({ Heartbeat: 3, Authorize: 1 });
    // Bounds sorted; 0.001 and 0.01 land in their own buckets (le is "less than or equal").
    expect(sumBy(e, 't_seconds_bucket', 'le', { action: 'Heartbeat' })).toEqual({ '0.001': 1, '0.01': 3, '0.1': 3, '+Inf': 4 });
    expect(valueOf(e, 't_seconds_count', { action: 'Heartbeat' })).toBe(4);
    expect(valueOf(e, 't_seconds_sum', { action: 'Heartbeat' })).toBeCloseTo(0.5121, 10);
    // An action without observations has no histogram series.
    expect(e.samples.filter((s) => s.name.startsWith('t_seconds') && s.labels.action === 'Authorize')).toEqual([]);
  });

  it('keeps counting across scrapes: each scrape shows the totals so far', async () => {
    const { registry, calls } = tally();
    calls.of('Heartbeat').add('ok');
    expect(valueOf(parseExposition(await registry.metrics()), 't_calls_total')).toBe(1);
    calls.of('Heartbeat').add('ok');
    calls.of('Heartbeat').observe(0.05);
    const second = parseExposition(await registry.metrics());
    expect(valueOf(second, 't_calls_total')).toBe(2);
    expect(valueOf(second, 't_seconds_count')).toBe(1);
  });
});
