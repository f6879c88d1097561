/**
 * What the station says on the wire, behind one interface per OCPP version: the station decides
 * *when* (sessions, boot, faults); a dialect decides *how* each version spells it.
 */
import type { Clock } from '../clock.js';
import type { AuthorizationInfo } from './authorization.js';
import type { IdToken } from '../protocol/id-tokens.js';
import type { OcppProtocol } from '../protocol/versions.js';
import type { OcppTransport } from '../transport/types.js';
import type { Connector } from './connector.js';
import type { ChargePointStatus } from '../vocabulary/connector-status.js';
import type { RegistrationStatus } from './control.js';
import type { MeterSample } from './meter.js';
import type { StationStopReason, Transaction } from './transaction.js';
import type { StationIdentity } from './types.js';

/** Why the station boots; 1.6 BootNotification has no reason and ignores it. */
export type BootReason = 'PowerUp' | 'RemoteReset' | 'ApplicationReset' | 'FirmwareUpdate' | 'Triggered' | 'Watchdog' | 'Unknown';

/** The 2.0.1 device-model component and variable a fault is reported on (e.g. RCD.Tripped). */
export interface FaultComponent {
  component: string;
  variable: string;
}

export interface BootAnswer {
  status: RegistrationStatus;
  /** Heartbeat interval (Accepted) or minimum wait before the next boot (otherwise), simulated seconds. */
  intervalS: number;
}

/** What a dialect reads of its station; the station itself is passed, so a station holds no context object. */
export interface DialectContext {
  readonly transport: OcppTransport;
  readonly clock: Clock;
  readonly identity: StationIdentity;
}

export interface StationDialect {
  readonly protocol: OcppProtocol;
  boot(reason: BootReason): Promise<BootAnswer>;
  /** Settles with the CSMS's answer (its currentTime is not used). */
  heartbeat(): Promise<unknown>;
  statusNotification(connector: Connector, hasTransaction: boolean): Promise<void>;
  /** Whether a CSMS of this version sees `from → to` at all (2.0.1 shows Preparing…Finishing as one Occupied). */
  isVisibleChange(from: ChargePointStatus, to: ChargePointStatus): boolean;
  /** 2.0.1 reports a fault's details as NotifyEvent besides the status; 1.6 says it all in StatusNotification. */
  faultNotification(connector: Connector, source?: FaultComponent): Promise<void>;
  /** What the CSMS says of the token (status Accepted, Invalid, Blocked, ...; its group); 1.6 sends only its value. */
  authorize(token: IdToken): Promise<AuthorizationInfo>;
  /** Durable. Resolves once answered; `accepted` is false when the CSMS refuses the id tag, `status` says how. */
  startTransaction(tx: Transaction, sample: MeterSample): Promise<{ accepted: boolean; status: string }>;
  /** Periodic in-transaction sample (1.6 MeterValues, 2.0.1 TransactionEvent Updated); durable. `clockAligned`: a Sample.Clock reading. */
  meterValues(tx: Transaction, sample: MeterSample, clockAligned?: boolean): Promise<void>;
  /** The station suspended or resumed charging (tx.evseSuspended); 2.0.1 says so in a TransactionEvent, 1.6 in StatusNotification only. */
  chargingStateChanged(tx: Transaction, sample: MeterSample): Promise<void>;
  /** Durable. */
  stopTransaction(tx: Transaction, reason: StationStopReason, sample: MeterSample): Promise<void>;
  /** MeterValues the CSMS asked for with TriggerMessage; not durable. */
  triggeredMeterValues(connectorId: number, sample: MeterSample, tx: Transaction | undefined): Promise<void>;
  /** 2.0.1 ReservationStatusUpdate; 1.6 has none (its StatusNotification Available says enough). */
  reservationStatusUpdate(reservationId: number, status: 'Expired' | 'Removed'): Promise<void>;
  /** 2.0.1 TransactionEvent Updated with triggerReason Trigger; 1.6 has no such message. */
  triggeredTransactionEvent?(tx: Transaction, sample: MeterSample): Promise<void>;
  /** 2.0.1: transaction messages not yet answered by the CSMS (queued offline or in flight), of one transaction or all. */
  unconfirmedTransactionMessages?(transactionId?: string): number;
}
