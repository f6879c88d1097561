/**
 * The payloads a k6 station sends, per OCPP version, typed by the project's generated schemas. Plain functions of
 * their inputs (no clock, no k6): the station machine (station.ts) supplies times, tokens and readings.
 */
import type * as V16 from '../../../simulator/protocol/generated/ocpp16.js';
import type * as V201 from '../../../simulator/protocol/generated/ocpp201.js';
import type { JsonObject } from '../../../simulator/protocol/frames.js';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import { evseOfConnector } from '../../../simulator/vocabulary/evse.js';

/** What the machine needs to say, whatever the version. `at` is an ISO time; energy is the register in Wh. */
export interface Dialect {
  protocol: OcppProtocol;
  boot(vendor: string, model: string): JsonObject;
  /** The boot answer's status and heartbeat interval (s). */
  bootAnswer(payload: JsonObject): { status: string; intervalS: number };
  available(connectorId: number, at: string): JsonObject;
  /** The connector taken by a driver: 1.6 Preparing, 2.0.1 Occupied. */
  occupied(connectorId: number, at: string): JsonObject;
  /** 1.6 only (Charging); 2.0.1 shows Occupied throughout, so undefined. */
  charging(connectorId: number, at: string): JsonObject | undefined;
  /** 1.6 only (Finishing, the cable still in); undefined for 2.0.1. */
  finishing(connectorId: number, at: string): JsonObject | undefined;
  authorize(idToken: string): JsonObject;
  /** The idTagInfo / idTokenInfo status of an Authorize or start answer; absent: Accepted (2.0.1 start answers). */
  tokenStatus(payload: JsonObject): string;
  start(tx: TransactionFacts, at: string): { action: string; payload: JsonObject };
  /** The CSMS's transaction id from the start answer (1.6), or the station's own (2.0.1). */
  transactionIdOf(tx: TransactionFacts, answer: JsonObject): string;
  meter(tx: TransactionFacts, at: string): { action: string; payload: JsonObject };
  stop(tx: TransactionFacts, at: string): { action: string; payload: JsonObject };
}

export interface TransactionFacts {
  connectorId: number;
  idToken: string;
  /** The station's own id for the transaction (2.0.1's transactionId). */
  localId: string;
  /** The CSMS's (1.6) once the start is answered. */
  transactionId?: string;
  meterStartWh: number;
  registerWh: number;
  /** 2.0.1: the next TransactionEvent seqNo (incremented by the caller after each event). */
  seqNo: number;
}

const ENERGY = 'Energy.Active.Import.Register';

function status16(connectorId: number, status: V16.StatusNotificationRequest['status'], at: string) {
  return { connectorId, errorCode: 'NoError', status, timestamp: at } satisfies V16.StatusNotificationRequest;
}

function status201(connectorId: number, connectorStatus: V201.ConnectorStatusEnumType, at: string) {
  const evse = evseOfConnector(connectorId);
  return { timestamp: at, connectorStatus, evseId: evse.id, connectorId: evse.connectorId } satisfies V201.StatusNotificationRequest;
}

function tokenInfoStatus(info: unknown): string {
  return typeof info === 'object' && info !== null && typeof (info as { status?: unknown }).status === 'string' ? (info as { status: string }).status : 'Accepted';
}

export const OCPP16: Dialect = {
  protocol: 'ocpp1.6',
  boot: (vendor, model) => ({ chargePointVendor: vendor, chargePointModel: model }) satisfies V16.BootNotificationRequest,
  bootAnswer: (p) => ({ status: String(p.status), intervalS: Number(p.interval) }),
  available: (c, at) => status16(c, 'Available', at),
  occupied: (c, at) => status16(c, 'Preparing', at),
  charging: (c, at) => status16(c, 'Charging', at),
  finishing: (c, at) => status16(c, 'Finishing', at),
  authorize: (idTag) => ({ idTag }) satisfies V16.AuthorizeRequest,
  tokenStatus: (p) => tokenInfoStatus(p.idTagInfo),
  start: (tx, at) => {
    const payload = { connectorId: tx.connectorId, idTag: tx.idToken, meterStart: Math.round(tx.meterStartWh), timestamp: at } satisfies V16.StartTransactionRequest;
    return { action: 'StartTransaction', payload };
  },
  transactionIdOf: (_tx, answer) => String(answer.transactionId),
  meter: (tx, at) => {
    const payload = {
      connectorId: tx.connectorId,
      transactionId: Number(tx.transactionId),
      meterValue: [{ timestamp: at, sampledValue: [{ value: String(Math.round(tx.registerWh)), context: 'Sample.Periodic', measurand: ENERGY, unit: 'Wh' }] }],
    } satisfies V16.MeterValuesRequest;
    return { action: 'MeterValues', payload };
  },
  stop: (tx, at) => {
    const payload = { transactionId: Number(tx.transactionId), idTag: tx.idToken, meterStop: Math.round(tx.registerWh), timestamp: at, reason: 'Local' } satisfies V16.StopTransactionRequest;
    return { action: 'StopTransaction', payload };
  },
};

function event201(tx: TransactionFacts, at: string, eventType: V201.TransactionEventEnumType, triggerReason: V201.TriggerReasonEnumType, context: V201.ReadingContextEnumType) {
  return {
    eventType,
    timestamp: at,
    triggerReason,
    seqNo: tx.seqNo,
    transactionInfo: { transactionId: tx.localId, chargingState: eventType === 'Ended' ? 'EVConnected' : 'Charging', ...(eventType === 'Ended' ? { stoppedReason: 'Local' as const } : {}) },
    meterValue: [{ timestamp: at, sampledValue: [{ value: Math.round(tx.registerWh), context, measurand: ENERGY, unitOfMeasure: { unit: 'Wh' } }] }],
  } satisfies V201.TransactionEventRequest;
}

export const OCPP201: Dialect = {
  protocol: 'ocpp2.0.1',
  boot: (vendor, model) => ({ reason: 'PowerUp', chargingStation: { vendorName: vendor, model } }) satisfies V201.BootNotificationRequest,
  bootAnswer: (p) => ({ status: String(p.status), intervalS: Number(p.interval) }),
  available: (c, at) => status201(c, 'Available', at),
  occupied: (c, at) => status201(c, 'Occupied', at),
  charging: () => undefined,
  finishing: () => undefined,
  authorize: (idToken) => ({ idToken: { idToken, type: 'ISO14443' } }) satisfies V201.AuthorizeRequest,
  tokenStatus: (p) => tokenInfoStatus(p.idTokenInfo),
  start: (tx, at) => ({
    action: 'TransactionEvent',
    payload: { ...event201(tx, at, 'Started', 'Authorized', 'Transaction.Begin'), evse: evseOfConnector(tx.connectorId), idToken: { idToken: tx.idToken, type: 'ISO14443' } },
  }),
  transactionIdOf: (tx) => tx.localId,
  meter: (tx, at) => ({ action: 'TransactionEvent', payload: { ...event201(tx, at, 'Updated', 'MeterValuePeriodic', 'Sample.Periodic') } }),
  stop: (tx, at) => ({
    action: 'TransactionEvent',
    payload: { ...event201(tx, at, 'Ended', 'StopAuthorized', 'Transaction.End'), idToken: { idToken: tx.idToken, type: 'ISO14443' } },
  }),
};

export function dialectOf(protocol: OcppProtocol): Dialect {
  return protocol === 'ocpp1.6' ? OCPP16 : OCPP201;
}
