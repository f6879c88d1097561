/**
 * What happened to a fleet's charging sessions: started, refused by the CSMS (per status), completed,
 * stopped by the end of the run, and still open when the sockets closed.
 */
import type { SessionResult } from '../station/types.js';

export interface SessionSummary {
  /** Sessions with a result: local ones the fleet ran and remote starts the CSMS asked for. */
  attempted: number;
  /** Transactions that began (a StartTransaction / TransactionEvent Started went out). */
  started: number;
  /** Refused by the CSMS, at Authorize or in the transaction's start answer. */
  refused: number;
  /** Refusals per CSMS status (Invalid, Blocked, ConcurrentTx, NotAtThisLocation, ...). */
  refusedByStatus: Record<string, number>;
  /** Started, not refused, and ended before the run did (planned end, fault, remote stop). */
  completed: number;
  /** Still charging when the run ended: stopped by the shutdown with reason Local. */
  stoppedAtEnd: number;
  /** Stopped by the shutdown, but the CSMS had not answered the stop message when the sockets closed. */
  openAtEnd: number;
  /** Never started for the station's own reasons (connector busy, not accepted, interrupted, no answer). */
  failed: number;
}

export class SessionCounts {
  private attempted = 0;
  private started = 0;
  private startedNotRefused = 0;
  private readonly refusedByStatus = new Map<string, number>();
  private stoppedAtEnd = 0;
  private openAtEnd = 0;
  private failed = 0;

  record(result: SessionResult): void {
    this.attempted++;
    if (result.ok) this.started++;
    if (result.refusedStatus !== undefined) {
      this.refusedByStatus.set(result.refusedStatus, (this.refusedByStatus.get(result.refusedStatus) ?? 0) + 1);
    } else if (result.ok) {
      this.startedNotRefused++;
    } else {
      this.failed++;
    }
  }

  /** One station's shutdown: `ended` transactions stopped by it, `unanswered` of their stops without an answer. */
  recordShutdown(ended: number, unanswered: number): void {
    this.stoppedAtEnd += ended;
    this.openAtEnd += unanswered;
  }

  snapshot(): SessionSummary {
    let refused = 0;
    for (const count of this.refusedByStatus.values()) refused += count;
    return {
      attempted: this.attempted,
      started: this.started,
      refused,
      refusedByStatus: Object.fromEntries([...this.refusedByStatus.entries()].sort()),
      // Sessions stopped by the shutdown report a result too; they are not completed ones.
      completed: Math.max(0, this.startedNotRefused - this.stoppedAtEnd),
      stoppedAtEnd: this.stoppedAtEnd,
      openAtEnd: this.openAtEnd,
      failed: this.failed,
    };
  }
}
