/** Options of the bundled CSMS and their defaults, in one place. Units are in the names. */
import pino from 'pino';
import type { Logger } from 'pino';
import { ScaledClock } from '../../simulator/clock.js';
import type { Clock } from '../../simulator/clock.js';
import type { CsmsAddOnFactory } from './add-on.js';
import { compileIdTagRule } from './id-tags.js';
import type { IdTagRule, IdTagRules } from './id-tags.js';
import { siteOfStation } from '../../simulator/vocabulary/site.js';
import { compileHasTariff } from './sites.js';
import type { SitesWithoutTariff } from './sites.js';
import { resolveSecurity } from './security/options.js';
import type { CsmsSecurityOptions, ResolvedSecurity } from './security/options.js';

export type BootStatus = 'Accepted' | 'Pending' | 'Rejected';

/** Decides a station's BootNotification answer; may be async (tests use that to hold a call open). */
export type BootStatusPolicy = BootStatus | ((stationId: string, payload: Record<string, unknown>) => BootStatus | Promise<BootStatus>);

export interface CsmsOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 picks an ephemeral port. Default 0. */
  port?: number;
  /** SQLite file, or ':memory:' (default). */
  dbPath?: string;
  /** Shared simulated clock; default real time. */
  clock?: Clock;
  /** Heartbeat interval handed out in an Accepted BootNotification, simulated seconds. Default 300. */
  heartbeatIntervalS?: number;
  /** Minimum wait before the next BootNotification after Pending/Rejected, simulated seconds. Default 60. */
  bootRetryIntervalS?: number;
  /** Only these station ids may connect (others get HTTP 401 at the handshake). Default: all. */
  allowList?: readonly string[];
  /** Maps a station id to its site id. Default: the prefix before `-CP`. */
  siteOf?: (stationId: string) => string;
  /** Sites that have no tariff configured, where sessions are refused. Default: none. */
  sitesWithoutTariff?: SitesWithoutTariff;
  /** Token rules. Default: accept every token. */
  idTags?: IdTagRules;
  /** BootNotification answer. Default 'Accepted'. */
  bootStatus?: BootStatusPolicy;
  /** Largest WebSocket message accepted from a station; bigger ones close the socket with 1009. Default 1 MiB. */
  maxPayloadBytes?: number;
  /** Consecutive unreadable frames after which a station's socket is closed with 1002. Default 20. */
  maxBadMessages?: number;
  /** Real-time WebSocket ping interval. Default 30 s. */
  pingIntervalMs?: number;
  /** Real-time timeout of a command sent to a station. Default 30 s. */
  commandTimeoutMs?: number;
  /** Real-time interval of the store's batched writes. Default 50 ms. */
  storeFlushIntervalMs?: number;
  /** Real-time interval of the comment line that keeps an SSE stream alive. Default 15 s. */
  sseKeepAliveMs?: number;
  /** Default: a silent pino logger. */
  logger?: Logger;
  /** A part run inside the CSMS (the operations desk: harness/reference-csms.ts). Default: none. */
  addOn?: CsmsAddOnFactory;
  /**
   * Strict reference CSMS: a CALL that breaks a protocol rule (harness/csms/strict/, docs/codes.md) is answered
   * with that rule's CALLERROR instead of a CALLRESULT. Either way every violation is recorded. Default false.
   */
  strict?: boolean;
  /** How far (simulated seconds) a station's timestamps may run ahead of the CSMS clock before a clock-skew warning. Default 600. */
  maxClockSkewS?: number;
  /**
   * One CSMS of several behind one port (`csms --workers`): it hands out only the 1.6 transaction ids that are
   * `index + 1` modulo `count`, so no two workers ever issue the same one. Default: every id (`{ index: 0, count: 1 }`).
   */
  transactionIdSpace?: TransactionIdSpace;
  /** Security profile 0-3, TLS material and the Basic auth secret (docs/security.md). Default: profile 0, plain ws. */
  security?: CsmsSecurityOptions;
}

export interface TransactionIdSpace {
  index: number;
  count: number;
}

export interface ResolvedOptions {
  transactionIdSpace: TransactionIdSpace;
  host: string;
  port: number;
  dbPath: string;
  clock: Clock;
  heartbeatIntervalS: number;
  bootRetryIntervalS: number;
  allowList: ReadonlySet<string> | undefined;
  siteOf: (stationId: string) => string;
  hasTariff: (siteId: string) => boolean;
  idTagRule: IdTagRule;
  bootStatus: BootStatusPolicy;
  maxPayloadBytes: number;
  maxBadMessages: number;
  pingIntervalMs: number;
  commandTimeoutMs: number;
  storeFlushIntervalMs: number;
  sseKeepAliveMs: number;
  logger: Logger;
  addOn: CsmsAddOnFactory | undefined;
  strict: boolean;
  maxClockSkewS: number;
  security: ResolvedSecurity;
}

export const CSMS_DEFAULTS = {
  host: '127.0.0.1',
  port: 0,
  dbPath: ':memory:',
  heartbeatIntervalS: 300,
  bootRetryIntervalS: 60,
  bootStatus: 'Accepted',
  maxPayloadBytes: 1024 * 1024,
  maxBadMessages: 20,
  pingIntervalMs: 30_000,
  commandTimeoutMs: 30_000,
  storeFlushIntervalMs: 50,
  sseKeepAliveMs: 15_000,
  maxClockSkewS: 600,
} as const;

export function resolveOptions(options: CsmsOptions): ResolvedOptions {
  const d = CSMS_DEFAULTS;
  const heartbeatIntervalS = options.heartbeatIntervalS ?? d.heartbeatIntervalS;
  if (!Number.isInteger(heartbeatIntervalS) || heartbeatIntervalS <= 0) {
    throw new RangeError(`heartbeatIntervalS must be a positive integer, got ${String(heartbeatIntervalS)}`);
  }
  const maxClockSkewS = options.maxClockSkewS ?? d.maxClockSkewS;
  if (!Number.isFinite(maxClockSkewS) || maxClockSkewS < 0) {
    throw new RangeError(`maxClockSkewS must be a number of seconds >= 0, got ${String(maxClockSkewS)}`);
  }
  const transactionIdSpace = options.transactionIdSpace ?? { index: 0, count: 1 };
  const { index, count } = transactionIdSpace;
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`transactionIdSpace must be a whole index in 0..count-1 and a count >= 1, got ${JSON.stringify(transactionIdSpace)}`);
  }
  return {
    transactionIdSpace,
    host: options.host ?? d.host,
    port: options.port ?? d.port,
    dbPath: options.dbPath ?? d.dbPath,
    clock: options.clock ?? new ScaledClock(),
    heartbeatIntervalS,
    bootRetryIntervalS: options.bootRetryIntervalS ?? d.bootRetryIntervalS,
    allowList: options.allowList && new Set(options.allowList),
    siteOf: options.siteOf ?? siteOfStation,
    hasTariff: compileHasTariff(options.sitesWithoutTariff),
    idTagRule: compileIdTagRule(options.idTags),
    bootStatus: options.bootStatus ?? d.bootStatus,
    maxPayloadBytes: options.maxPayloadBytes ?? d.maxPayloadBytes,
    maxBadMessages: options.maxBadMessages ?? d.maxBadMessages,
    pingIntervalMs: options.pingIntervalMs ?? d.pingIntervalMs,
    commandTimeoutMs: options.commandTimeoutMs ?? d.commandTimeoutMs,
    storeFlushIntervalMs: options.storeFlushIntervalMs ?? d.storeFlushIntervalMs,
    sseKeepAliveMs: options.sseKeepAliveMs ?? d.sseKeepAliveMs,
    logger: options.logger ?? pino({ level: 'silent' }),
    addOn: options.addOn,
    strict: options.strict ?? false,
    maxClockSkewS,
    security: resolveSecurity(options.security),
  };
}
