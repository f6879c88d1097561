/**
 * A CSMS crash in a load run (`--csms-restart-at`, harness/load/csms-crash.ts): 300 stations of both protocols with
 * sessions running, the bundled CSMS SIGKILLed mid-run and restarted on the same SQLite file and port. Every station
 * reconnects, every transaction message reaches the CSMS's store exactly once and in order, no transaction stays
 * open, and the CSMS's simulated clock goes on from where it was.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { LoadInputError, runLoad } from '../../../harness/load/engine.js';
import type { LoadResult, TimeSeriesPoint } from '../../../harness/load/result.js';
import { toSummaryText } from '../../../reports/load/summary-text.js';
import { watchLoopLag } from '../../support/loop-lag.js';

const STATIONS = 300;
const TIME_SCALE = 60;
const CRASH = { atMs: 4_000, downForMs: 1_000 };

describe('kill -9 of the bundled CSMS in a load run', () => {
  let result: LoadResult;
  const samples: TimeSeriesPoint[] = [];
  /** The longest stall of this process during the run: the fleet reads the killed CSMS's closes only when it runs. */
  let lagMs = 0;

  beforeAll(async () => {
    const lag = watchLoopLag();
    result = await runLoad({
      sites: 30,
      protocol: 'mix',
      seed: 7,
      // Sessions every 5 simulated minutes per station at ×60: most stations charge when the CSMS dies.
      timeScale: TIME_SCALE,
      desk: false,
      bootTimeoutMs: 20_000,
      sampleIntervalMs: 250,
      onSample: (point) => samples.push(point),
      stages: [
        { name: 'ramp', durationMs: 1_000, target: STATIONS, sessionsPerHour: 12 },
        { name: 'hold', durationMs: 6_000, target: STATIONS, sessionsPerHour: 12 },
      ],
      csmsRestart: CRASH,
    });
    lagMs = lag.maxMs();
    lag.stop();
  }, 60_000);

  it('passes with every transaction message stored once, in order, and no transaction left open', () => {
    expect(result.verdict, result.failures.join('; ')).toBe('passed');
    const delivery = result.delivery;
    expect(delivery?.checked).toBeGreaterThan(STATIONS);
    expect(delivery).toMatchObject({ missing: 0, duplicated: 0, outOfOrder: 0, openTransactions: 0, findings: [] });
  });

  it('crashed with sessions running, and the messages kept meanwhile were sent once the CSMS was back', () => {
    const beforeKill = samples.filter((p) => p.t < CRASH.atMs / 1_000);
    expect(beforeKill.at(-1)?.sessionsActive).toBeGreaterThan(0);
    // Transaction messages cut by the crash were replayed: delivered although cut (the check above finds them stored).
    const cut = result.actions.filter((a) => ['MeterValues', 'TransactionEvent', 'StartTransaction', 'StopTransaction'].includes(a.action));
    expect(cut.reduce((n, a) => n + a.sent, 0)).toBeGreaterThan(0);
  });

  it('records the restart: every connected station dropped, all reconnected, the time to recover', () => {
    expect(result.csmsRestarts).toHaveLength(1);
    const restart = result.csmsRestarts?.[0];
    expect(restart?.connectedAtKill).toBe(STATIONS);
    expect(restart?.disconnects).toBe(STATIONS);
    expect(restart?.atS).toBeGreaterThanOrEqual(CRASH.atMs / 1_000);
    expect(restart?.downForS).toBeGreaterThanOrEqual(CRASH.downForMs / 1_000);
    expect(restart?.recoveredAfterS).toBeGreaterThanOrEqual(restart?.downForS ?? Infinity);
    expect(restart?.drainedAfterS).toBeGreaterThanOrEqual(restart?.recoveredAfterS ?? Infinity);
    // The crash's disconnects are the point of the run: counted, recovered, and not a failure.
    expect(result.disconnects.disconnects).toBe(STATIONS);
    expect(result.disconnects.recovered).toBe(STATIONS);
    expect(result.parameters.csmsRestart).toEqual(CRASH);
  });

  it('shows the reconnect curve: none connected while the CSMS is down, every station again at the end', () => {
    // While the CSMS is down the count only falls (nothing can connect to a closed port)...
    const down = samples.filter((p) => p.t >= CRASH.atMs / 1_000 && p.t < (CRASH.atMs + CRASH.downForMs) / 1_000).map((p) => p.connected);
    expect(down.length).toBeGreaterThan(0);
    expect(down).toEqual([...down].sort((a, b) => b - a));
    // ...and is 0 once the fleet has had 300 ms to read the closes, plus the longest stall this process had.
    const settled = samples.filter((p) => p.t > (CRASH.atMs + 300 + lagMs) / 1_000 && p.t < (CRASH.atMs + CRASH.downForMs) / 1_000);
    expect(settled.map((p) => p.connected)).toEqual(settled.map(() => 0));
    // Then only up: nobody disconnects again, every station comes back.
    const after = samples.filter((p) => p.t > (CRASH.atMs + CRASH.downForMs) / 1_000).map((p) => p.connected);
    expect(after).toEqual([...after].sort((a, b) => a - b));
    expect(Math.max(...after)).toBe(STATIONS);
  });

  it('keeps the CSMS clock running forward across the restart, by about the real time it was down times the scale', () => {
    const restart = result.csmsRestarts?.[0];
    const before = restart?.clockBeforeMs as number;
    const after = restart?.clockAfterMs as number;
    // The reads bracket the kill and the restart, so at least the time down passed between them (a clock that
    // restarted from the wall clock would be minutes behind at ×60).
    expect(after - before).toBeGreaterThanOrEqual(CRASH.downForMs * TIME_SCALE);
  });

  it('says the restart and the delivery in the summary', () => {
    const text = toSummaryText(result);
    expect(text).toMatch(/CSMS restart +kill -9 at \d+\.\d s, listening again after \d+\.\d s · 300 disconnects of 300 connected · all stations connected again \d+\.\d s after the kill/);
    expect(text).toMatch(/delivery +[\d,]+ transaction messages checked against the CSMS's store: 0 missing, 0 duplicated, 0 out of order, 0 transactions left open/);
  });
});

describe('a CSMS crash needs the bundled CSMS in its own process', () => {
  it.each([
    [{ url: 'ws://127.0.0.1:9/ocpp' }, /--csms-restart-at needs the bundled CSMS in its own process/],
    [{ csms: 'in-process' as const }, /--csms-restart-at needs the bundled CSMS in its own process/],
    [{ csmsDb: ':memory:' }, /--csms-db must be a file/],
    [{ csmsRestart: { atMs: 5_000, downForMs: 1_000 } }, /--csms-restart-at must be after the start and before the end of the stages \(2s\), got 5s/],
  ])('refuses %j before anything starts', async (extra, message) => {
    const run = runLoad({
      sites: 1, protocol: 'ocpp1.6', seed: 1, timeScale: 1, bootTimeoutMs: 1_000,
      stages: [{ name: 'hold', durationMs: 2_000, target: 1, sessionsPerHour: 0 }],
      csmsRestart: { atMs: 1_000, downForMs: 0 },
      ...extra,
    });
    await expect(run).rejects.toThrow(LoadInputError);
    await expect(run).rejects.toThrow(message);
  });
});
