/**
 * The CSMS's typed event stream: everything that happens, in order. The in-process runner subscribes
 * to it; `GET /api/events` serves the same objects as server-sent events; the detector consumes it.
 * `at` is simulated epoch milliseconds (the shared clock), `seq` is a per-CSMS sequence number.
 */
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import type { Issue } from '../detector/types.js';
import type { ActionRecord, Change, EscalationRecord, Ticket, WorkOrder } from '../playbook/types.js';

interface Base {
  seq: number;
  at: number;
  stationId: string;
}

export type CsmsEvent =
  | (Base & { type: 'connect'; protocol: OcppProtocol; remoteAddress: string })
  | (Base & { type: 'connect-refused'; reason: string })
  | (Base & { type: 'disconnect'; code: number; reason: string })
  | (Base & {
      type: 'frame';
      direction: 'in' | 'out';
      /** 2 CALL, 3 CALLRESULT, 4 CALLERROR */
      messageType: number;
      messageId: string;
      /** For CALL frames and their answers. */
      action?: string;
      /** CALL / CALLRESULT: the payload; CALLERROR: `{ errorCode, errorDescription, errorDetails }` as sent. */
      payload: unknown;
    })
  | (Base & { type: 'boot'; status: 'Accepted' | 'Pending' | 'Rejected'; payload: Record<string, unknown> })
  | (Base & {
      type: 'status';
      /** 1.6 connectorId, or for 2.0.1 the connectorId within evseId. */
      connectorId: number;
      evseId?: number;
      /** As reported on the wire (1.6 ChargePointStatus or 2.0.1 ConnectorStatus). */
      status: string;
      errorCode?: string;
      info?: string;
      vendorErrorCode?: string;
      /** The station's own time of the change as it sent it (1.6: optional); its clock may be off, so compare only with its own. */
      timestamp?: string;
    })
  | (Base & {
      type: 'authorize';
      idTag: string;
      status: string;
      /** The OCPP action the decision answered (Authorize, StartTransaction, TransactionEvent); absent means Authorize. */
      action?: string;
      /** Why a token was refused beyond its wire status, e.g. 'no-tariff', 'concurrent-tx', 'rule'. */
      reason?: string;
    })
  | (Base & {
      type: 'transaction-started';
      transactionId: string;
      connectorId: number;
      /** 2.0.1 only: the EVSE the connector belongs to. */
      evseId?: number;
      idTag: string;
      meterStartWh: number;
    })
  | (Base & {
      type: 'transaction-ended';
      transactionId: string;
      connectorId: number;
      /** 2.0.1 only: the EVSE the connector belongs to. */
      evseId?: number;
      reason: string;
      meterStopWh: number;
      energyWh: number;
      /** False when the CSMS had no meter reading to measure the session by (energyWh is then 0); absent means true. */
      energyKnown?: boolean;
    })
  | (Base & {
      type: 'command';
      action: string;
      request: Record<string, unknown>;
      /** Answer from the station, or the error code if it failed. */
      response?: Record<string, unknown>;
      error?: string;
    })
  | (Base & { type: 'protocol-error'; code: string; reason: string })
  | (Base & {
      type: 'security-event';
      /** Who noticed: the CSMS (a refused handshake, a failed TLS handshake) or the station (SecurityEventNotification). */
      source: 'csms' | 'station';
      /** OCPP security event type, e.g. FailedToAuthenticateAtCsms, InvalidChargingStationCertificate, InvalidCsmsCertificate. */
      kind: string;
      reason: string;
      /** HTTP status of a refused handshake. */
      status?: number;
      remoteAddress?: string;
      /** The station's own time of a SecurityEventNotification. */
      stationTimestamp?: string;
    })
  | (Base & {
      type: 'protocol-violation';
      /** The rule's stable id (docs/codes.md, CD-Vnnn) and name. */
      rule: string;
      ruleName: string;
      severity: 'error' | 'warning';
      message: string;
      /** The seq of the `frame` event of the CALL that broke the rule. */
      frameSeq: number;
      messageId: string;
      action: string;
    })
  | (Base & {
      type: 'fault-notified';
      /** What one 2.0.1 NotifyEvent reported, emitted right after its frame; only when it names a fault. */
      faults: NotifiedFault[];
    })
  | DeskEvent;

/** A fault a 2.0.1 NotifyEvent alert reports (see harness/csms/fault-notifications.ts). */
export interface NotifiedFault {
  /** The 1.6 ChargePointErrorCode the alert amounts to, so both versions share one vocabulary. */
  errorCode: string;
  /** Absent when the alert is about the station as a whole. */
  evseId?: number;
  /** The connector within the EVSE (1 when the alert names none); 0 for the station as a whole. */
  connectorId: number;
  /** Device-model component and variable of the alert, e.g. RCD / Tripped. */
  component: string;
  variable: string;
  actualValue: string;
  techInfo?: string;
}

/**
 * What the operations desk (detector and playbook) reports, on the same bus. `stationId` is the station
 * concerned, or '' when the subject is a site or the whole network (then `siteId` says which site, if any).
 * The objects are snapshots: they do not change after emission.
 */
export type DeskEvent =
  | (DeskBase & { type: 'issue-raised'; issue: Issue })
  | (DeskBase & { type: 'issue-updated'; issue: Issue })
  | (DeskBase & { type: 'issue-resolved'; issue: Issue })
  | (DeskBase & { type: 'action'; action: ActionRecord })
  | (DeskBase & { type: 'escalation'; escalation: EscalationRecord })
  | (DeskBase & { type: 'ticket'; change: Change; ticket: Ticket })
  | (DeskBase & { type: 'work-order'; change: Change; workOrder: WorkOrder });

interface DeskBase extends Base {
  siteId?: string;
}

export type DeskEventType = DeskEvent['type'];

export const DESK_EVENT_TYPES: readonly DeskEventType[] = [
  'issue-raised',
  'issue-updated',
  'issue-resolved',
  'action',
  'escalation',
  'ticket',
  'work-order',
];

const DESK_TYPES: ReadonlySet<string> = new Set(DESK_EVENT_TYPES);

export function isDeskEvent(event: CsmsEvent): event is DeskEvent {
  return DESK_TYPES.has(event.type);
}

export type CsmsEventType = CsmsEvent['type'];
/** An event of one type. */
export type CsmsEventOf<T extends CsmsEventType> = Extract<CsmsEvent, { type: T }>;
/** What a producer hands to the bus: the bus adds `seq` and `at`. */
export type CsmsEventInput = CsmsEvent extends infer E ? (E extends CsmsEvent ? Omit<E, 'seq' | 'at'> : never) : never;
