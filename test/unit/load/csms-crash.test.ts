import { describe, expect, it } from 'vitest';
import { crashFailures } from '../../../harness/load/csms-crash.js';
import type { CsmsRestart } from '../../../harness/load/result.js';
import { crashLines } from '../../../reports/load/crash-lines.js';
import type { LoadResult } from '../../../harness/load/result.js';

const BEFORE = Date.UTC(2026, 0, 1, 12, 0, 0);
const restart = (over: Partial<CsmsRestart> = {}): CsmsRestart => ({
  atS: 20, downForS: 2.5, connectedAtKill: 300, disconnects: 300, recoveredAfterS: 6.4, drainedAfterS: 7.1, clockBeforeMs: BEFORE, clockAfterMs: BEFORE + 150_000, ...over,
});

describe('a CSMS restart judged', () => {
  it('passes a restart the fleet recovered from with the clock going on', () => {
    expect(crashFailures([restart()])).toEqual([]);
  });

  it('fails a clock that ran backwards across the restart, saying both times', () => {
    expect(crashFailures([restart({ clockAfterMs: BEFORE - 60_000 })])).toEqual([
      "the CSMS's simulated clock ran backwards across the restart at 20s: 2026-01-01T12:00:00.000Z before, 2026-01-01T11:59:00.000Z after",
    ]);
  });

  it('fails a restart not every station came back from, and one whose clock could not be read', () => {
    const { recoveredAfterS: _, ...notRecovered } = restart();
    const { clockAfterMs: __, ...unread } = restart();
    expect(crashFailures([notRecovered, unread])).toEqual([
      'the stations did not all reconnect after the CSMS restart at 20s',
      "the CSMS's clock could not be read around the restart at 20s (/api/health)",
    ]);
  });

  it('reads as one report line with the recovery and the clock', () => {
    const result = { csmsRestarts: [restart()] } as unknown as LoadResult;
    expect(crashLines(result)).toEqual([
      [
        'CSMS restart',
        'kill -9 at 20.0 s, listening again after 2.5 s · 300 disconnects of 300 connected · all stations connected again 6.4 s after the kill, ' +
          'their backlog delivered after 7.1 s · clock went on (+2m30s simulated)',
      ],
    ]);
  });
});
