/**
 * The report lines of a CSMS crash in a load run (result.csmsRestarts) and of the delivery check (result.delivery):
 * when it was killed, how long it was down, the disconnects, the time to full recovery (every station connected
 * again, then every backlog delivered), the CSMS's clock either side; and what the CSMS's store holds of the
 * transaction messages. Label and text pairs, as the other health lines (tables.ts).
 */
import type { LoadResult } from '../../harness/load/result.js';
import { formatCount, formatElapsedS } from './words.js';

export function crashLines(result: LoadResult): [string, string][] {
  const lines: [string, string][] = [];
  for (const r of result.csmsRestarts ?? []) {
    const recovered =
      r.recoveredAfterS === undefined ? 'the stations did not all reconnect' :
      `all stations connected again ${formatElapsedS(r.recoveredAfterS)} after the kill` +
        (r.drainedAfterS === undefined ? ', their backlog not delivered by the end' : `, their backlog delivered after ${formatElapsedS(r.drainedAfterS)}`);
    const clock =
      r.clockBeforeMs === undefined || r.clockAfterMs === undefined ? 'clock not read' :
      r.clockAfterMs >= r.clockBeforeMs ? `clock went on (+${formatElapsedS((r.clockAfterMs - r.clockBeforeMs) / 1_000)} simulated)` :
      `clock ran BACKWARDS by ${formatElapsedS((r.clockBeforeMs - r.clockAfterMs) / 1_000)}`;
    lines.push([
      'CSMS restart',
      `kill -9 at ${formatElapsedS(r.atS)}, listening again after ${formatElapsedS(r.downForS)} · ${formatCount(r.disconnects)} disconnects of ` +
        `${formatCount(r.connectedAtKill)} connected · ${recovered} · ${clock}`,
    ]);
  }
  const d = result.delivery;
  if (d !== undefined) {
    lines.push([
      'delivery',
      `${formatCount(d.checked)} transaction messages checked against the CSMS's store: ${formatCount(d.missing)} missing, ` +
        `${formatCount(d.duplicated)} duplicated, ${formatCount(d.outOfOrder)} out of order, ${formatCount(d.openTransactions)} transactions left open`,
    ]);
    for (const finding of d.findings) lines.push(['', finding]);
  }
  return lines;
}
