import { describe, expect, it } from 'vitest';
import { FleetMetrics } from '../../../simulator/fleet/metrics.js';

describe('FleetMetrics', () => {
  it('reports per-action percentiles in milliseconds from recorded latencies', () => {
    const metrics = new FleetMetrics();
    for (let i = 1; i <= 100; i++) metrics.recordCall({ action: 'Heartbeat', latencyMs: i, ok: true });
    const [heartbeat] = metrics.snapshot().actions;
    expect(heartbeat?.calls).toBe(100);
    expect(heartbeat?.p50).toBeCloseTo(50, 0);
    expect(heartbeat?.p99).toBeCloseTo(99, 0);
    expect(heartbeat?.max).toBeCloseTo(100, 0);
  });

  it('counts errors per action and per code', () => {
    const metrics = new FleetMetrics();
    metrics.recordCall({ action: 'Authorize', latencyMs: 2, ok: false, errorCode: 'Timeout' });
    metrics.recordCall({ action: 'Authorize', latencyMs: 2, ok: true });
    metrics.recordCall({ action: 'Heartbeat', latencyMs: 2, ok: false, errorCode: 'InternalError' });
    const s = metrics.snapshot();
    expect(s.errors).toBe(2);
    expect(s.errorsByCode).toEqual({ InternalError: 1, Timeout: 1 });
    expect(s.actions.find((a) => a.action === 'Authorize')?.errors).toBe(1);
  });

  it('keeps a station booted once it was accepted, and counts the rest as not booted', () => {
    const metrics = new FleetMetrics();
    metrics.stations = 3;
    metrics.recordBoot('A', 'Accepted');
    metrics.recordBoot('A', 'Pending');
    metrics.recordBoot('B', 'Rejected');
    const s = metrics.snapshot();
    expect(s.booted).toBe(1);
    expect(s.rejected).toBe(1);
    expect(s.notBooted).toBe(2);
  });
});
