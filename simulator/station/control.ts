/**
 * The operations CSMS command handlers may ask of a station. Handlers see this interface, never the
 * station class, so each handler stays a small translation from one version's wire format.
 */
import type { JsonObject } from '../protocol/frames.js';
import type { IdTokenType } from '../protocol/id-tokens.js';
import type { LocalAuthorization } from './authorization.js';
import type { Connector } from './connector.js';
import type { ConfigStore } from './config-store.js';
import type { FirmwareUpdates } from './firmware.js';
import type { LogUploads } from './log-upload.js';
import type { MeterSample } from './meter.js';
import type { Reservations } from './reservations.js';
import type { ChargingProfile } from './smart-charging/profile.js';
import type { SmartCharging } from './smart-charging/engine.js';
import type { StationStopReason, Transaction } from './transaction.js';

/** The CSMS's answer to a BootNotification. */
export type RegistrationStatus = 'Accepted' | 'Pending' | 'Rejected';
export type ResetKind = 'Soft' | 'Hard';
export type AvailabilityResult = 'Accepted' | 'Scheduled' | 'Rejected';
export type UnlockResult = 'Unlocked' | 'UnlockFailed' | 'OngoingAuthorizedTransaction' | 'UnknownConnector';

export interface RemoteStartRequest {
  idTag: string;
  /** 2.0.1: the type the CSMS gave the token (Central for an app start); 1.6 has none. */
  idTokenType?: IdTokenType;
  connectorId?: number;
  remoteStartId?: number;
  /** A TxProfile for the transaction this start begins (checked by the handler). */
  chargingProfile?: ChargingProfile;
}

export interface StationControl {
  readonly stationId: string;
  readonly config: ConfigStore;
  /** Undefined until the first boot answer, and again while rebooting. */
  readonly registration: RegistrationStatus | undefined;
  /** Firmware update in progress (UpdateFirmware, FirmwareStatusNotification). */
  readonly firmware: FirmwareUpdates;
  /** Diagnostics and log uploads (1.6 GetDiagnostics, 2.0.1 GetLog). */
  readonly logUploads: LogUploads;
  /** Local Authorization List and Authorization Cache. */
  readonly authorization: LocalAuthorization;
  readonly reservations: Reservations;
  readonly smartCharging: SmartCharging;
  connectors(): readonly Connector[];
  connector(connectorId: number): Connector | undefined;
  transactionOn(connectorId: number): Transaction | undefined;
  findTransaction(transactionId: string): Transaction | undefined;
  sample(connectorId: number): MeterSample;
  /** Runs `fn` once the answer to the CSMS call being handled has gone out (triggered messages, resets). */
  afterReply(fn: () => unknown): void;
  /** Reboots after the reply: Soft stops transactions gracefully first, Hard drops the socket. */
  reset(kind: ResetKind): void;
  /**
   * Resets once no transaction runs, the whole station or only connector `connectorId`;
   * returns whether that is now (false: scheduled).
   */
  resetWhenIdle(connectorId?: number): boolean;
  /** Stops the transaction on a connector (if any) and returns it to idle, without a reboot. */
  resetConnector(connectorId: number, reason: StationStopReason): void;
  /** `stopTransaction`: stop a running transaction first (1.6); otherwise refuse while one runs (2.0.1). */
  unlock(connectorId: number, stopTransaction: boolean): UnlockResult;
  changeAvailability(connectorIds: readonly number[], operative: boolean): AvailabilityResult;
  /** Starts a session on behalf of the CSMS; false when no suitable connector is free. */
  remoteStart(request: RemoteStartRequest): boolean;
  /** Ends a transaction with reason Remote; false when it is unknown. */
  remoteStop(transactionId: string): boolean;
  /** Sends a BootNotification now (TriggerMessage); a new accept restarts the heartbeat. */
  triggerBoot(): void;
  triggerHeartbeat(): void;
  /** Sends StatusNotification for one connector, or all of them. */
  triggerStatus(connectorId?: number): void;
  /** Simulated time now, epoch ms. */
  now(): number;
  /** Sends a CALL to the CSMS (e.g. the NotifyReport a GetBaseReport asked for); resolves with its answer. */
  send(action: string, payload: JsonObject): Promise<JsonObject>;
  /** Sends a message that is not a transaction message once the answer has gone out (triggered notifications). */
  sendAfterReply(action: string, payload: JsonObject): void;
}
