/** The shared parts of the CSMS its handlers and checkers use; apart from session.ts so the strict checker can know a session without a cycle. */
import type { EventBus } from './events-bus.js';
import type { ResolvedOptions } from './options.js';
import type { StrictChecker } from './strict/checker.js';
import type { Store } from './store.js';
import type { Transactions } from './transactions.js';

/** The shared parts of the CSMS a handler may use. */
export interface CsmsServices {
  readonly options: ResolvedOptions;
  readonly bus: EventBus;
  readonly store: Store;
  readonly transactions: Transactions;
  /** The protocol rules every CALL is checked against. */
  readonly strict: StrictChecker;
}
