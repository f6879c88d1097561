/** What the CSMS knows about one connected station, for the lifetime of its WebSocket. */
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import type { EventBus } from './events-bus.js';
import type { BootStatus, ResolvedOptions } from './options.js';
import type { StationRow } from './store-schema.js';
import type { StrictChecker } from './strict/checker.js';
import type { Store } from './store.js';
import type { Transactions } from './transactions.js';

export interface StationSession {
  readonly id: string;
  readonly siteId: string;
  readonly protocol: OcppProtocol;
  /** The persisted station row; handlers update it and hand it back to the store. */
  readonly row: StationRow;
  /** Answer to the last BootNotification on this connection, if one was sent. */
  bootStatus: BootStatus | undefined;
}

/** The shared parts of the CSMS a handler may use. */
export interface CsmsServices {
  readonly options: ResolvedOptions;
  readonly bus: EventBus;
  readonly store: Store;
  readonly transactions: Transactions;
  /** The protocol rules every CALL is checked against. */
  readonly strict: StrictChecker;
}
