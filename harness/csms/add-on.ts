/**
 * What the CSMS offers to a part run inside it (the operations desk), without knowing that part:
 * the add-on is built once the CSMS exists and before it listens, its routes join the HTTP API, and it
 * is stopped first on close, while the database is still open. harness/reference-csms.ts plugs the desk in.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { Clock } from '../../simulator/clock.js';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import type { CsmsEvent, CsmsEventInput } from './events.js';
import type { Unsubscribe } from './events-bus.js';
import type { ApiRoute } from './http-api.js';

export interface CsmsAddOnHost {
  clock: Clock;
  heartbeatIntervalS: number;
  logger: Logger;
  siteOf(stationId: string): string;
  stationsOfSite(siteId: string): readonly string[];
  sendCommand(stationId: string, action: string, payload: Record<string, unknown>): Promise<Record<string, unknown>>;
  isConnected(stationId: string): boolean;
  protocolOf(stationId: string): OcppProtocol | undefined;
  messageLog(stationId: string, limit: number): unknown[];
  /** The CSMS's database: an add-on's tables live beside the CSMS's. */
  db: Database.Database;
  /** Emits on the CSMS's bus; returns the stamped event. */
  publish(input: CsmsEventInput): CsmsEvent;
  /** Every bus event, in `seq` order. */
  onAny(fn: (event: CsmsEvent) => void): Unsubscribe;
}

export interface CsmsAddOn {
  /** Added to the HTTP API. */
  routes: readonly ApiRoute[];
  /** Sees every HTTP request first; false when it answered it itself (refused), and the API does not. */
  gate?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Stops timers and writes what is buffered; the CSMS calls it before anything else on close. */
  stop(): void;
}

export type CsmsAddOnFactory = (host: CsmsAddOnHost) => CsmsAddOn;
