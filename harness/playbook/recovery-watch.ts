/**
 * Waits, on simulated time, for proof that a remote action worked: the connector reporting Available
 * (a station-wide wait also accepts an accepted boot), or the detector resolving the issue. A waiter is
 * registered BEFORE the command is sent, because a station may report its new status before it answers.
 */
import type { Clock, ClockTimer } from '../../simulator/clock.js';
import type { CsmsEvent } from '../csms/events.js';

export interface WatchScope {
  issueId: string;
  stationId: string;
  evseId?: number;
  /** Absent: any connector of the station (and a boot) counts. */
  connectorId?: number;
}

export interface Watch<T> {
  result: Promise<T | undefined>;
  cancel(): void;
}

interface Waiter {
  match(event: CsmsEvent): unknown;
  issueId: string | undefined;
  settle(value: unknown): void;
}

export function isOnConnector(event: CsmsEvent & { type: 'status' | 'transaction-started' }, scope: Omit<WatchScope, 'issueId'>): boolean {
  if (event.stationId !== scope.stationId) return false;
  if (scope.connectorId === undefined) return true;
  if (event.connectorId !== scope.connectorId) return false;
  return scope.evseId === undefined || event.evseId === undefined || event.evseId === scope.evseId;
}

export class RecoveryWatcher {
  private readonly waiters = new Set<Waiter>();

  constructor(private readonly clock: Clock) {}

  /** Resolves true once the scope is back in service, undefined when `withinMs` passed first. */
  available(scope: WatchScope, withinMs: number): Watch<true> {
    return this.add<true>(withinMs, scope.issueId, (event) => {
      if (event.type === 'status') return event.status === 'Available' && isOnConnector(event, scope) ? true : undefined;
      if (event.type === 'boot' && scope.connectorId === undefined) return event.stationId === scope.stationId && event.status === 'Accepted' ? true : undefined;
      return undefined;
    });
  }

  /** Resolves with the id of the next transaction started on the connector. */
  transactionStarted(scope: Omit<WatchScope, 'issueId'>, withinMs: number): Watch<string> {
    return this.add<string>(withinMs, undefined, (event) => (event.type === 'transaction-started' && isOnConnector(event, scope) ? event.transactionId : undefined));
  }

  handle(event: CsmsEvent): void {
    for (const waiter of [...this.waiters]) {
      const value = waiter.match(event);
      if (value !== undefined) waiter.settle(value);
    }
  }

  /** The detector resolved the issue: whatever was being verified for it holds. */
  issueResolved(issueId: string): void {
    for (const waiter of [...this.waiters]) if (waiter.issueId === issueId) waiter.settle(true);
  }

  /** Gives up every wait (undefined), e.g. on stop. */
  cancelAll(): void {
    for (const waiter of [...this.waiters]) waiter.settle(undefined);
  }

  private add<T>(withinMs: number, issueId: string | undefined, match: (event: CsmsEvent) => T | undefined): Watch<T> {
    let resolve!: (value: T | undefined) => void;
    const result = new Promise<T | undefined>((r) => (resolve = r));
    const waiter: Waiter = {
      match,
      issueId,
      settle: (value) => {
        if (!this.waiters.delete(waiter)) return;
        timer.cancel();
        resolve(value as T | undefined);
      },
    };
    this.waiters.add(waiter);
    // Only handle(), the timer and cancel() settle a waiter, all after this line: `timer` is always set by then.
    const timer: ClockTimer = this.clock.setTimeout(() => waiter.settle(undefined), withinMs).unref();
    return { result, cancel: () => waiter.settle(undefined) };
  }
}
