/** Text views of a fleet snapshot: the one-line progress and the closing summary. */
import type { FleetSnapshot } from '../../simulator/fleet/metrics.js';

export function fleetProgressLine(elapsedS: number, s: FleetSnapshot): string {
  return (
    `[${elapsedS.toFixed(0).padStart(4)}s] started ${s.started}/${s.stations}  connected ${s.connected}  ` +
    `booted ${s.booted}  calls ${s.calls}  errors ${s.errors}`
  );
}

export function fleetSummaryText(s: FleetSnapshot, elapsedS: number): string {
  const lines = [
    `Fleet summary after ${elapsedS.toFixed(1)}s`,
    `  stations   ${s.stations}`,
    `  connected  ${s.connected}`,
    `  booted     ${s.booted}${s.pending ? `  (pending ${s.pending})` : ''}${s.rejected ? `  (rejected ${s.rejected})` : ''}`,
    `  not booted ${s.notBooted}`,
    `  calls      ${s.calls}`,
    `  errors     ${s.errors}${formatCodes(s.errorsByCode)}`,
    ...sessionLines(s),
    '',
    `  ${'action'.padEnd(28)}${'calls'.padStart(9)}${'errors'.padStart(8)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'max ms'.padStart(10)}`,
  ];
  for (const a of s.actions) {
    lines.push(
      `  ${a.action.padEnd(28)}${String(a.calls).padStart(9)}${String(a.errors).padStart(8)}` +
        `${a.p50.toFixed(2).padStart(10)}${a.p99.toFixed(2).padStart(10)}${a.max.toFixed(2).padStart(10)}`,
    );
  }
  return lines.join('\n');
}

/** What happened to the sessions; nothing when the run had none. */
function sessionLines(s: FleetSnapshot): string[] {
  const n = s.sessions;
  if (n.attempted === 0 && n.stoppedAtEnd === 0) return [];
  return [
    `  sessions   ${n.attempted} attempted, ${n.started} started`,
    `    refused          ${n.refused}${formatCodes(n.refusedByStatus)}`,
    `    completed        ${n.completed}`,
    `    stopped at end   ${n.stoppedAtEnd}`,
    `    still open       ${n.openAtEnd}${n.openAtEnd > 0 ? '  (the CSMS did not answer their stop in time)' : ''}`,
    ...(n.failed > 0 ? [`    did not start    ${n.failed}`] : []),
  ];
}

function formatCodes(codes: Record<string, number>): string {
  const entries = Object.entries(codes);
  return entries.length === 0 ? '' : `  (${entries.map(([code, n]) => `${code} ${n}`).join(', ')})`;
}
