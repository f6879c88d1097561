import { describe, expect, it } from 'vitest';
import { FleetMetrics } from '../../../simulator/fleet/metrics.js';

describe('FleetMetrics', () => {
  it('reports per-action percentiles in milliseconds from answered calls', () => {
    const metrics = new FleetMetrics();
    for (let i = 1; i <= 100; i++) metrics.recordCall({ action: 'Heartbeat', latencyMs: i, ok: true, end: 'result' });
    const [heartbeat] = metrics.snapshot().actions;
    expect(heartbeat?.sent).toBe(100);
    expect(heartbeat?.answered).toBe(100);
    expect(heartbeat?.latency.p50).toBeCloseTo(50, 0);
    expect(heartbeat?.latency.p99).toBeCloseTo(99, 0);
    expect(heartbeat?.latency.max).toBeCloseTo(100, 0);
  });

  it('counts every outcome once: CALLERROR by the code as sent, timeouts and cut calls outside the latency', () => {
    const metrics = new FleetMetrics();
    metrics.recordCall({ action: 'Authorize', latencyMs: 30_000, ok: false, end: 'timeout', errorCode: 'Timeout' });
    metrics.recordCall({ action: 'Authorize', latencyMs: 2, ok: true, end: 'result' });
    metrics.recordCall({ action: 'Authorize', latencyMs: 9, ok: false, end: 'disconnected', errorCode: 'Disconnected' });
    metrics.recordCall({ action: 'Authorize', latencyMs: 6_000, ok: false, end: 'disconnected', errorCode: 'Disconnected' }, true);
    metrics.recordCall({ action: 'Authorize', latencyMs: 0, ok: false, end: 'unsent', errorCode: 'Disconnected' });
    metrics.recordCall({ action: 'Heartbeat', latencyMs: 3, ok: false, end: 'error', errorCode: 'FormatViolation', wireCode: 'FormationViolation' });
    const s = metrics.snapshot();
    const authorize = s.actions.find((a) => a.action === 'Authorize');
    expect(authorize).toMatchObject({ sent: 4, answered: 1, timedOut: 1, cutByDisconnect: 1, inFlightAtEnd: 1, unansweredAtEnd: 1, notSent: 1 });
    // Only the answered call is in the latency: no 30 s timeout folded in.
    expect(authorize?.latency.count).toBe(1);
    expect(authorize?.latency.max).toBeCloseTo(2, 1);
    expect(s.actions.find((a) => a.action === 'Heartbeat')?.callErrors).toEqual({ FormationViolation: 1 });
    expect(s.errors).toBe(3);
    expect(s.errorsByCode).toEqual({ Disconnected: 1, FormationViolation: 1, Timeout: 1 });
  });

  it('keeps a station booted once it was accepted, and counts the rest as not booted', () => {
    const metrics = new FleetMetrics();
    metrics.stations = 3;
    metrics.started = 3;
    metrics.recordBoot('A', 'Accepted');
    metrics.recordBoot('A', 'Pending');
    metrics.recordBoot('B', 'Rejected');
    const s = metrics.snapshot();
    expect(s.booted).toBe(1);
    expect(s.rejected).toBe(1);
    expect(s.notBooted).toBe(2);
  });
});
