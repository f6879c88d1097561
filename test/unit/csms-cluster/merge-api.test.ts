import { describe, expect, it } from 'vitest';
import {
  firstFailure,
  firstFound,
  mergeHealth,
  mergeIssues,
  mergeNewest,
  mergeOpened,
  mergeStations,
  mergeUptime,
  uptimeWindow,
  type WorkerAnswer,
} from '../../../harness/csms-cluster/merge-api.js';

const ok = (worker: number, body: unknown): WorkerAnswer => ({ worker, status: 200, body });

describe('merging the workers’ answers', () => {
  it('lists every worker’s stations by id, each with the worker that serves it', () => {
    const merged = mergeStations([ok(0, [{ id: 'S3-CP1' }, { id: 'S3-CP2' }]), ok(1, [{ id: 'S1-CP1' }, { id: 'S10-CP1' }]), ok(2, [])]);
    expect(merged).toEqual([
      { id: 'S1-CP1', worker: 1 },
      { id: 'S10-CP1', worker: 1 },
      { id: 'S3-CP1', worker: 0 },
      { id: 'S3-CP2', worker: 0 },
    ]);
  });

  it('passes on the first answer that is not a 200, as the worker gave it', () => {
    const bad = { worker: 1, status: 400, body: { error: 'limit must be …' } };
    expect(firstFailure([ok(0, []), bad, { worker: 2, status: 503, body: {} }])).toEqual({ status: 400, body: { error: 'limit must be …' } });
    expect(firstFailure([ok(0, []), ok(1, [])])).toBeUndefined();
  });

  it('keeps the newest `limit` rows by simulated time across workers, oldest first', () => {
    const merged = mergeNewest([ok(0, [{ at: 1, n: 'a' }, { at: 5, n: 'b' }]), ok(1, [{ at: 2, n: 'c' }, { at: 9, n: 'd' }]), ok(2, [{ at: 5, n: 'e' }])], 3);
    // Equal times keep worker order.
    expect(merged.map((r) => r['n'])).toEqual(['b', 'e', 'd']);
  });

  it('orders issues by when they were raised and tickets or work orders by when they were opened', () => {
    const issues = mergeIssues([ok(0, [{ id: 'x', raisedAt: { simMs: 30 } }]), ok(1, [{ id: 'y', raisedAt: { simMs: 10 } }, { id: 'z', raisedAt: { simMs: 40 } }])]);
    expect(issues.map((i) => i['id'])).toEqual(['y', 'x', 'z']);
    const tickets = mergeOpened([ok(0, [{ id: 't1', openedAt: 7 }]), ok(1, [{ id: 't2', openedAt: 3 }])]);
    expect(tickets.map((t) => t['id'])).toEqual(['t2', 't1']);
  });

  it('refuses a worker answer that is not a list where a list is expected', () => {
    expect(() => mergeStations([ok(0, { error: 'x' })])).toThrow(/worker 0 answered/);
  });

  it('answers an issue by id from the worker that has it, else with the first 404', () => {
    const missing = { worker: 0, status: 404, body: { error: 'unknown issue i9' } };
    expect(firstFound([missing, ok(1, { id: 'i9' })])).toEqual({ status: 200, body: { id: 'i9' } });
    expect(firstFound([missing, { ...missing, worker: 1 }])).toEqual({ status: 404, body: { error: 'unknown issue i9' } });
  });

  it('sums health counts, lists every worker with its own, and says degraded while one restarts', () => {
    const health = mergeHealth(
      [ok(0, { status: 'ok', stations: 4, connected: 3, timeScale: 60, securityProfile: 0 }), ok(2, { status: 'ok', stations: 2, connected: 2, timeScale: 60, securityProfile: 0 })],
      [
        { worker: 0, pid: 10, ready: true, restarts: 0 },
        { worker: 1, pid: undefined, ready: false, restarts: 1 },
        { worker: 2, pid: 12, ready: true, restarts: 0 },
      ],
      1_000,
    );
    expect(health).toEqual({
      status: 'degraded',
      stations: 6,
      connected: 5,
      now: 1_000,
      timeScale: 60,
      securityProfile: 0,
      workers: [
        { worker: 0, pid: 10, ready: true, restarts: 0, stations: 4, connected: 3 },
        { worker: 1, pid: undefined, ready: false, restarts: 1, stations: 0, connected: 0 },
        { worker: 2, pid: 12, ready: true, restarts: 0, stations: 2, connected: 2 },
      ],
    });
  });

  it('merges uptime reports on one window: the mean port uptime weighted by ports, stations and ports below NEVI by station', () => {
    const part = (stations: string[], ports: number, mean: number | undefined, below: string[], workOrders: string[]) => ({
      fromMs: 0,
      toMs: 100,
      stations: stations.map((stationId) => ({ stationId })),
      ports,
      meanPortUptimePercent: mean,
      portsBelowNevi: below.map((stationId) => ({ stationId, connectorId: 1, uptimePercent: 90 })),
      metrics: { postInterventionUptime: workOrders.map((workOrderId) => ({ workOrderId })) },
    });
    const answers = [ok(0, part(['S2-CP1'], 2, 100, [], ['w1'])), ok(1, part(['S1-CP1', 'S1-CP2'], 6, 92, ['S1-CP2', 'S1-CP1'], [])), ok(2, part([], 0, undefined, [], ['w2']))];
    expect(uptimeWindow([ok(0, { ...part([], 0, undefined, [], []), fromMs: 5, toMs: 90 }), ok(1, { ...part([], 0, undefined, [], []), fromMs: 20, toMs: 99 })])).toEqual({ fromMs: 5, toMs: 99 });
    const merged = mergeUptime(answers, { ticketsOpen: 3 }, { fromMs: 0, toMs: 100 });
    expect(merged).toEqual({
      fromMs: 0,
      toMs: 100,
      stations: [{ stationId: 'S1-CP1' }, { stationId: 'S1-CP2' }, { stationId: 'S2-CP1' }],
      ports: 8,
      // (2 × 100 + 6 × 92) / 8, not the mean of the means (96).
      meanPortUptimePercent: 94,
      portsBelowNevi: [
        { stationId: 'S1-CP1', connectorId: 1, uptimePercent: 90 },
        { stationId: 'S1-CP2', connectorId: 1, uptimePercent: 90 },
      ],
      metrics: { ticketsOpen: 3, postInterventionUptime: [{ workOrderId: 'w1' }, { workOrderId: 'w2' }] },
    });
  });
});
