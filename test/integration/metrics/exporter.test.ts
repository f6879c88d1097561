/**
 * The load exporter's API without a fleet, read back over HTTP: each call outcome lands in one series and
 * only answered ones in the histogram, the stage gauge follows the engine's progress, and the scrape server
 * answers /metrics only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLoadMetrics, type LoadMetrics } from '../../../harness/load/prometheus.js';
import type { LiveProgress } from '../../../harness/load/result.js';
import { matching, scrape, sumBy, valueOf } from '../../support/prom-text.js';

let metrics: LoadMetrics | undefined;
afterEach(async () => {
  await metrics?.close();
  metrics = undefined;
});

const progress = (stage: string, connected: number): LiveProgress => ({
  elapsedS: 12.5,
  stage,
  stations: 100,
  connected,
  booted: connected - 1,
  callsPerS: 0,
  calls: 0,
  errors: 0,
  p99SoFarMs: null,
  sessionsActive: 7,
});

describe('the load exporter', () => {
  it('counts every call outcome once and times only the answered ones', async () => {
    metrics = await createLoadMetrics({ port: 0, processMetrics: false });
    metrics.observeCall({ action: 'Heartbeat', latencyMs: 3, ok: true, end: 'result' });
    metrics.observeCall({ action: 'Heartbeat', latencyMs: 1_200, ok: true, end: 'result' });
    metrics.observeCall({ action: 'Authorize', latencyMs: 4, ok: false, end: 'error', errorCode: 'NotSupported' });
    metrics.observeCall({ action: 'Heartbeat', latencyMs: 30_000, ok: false, end: 'timeout', errorCode: 'Timeout' });
    metrics.observeCall({ action: 'MeterValues', latencyMs: 0, ok: false, end: 'disconnected', errorCode: 'Disconnected' });
    metrics.observeBoot('Pending');
    metrics.observeBoot('Accepted');
    metrics.observeDisconnect(1006);
    metrics.observeDisconnect(4001);
    metrics.observeConnect('opened');
    metrics.observeConnect('http-404');
    metrics.observeSession({ ok: true, transactionId: '1', energyWh: 10 });
    metrics.observeSession({ ok: false, reason: 'refused', refusedStatus: 'Blocked' });
    metrics.observeSession({ ok: false, reason: 'connector busy' });
    const e = await scrape(metrics.url);

    expect(sumBy(e, 'chargedrill_load_calls_total', 'outcome')).toEqual({ answered: 2, callerror: 1, timeout: 1, cut: 1 });
    expect(valueOf(e, 'chargedrill_load_calls_total', { outcome: 'callerror', error_code: 'NotSupported', action: 'Authorize' })).toBe(1);
    expect(sumBy(e, 'chargedrill_load_call_duration_seconds_count', 'action')).toEqual({ Heartbeat: 2, Authorize: 1 });
    expect(valueOf(e, 'chargedrill_load_call_duration_seconds_sum', { action: 'Heartbeat' })).toBeCloseTo(1.203, 6);
    // 3 ms falls in the 5 ms bucket, 1.2 s only from the 2.5 s bucket on.
    expect(valueOf(e, 'chargedrill_load_call_duration_seconds_bucket', { action: 'Heartbeat', le: '0.005' })).toBe(1);
    expect(valueOf(e, 'chargedrill_load_call_duration_seconds_bucket', { action: 'Heartbeat', le: '2.5' })).toBe(2);
    expect(sumBy(e, 'chargedrill_load_boots_total', 'status')).toEqual({ Pending: 1, Accepted: 1 });
    expect(sumBy(e, 'chargedrill_load_disconnects_total', 'code')).toEqual({ '1006': 1, '4xxx': 1 });
    expect(sumBy(e, 'chargedrill_load_connection_attempts_total', 'reason')).toEqual({ '': 1, 'http-404': 1 });
    expect(sumBy(e, 'chargedrill_load_sessions_total', 'outcome')).toEqual({ completed: 1, refused: 1, failed: 1 });
    expect(valueOf(e, 'chargedrill_load_sessions_total', { outcome: 'refused', status: 'Blocked' })).toBe(1);
  });

  it('shows the stage running now and the engine\'s station counts when no fleet is attached', async () => {
    metrics = await createLoadMetrics({ port: 0, processMetrics: false });
    metrics.setProgress(progress('ramp', 40));
    metrics.setProgress(progress('hold', 90));
    const e = await scrape(metrics.url);
    expect(matching(e, 'chargedrill_load_stage').map((s) => [s.labels.stage, s.value])).toEqual([['hold', 1]]);
    expect(sumBy(e, 'chargedrill_load_stations', 'state')).toEqual({ target: 100, connected: 90, booted: 89 });
    expect(valueOf(e, 'chargedrill_load_sessions_active')).toBe(7);
    expect(valueOf(e, 'chargedrill_load_elapsed_seconds')).toBe(12.5);
  });

  it('serves /metrics only, to GET and HEAD', async () => {
    metrics = await createLoadMetrics({ port: 0, host: '127.0.0.1', processMetrics: false });
    expect(metrics.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const base = metrics.url.replace(/\/metrics$/, '');
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/metrics/x`)).status).toBe(404);
    expect((await fetch(metrics.url, { method: 'POST' })).status).toBe(405);
    const head = await fetch(metrics.url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect((await fetch(`${metrics.url}?name=x`)).status).toBe(200);
    await metrics.close();
    await expect(fetch(metrics.url)).rejects.toThrow();
  });
});
