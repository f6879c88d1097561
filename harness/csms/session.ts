/** What the CSMS knows about one connected station, for the lifetime of its WebSocket. */
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import type { BootStatus } from './options.js';
import type { StationRow } from './store-schema.js';

export interface StationSession {
  readonly id: string;
  readonly siteId: string;
  readonly protocol: OcppProtocol;
  /** The persisted station row; handlers update it and hand it back to the store. */
  readonly row: StationRow;
  /** Answer to the last BootNotification on this connection, if one was sent. */
  bootStatus: BootStatus | undefined;
}
