import { describe, expect, it } from 'vitest';
import type { Fleet } from '../../../simulator/fleet/fleet.js';
import type { FleetSnapshot } from '../../../simulator/fleet/metrics.js';
import { endOfRunFailures, FailFast, overdueBoots, RUN_CHECKS } from '../../../harness/load/run-checks.js';

const TIMED_OUT = { reason: 'timeout' as const, message: 'Opening handshake has timed out' };

/**
 * The part of a Fleet the run checks read: `stations` started at the given real ms, none booted nor open, each
 * with the given last connect failure (or none yet), and the connection counters.
 */
function fleet(startedAtMs: number[], failures: (typeof TIMED_OUT | undefined)[], first?: { reason: string; message: string; count: number }): Fleet {
  const failed = failures.filter((f) => f !== undefined).length;
  return {
    size: startedAtMs.length,
    online: startedAtMs.length,
    startedAtMs,
    bootedAtMs: startedAtMs.map(() => Number.NaN),
    stationAt: (i: number) => ({ id: `S1-CP${i + 1}`, transport: { state: 'connecting' } }),
    metrics: {
      bootStatus: new Map(),
      connections: {
        opened: 0,
        failures: failed,
        snapshot: () => (first === undefined ? {} : { firstFailure: first }),
        lastFailureOf: (i: number) => failures[i]?.reason,
        lastFailureDetailOf: (i: number) => failures[i]?.message,
      },
    },
  } as unknown as Fleet;
}

describe('run checks', () => {
  it('stops at once on a handshake that timed out: the timeout was the wait', () => {
    const stuck = fleet([0, 1_000, 2_000, 3_000, 4_000], [TIMED_OUT], { ...TIMED_OUT, count: 1 });
    expect(new FailFast().check(stuck, 'ws://x/ocpp', 30_100)).toBe(
      'no station could connect to ws://x/ocpp: 1 of 1 attempts timed out (Opening handshake has timed out); none of the 5 stations started has connected',
    );
  });

  it('waits its grace after another first failure', () => {
    const refused = { reason: 'refused', message: 'ECONNREFUSED', count: 2 };
    const check = new FailFast();
    const closed = fleet([0, 0], [undefined, undefined], refused);
    (closed.metrics.connections as unknown as { failures: number }).failures = 2;
    expect(check.check(closed, 'ws://x/ocpp', 100)).toBeUndefined();
    expect(check.check(closed, 'ws://x/ocpp', 100 + RUN_CHECKS.failFastMs)).toMatch(/^no station could connect to ws:\/\/x\/ocpp: 2 of 2 attempts were refused/);
  });

  it('counts every station not booted when one is overdue, not only the overdue one', () => {
    const stuck = fleet([0, 1_000, 2_000, 3_000, 4_000], [TIMED_OUT]);
    expect(overdueBoots(stuck, 30_000, 30_500)).toBe(
      '5 of 5 stations had not booted when 1 of them passed 30s from their start (still connecting 4, never connected: Opening handshake has timed out 1)',
    );
    // All overdue: the message keeps its plain form.
    expect(overdueBoots(stuck, 30_000, 40_000)).toBe('5 of 5 stations did not boot within 30s of their start (still connecting 4, never connected: Opening handshake has timed out 1)');
  });

  it('says one connection and one call in the singular', () => {
    const one = fleet([0], [TIMED_OUT], { ...TIMED_OUT, count: 1 });
    expect(new FailFast().check(one, 'ws://x/ocpp', 30_000)).toMatch(/; the one station started has not connected$/);
    const snapshot = {
      connections: { disconnects: 1, closedByPeer: { 1006: 1 } },
      actions: [{ action: 'Heartbeat', timedOut: 1, unansweredAtEnd: 0 }],
    } as unknown as FleetSnapshot;
    expect(endOfRunFailures(snapshot, 0)).toEqual([
      '1 connection was closed by the CSMS or the network (close code 1006: 1); allowed: 0',
      '1 call got no answer (timed out, or waiting 5s or more at the end): Heartbeat 1',
    ]);
  });
});
