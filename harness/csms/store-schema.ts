/** Row shapes and DDL of the CSMS's SQLite database. Times are simulated epoch milliseconds. */
import type { OcppProtocol } from '../../simulator/protocol/versions.js';

export interface StationRow {
  id: string;
  siteId: string;
  protocol: OcppProtocol;
  vendor: string | null;
  model: string | null;
  firmware: string | null;
  connected: boolean;
  lastSeenAt: number | null;
  bootStatus: string | null;
}

export interface ConnectorRow {
  stationId: string;
  connectorId: number;
  /** 2.0.1 only; null for 1.6 stations. */
  evseId: number | null;
  status: string;
  errorCode: string | null;
  info: string | null;
  vendorErrorCode: string | null;
  updatedAt: number;
}

export interface TransactionRow {
  stationId: string;
  /** 1.6 integer ids are stored as their decimal string. */
  transactionId: string;
  connectorId: number;
  evseId: number | null;
  idTag: string;
  /** The token decision given when the session started (Accepted, Blocked, ConcurrentTx, ...). */
  authStatus: string;
  meterStartWh: number;
  startedAt: number;
  meterStopWh: number | null;
  stoppedAt: number | null;
  reason: string | null;
}

export interface MessageRow {
  seq: number;
  at: number;
  stationId: string;
  direction: 'in' | 'out';
  /** 2, 3 or 4; null when an inbound text could not be read as a frame. */
  messageType: number | null;
  messageId: string | null;
  action: string | null;
  /** The frame's payload ({errorCode, errorDescription, errorDetails} for a CALLERROR); for an unreadable frame, its raw text. */
  payload: unknown;
}

/** A protocol violation found by the strict rules (harness/csms/strict/), as the bus, the store and the API carry it. */
export interface ViolationRow {
  /** The seq of the `protocol-violation` event. */
  seq: number;
  at: number;
  stationId: string;
  /** Stable id (CD-Vnnn, docs/codes.md) and name of the rule. */
  rule: string;
  ruleName: string;
  severity: 'error' | 'warning';
  message: string;
  /** The seq of the `frame` event of the CALL that broke the rule. */
  frameSeq: number;
  messageId: string;
  action: string;
}

export const DDL = `
CREATE TABLE IF NOT EXISTS stations (
  id TEXT PRIMARY KEY,
  site TEXT NOT NULL,
  protocol TEXT NOT NULL,
  vendor TEXT,
  model TEXT,
  firmware TEXT,
  connected INTEGER NOT NULL DEFAULT 0,
  lastSeenAt INTEGER,
  bootStatus TEXT
);
CREATE TABLE IF NOT EXISTS connectors (
  stationId TEXT NOT NULL,
  connectorId INTEGER NOT NULL,
  evseId INTEGER,
  status TEXT NOT NULL,
  errorCode TEXT,
  info TEXT,
  vendorErrorCode TEXT,
  updatedAt INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS connectors_station ON connectors (stationId, evseId, connectorId);
CREATE TABLE IF NOT EXISTS transactions (
  stationId TEXT NOT NULL,
  transactionId TEXT NOT NULL,
  connectorId INTEGER NOT NULL,
  evseId INTEGER,
  idTag TEXT NOT NULL,
  authStatus TEXT NOT NULL,
  meterStartWh REAL NOT NULL,
  startedAt INTEGER NOT NULL,
  meterStopWh REAL,
  stoppedAt INTEGER,
  reason TEXT,
  PRIMARY KEY (stationId, transactionId)
);
CREATE TABLE IF NOT EXISTS messages (
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  stationId TEXT NOT NULL,
  direction TEXT NOT NULL,
  messageType INTEGER,
  messageId TEXT,
  action TEXT,
  payload TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_station ON messages (stationId, seq);
CREATE TABLE IF NOT EXISTS violations (
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  stationId TEXT NOT NULL,
  rule TEXT NOT NULL,
  ruleName TEXT NOT NULL,
  severity TEXT NOT NULL,
  message TEXT NOT NULL,
  frameSeq INTEGER NOT NULL,
  messageId TEXT NOT NULL,
  action TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS violations_station ON violations (stationId, seq);
CREATE INDEX IF NOT EXISTS violations_rule ON violations (rule, seq);
CREATE TABLE IF NOT EXISTS counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
`;
