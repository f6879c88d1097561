import { Counter, Gauge, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ClusterRegistry } from '../../../harness/csms-cluster/cluster-metrics.js';

/** A worker's registry as the primary receives it. */
async function workerMetrics(connected: number, calls: number): Promise<object[]> {
  const registry = new Registry();
  new Gauge({ name: 'chargedrill_csms_connected_stations', help: 'h', labelNames: ['protocol'], registers: [registry] }).set({ protocol: 'ocpp1.6' }, connected);
  new Counter({ name: 'chargedrill_csms_calls_total', help: 'h', registers: [registry] }).inc(calls);
  return registry.getMetricsAsJSON();
}

describe('one scrape of a CSMS with workers', () => {
  it('sums every worker’s counters and gauges, asking for them at each scrape', async () => {
    let parts = [await workerMetrics(3, 10), await workerMetrics(4, 5)];
    const registry = new ClusterRegistry(() => Promise.resolve(parts));
    const text = await registry.metrics();
    expect(text).toMatch(/^chargedrill_csms_connected_stations\{protocol="ocpp1\.6"\} 7$/m);
    expect(text).toMatch(/^chargedrill_csms_calls_total 15$/m);
    parts = [await workerMetrics(1, 1)];
    expect(await registry.metrics()).toMatch(/^chargedrill_csms_calls_total 1$/m);
  });
});
