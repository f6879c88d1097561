/**
 * The checks that end or fail a load run, and the one line each prints:
 *
 * - Nothing can connect: no connection has ever opened, and every attempt for `failFastMs` (2 s of real time)
 *   after the first failed one failed too. Checked once a second, so the run stops about 2-3 s after the
 *   first failure: a closed port, a refused handshake or a full file table is said at once, with its count. A
 *   handshake that timed out (TRANSPORT_DEFAULTS.handshakeTimeoutMs) has waited already, and stops the run at once.
 * - A station not booted (no Accepted BootNotification) within the boot timeout of its own start: the run
 *   stops at once, saying how many and why (never connected and the reason, Pending, Rejected, no answer);
 *   the stations not yet due that have not booted either are counted with it.
 * - Connections the CSMS or the network closed while the run was not stopping them, beyond `maxDisconnects`
 *   (default 0), fail the run at its end; the run goes on meanwhile, so recovery times are measured. Drops
 *   the simulation made itself (an injected network fault, a reboot) do not count.
 * - A call the CSMS did not answer (timed out, or on the wire for 5 s or more when its station stopped)
 *   fails the run at its end. CALLERRORs are answers: they are shown, and thresholds judge them.
 */
import type { FleetSnapshot } from '../../simulator/fleet/metrics.js';
import type { Fleet } from '../../simulator/fleet/fleet.js';
import type { ConnectFailureReason } from '../../simulator/transport/connect-failure.js';
import { CALL_STATS } from '../../simulator/fleet/call-stats.js';
import { formatDurationMs } from '../../simulator/duration.js';

export const RUN_CHECKS = {
  /** Real ms after the first failed attempt within which some connection must open. */
  failFastMs: 2_000,
} as const;

/** How the failure of an attempt reads after "N of M attempts". */
export function describeReason(reason: ConnectFailureReason): string {
  if (reason.startsWith('http-')) return `were answered HTTP ${reason.slice(5)}`;
  const words: Record<string, string> = {
    refused: 'were refused',
    dns: 'failed to resolve the host',
    tls: 'failed the TLS handshake',
    timeout: 'timed out',
    emfile: 'ran out of file descriptors',
    eaddrnotavail: 'ran out of local ports',
    reset: 'were reset',
    other: 'failed',
  };
  return words[reason] ?? 'failed';
}

export class FailFast {
  private firstFailureAtMs: number | undefined;

  /** The failure line once nothing has connected for `failFastMs` after the first failed attempt. */
  check(fleet: Fleet, url: string, nowMs: number): string | undefined {
    const connections = fleet.metrics.connections;
    if (connections.opened > 0 || connections.failures === 0) return undefined;
    this.firstFailureAtMs ??= nowMs;
    const first = connections.snapshot().firstFailure;
    // A handshake that timed out has already waited its whole timeout: no grace on top of it.
    const waited = first?.reason === 'timeout' || nowMs - this.firstFailureAtMs >= RUN_CHECKS.failFastMs;
    if (first === undefined || !waited) return undefined;
    return (
      `no station could connect to ${url}: ${first.count} of ${connections.failures} attempts ${describeReason(first.reason)} (${first.message}); ` +
      (fleet.online === 1 ? 'the one station started has not connected' : `none of the ${fleet.online} stations started has connected`)
    );
  }
}

/** The failure line when some online station did not boot within `bootTimeoutMs` of its start (or booted later). */
export function overdueBoots(fleet: Fleet, bootTimeoutMs: number, nowMs: number): string | undefined {
  const reasons = new Map<string, number>();
  let overdue = 0;
  for (let index = 0; index < fleet.size; index++) {
    const station = fleet.stationAt(index);
    if (station === undefined) continue;
    const deadline = (fleet.startedAtMs[index] as number) + bootTimeoutMs;
    const bootedAt = fleet.bootedAtMs[index] as number;
    let why: string;
    if (!Number.isNaN(bootedAt)) {
      if (bootedAt <= deadline) continue;
      why = 'booted too late';
    } else {
      if (nowMs < deadline) continue;
      const status = fleet.metrics.bootStatus.get(station.id);
      const failure = fleet.metrics.connections.lastFailureOf(index);
      const detail = fleet.metrics.connections.lastFailureDetailOf(index);
      why =
        status !== undefined && status !== 'Accepted' ? `boot ${status}`
        : station.transport.state === 'open' ? 'BootNotification unanswered'
        : failure !== undefined ? `never connected: ${detail ?? failure}`
        : 'still connecting';
    }
    overdue++;
    reasons.set(why, (reasons.get(why) ?? 0) + 1);
  }
  if (overdue === 0) return undefined;
  // The run stops now: the stations not yet due that have not booted either are counted too, with their reasons.
  const notYetDue = notBootedYet(fleet, bootTimeoutMs, nowMs, reasons);
  const list = [...reasons.entries()].sort((a, b) => b[1] - a[1]).map(([why, n]) => `${why} ${n}`).join(', ');
  const within = formatDurationMs(bootTimeoutMs);
  if (notYetDue === 0) return `${overdue} of ${fleet.online} stations did not boot within ${within} of their start (${list})`;
  return `${overdue + notYetDue} of ${fleet.online} stations had not booted when ${overdue} of them passed ${within} from their start (${list})`;
}

/** Online stations not booted whose boot deadline is still ahead, their reasons added to `reasons`. */
function notBootedYet(fleet: Fleet, bootTimeoutMs: number, nowMs: number, reasons: Map<string, number>): number {
  let count = 0;
  for (let index = 0; index < fleet.size; index++) {
    const station = fleet.stationAt(index);
    if (station === undefined || !Number.isNaN(fleet.bootedAtMs[index] as number)) continue;
    if (nowMs >= (fleet.startedAtMs[index] as number) + bootTimeoutMs) continue;
    const failure = fleet.metrics.connections.lastFailureOf(index);
    const detail = fleet.metrics.connections.lastFailureDetailOf(index);
    const why = station.transport.state === 'open' ? 'BootNotification unanswered' : failure !== undefined ? `never connected: ${detail ?? failure}` : 'still connecting';
    count++;
    reasons.set(why, (reasons.get(why) ?? 0) + 1);
  }
  return count;
}

/** Failure lines of a finished run's counts: disconnects beyond the allowance, calls the CSMS did not answer. */
export function endOfRunFailures(snapshot: FleetSnapshot, maxDisconnects: number): string[] {
  const failures: string[] = [];
  const { disconnects } = snapshot.connections;
  if (disconnects > maxDisconnects) {
    const codes = Object.entries(snapshot.connections.closedByPeer).map(([code, n]) => `close code ${code}: ${n}`).join(', ');
    failures.push(`${disconnects} connection${disconnects === 1 ? ' was' : 's were'} closed by the CSMS or the network (${codes}); allowed: ${maxDisconnects}`);
  }
  const unanswered = snapshot.actions
    .map((a) => ({ action: a.action, n: a.timedOut + a.unansweredAtEnd }))
    .filter((a) => a.n > 0);
  if (unanswered.length > 0) {
    const total = unanswered.reduce((sum, a) => sum + a.n, 0);
    failures.push(
      `${total} call${total === 1 ? '' : 's'} got no answer (timed out, or waiting ${CALL_STATS.unansweredMs / 1_000}s or more at the end): ` +
        unanswered.map((a) => `${a.action} ${a.n}`).join(', '),
    );
  }
  return failures;
}
