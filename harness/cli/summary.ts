/** Text views of a load run: the one-line progress and the closing summary (plain text; reports are elsewhere). */
import type { SessionSummary } from '../../simulator/fleet/session-counts.js';
import type { LiveProgress, LoadResult } from '../load/result.js';

export function loadProgressLine(p: LiveProgress): string {
  return (
    `[${p.elapsedS.toFixed(0).padStart(4)}s] ${p.stage}  stations ${p.stations}  connected ${p.connected}  booted ${p.booted}  ` +
    `calls ${p.calls} (${p.callsPerS.toFixed(0)}/s)  errors ${p.errors}  p99 ${p.p99SoFarMs === null ? '-' : `${p.p99SoFarMs.toFixed(1)}ms`}` +
    (p.sessionsActive > 0 ? `  sessions ${p.sessionsActive}` : '')
  );
}

export function loadSummaryText(r: LoadResult): string {
  const c = r.connections;
  const b = r.boots;
  const d = r.disconnects;
  const started = b.accepted + b.notBooted;
  const lines = [
    `Load summary after ${r.elapsedS.toFixed(1)}s: ${r.verdict}`,
    `  stations    ${started} started of ${r.parameters.stations}`,
    `  connections ${c.attempts} attempts, ${c.opened} opened${formatCodes(c.failed, 'failed')}`,
    `  booted      ${b.accepted}${b.notBooted > 0 ? `  (not booted ${b.notBooted}${b.pending ? `, pending ${b.pending}` : ''}${b.rejected ? `, rejected ${b.rejected}` : ''})` : ''}` +
      (b.bootAllMs === undefined ? '' : `  all in ${(b.bootAllMs / 1_000).toFixed(2)}s`),
    `  disconnects ${d.disconnects}${formatCodes(c.closedByPeer, 'close codes')}` +
      (d.disconnects > 0 ? `  recovered ${d.recovered}${d.recovered > 0 ? ` (p50 ${ms(d.timeToRecover.p50)}, max ${ms(d.timeToRecover.max)})` : ''}` : '') +
      (d.droppedBySimulation ? `  dropped by faults ${d.droppedBySimulation}` : ''),
    `  calls       ${r.calls.sent} sent, ${r.calls.answered} answered, ${r.calls.errors} errors ` +
      `(timed out ${r.calls.timedOut}, cut by disconnect ${r.calls.cutByDisconnect}), in flight at end ${r.calls.inFlightAtEnd}`,
    ...sessionLines(r.sessions),
    '',
    `  ${'action'.padEnd(28)}${'count'.padStart(8)}${'rate/s'.padStart(9)}${'p50'.padStart(9)}${'p90'.padStart(9)}${'p99'.padStart(9)}` +
      `${'p99.9'.padStart(9)}${'max'.padStart(9)}  errors`,
  ];
  for (const a of r.actions) {
    const rate = r.elapsedS > 0 ? a.sent / r.elapsedS : 0;
    const errors = [
      ...Object.entries(a.callErrors).map(([code, n]) => `${code} ${n}`),
      ...(a.timedOut ? [`timed out ${a.timedOut}`] : []),
      ...(a.cutByDisconnect ? [`cut ${a.cutByDisconnect}`] : []),
      ...(a.inFlightAtEnd ? [`in flight at end ${a.inFlightAtEnd}`] : []),
      ...(a.notSent ? [`not sent (offline) ${a.notSent}`] : []),
    ];
    const l = a.latency;
    lines.push(
      `  ${a.action.padEnd(28)}${String(a.sent).padStart(8)}${rate.toFixed(1).padStart(9)}` +
        [l.p50, l.p90, l.p99, l.p99_9, l.max].map((v) => (l.count === 0 ? '-' : v.toFixed(1)).padStart(9)).join('') +
        `  ${errors.length === 0 ? '0' : errors.join(', ')}`,
    );
  }
  lines.push('  (latency in real ms, answered calls only)');
  if (r.failures.length > 0) lines.push('', ...r.failures.map((f) => `  FAILED: ${f}`));
  return lines.join('\n');
}

/** What happened to the sessions; nothing when the run had none. */
function sessionLines(n: SessionSummary): string[] {
  if (n.attempted === 0 && n.stoppedAtEnd === 0) return [];
  return [
    `  sessions    ${n.attempted} attempted, ${n.started} started`,
    `    refused          ${n.refused}${formatCodes(n.refusedByStatus)}`,
    `    completed        ${n.completed}`,
    `    stopped at end   ${n.stoppedAtEnd}`,
    `    still open       ${n.openAtEnd}${n.openAtEnd > 0 ? '  (the CSMS did not answer their stop in time)' : ''}`,
    ...(n.failed > 0 ? [`    did not start    ${n.failed}`] : []),
  ];
}

function ms(value: number): string {
  return `${value.toFixed(0)}ms`;
}

function formatCodes(codes: Record<string, number | undefined>, label = ''): string {
  const entries = Object.entries(codes);
  return entries.length === 0 ? '' : `  (${label ? `${label}: ` : ''}${entries.map(([code, n]) => `${code} ${n ?? 0}`).join(', ')})`;
}
