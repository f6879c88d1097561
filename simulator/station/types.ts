/** The public face of one virtual charge point, as the fleet and tests use it. */
import type { Clock } from '../clock.js';
import type { IdTokenType } from '../protocol/id-tokens.js';
import type { OcppProtocol } from '../protocol/versions.js';
import type { CallOutcome, ConnectFailure, OcppTransport, TransportOptions } from '../transport/types.js';
import type { FeatureProfile } from './feature-profiles.js';
import type { BehaviourChoice } from './behaviour.js';
import type { ChargePointStatus } from '../vocabulary/connector-status.js';
import type { ChargePointErrorCode } from '../vocabulary/error-codes.js';

/** What `VirtualStation.connectorState` tells of one connector. */
export interface ConnectorState {
  status: ChargePointStatus;
  errorCode: ChargePointErrorCode;
  info?: string;
  vendorErrorCode?: string;
  /** Id of the running transaction, if any. */
  transactionId?: string;
}

export interface StationIdentity {
  vendor: string;
  model: string;
  serialNumber: string;
  firmwareVersion: string;
  iccid?: string;
  imsi?: string;
}

export interface StationConfig {
  /** Charge point identity, the last path segment of the URL. */
  id: string;
  siteId: string;
  protocol: OcppProtocol;
  /** CSMS base URL; the station connects to `${csmsUrl}/${id}`. */
  csmsUrl: string;
  clock: Clock;
  /** Number of connectors (2.0.1: one EVSE per connector). Default 2. */
  connectors?: number;
  /** Seed for identity and session behaviour. */
  seed?: number;
  identity?: StationIdentity;
  /** Max charging power per connector, watts. Default 22,000. */
  maxPowerW?: number;
  /** Sample interval for MeterValues during a session, simulated seconds. Default 60. */
  meterValueIntervalS?: number;
  /** Feature profiles the station advertises and answers (Core always); default all. */
  featureProfiles?: readonly FeatureProfile[];
  transport?: Partial<Omit<TransportOptions, 'url' | 'protocol'>>;
  /** Firmware update timings and behaviour; defaults in simulator/station/firmware.ts. */
  firmware?: FirmwareOptions;
  /** Vendor behaviour profile (docs/behaviour-profiles.md); default 'reference'. */
  behaviour?: BehaviourChoice;
}

export interface FirmwareOptions {
  /** Simulated seconds a download takes besides the real transfer. */
  downloadS?: number;
  /** Simulated seconds an installation takes before the reboot. */
  installS?: number;
  /** Download attempts when UpdateFirmware gives no `retries`. */
  attempts?: number;
  /** Simulated seconds between attempts when UpdateFirmware gives no `retryInterval`. */
  retryIntervalS?: number;
  /** Install at once, stopping running transactions (reason Reboot), instead of waiting for them to end. */
  installWhileCharging?: boolean;
}

export interface SessionPlan {
  connectorId: number;
  idTag: string;
  /** 2.0.1: what kind of token idTag is; default: inferred from its format (hex card UID, eMAID, else Local). */
  idTokenType?: IdTokenType;
  /** Simulated seconds of charging before the EV stops. */
  durationS: number;
  /** Average power while charging, watts (capped by maxPowerW). */
  powerW?: number;
  /** Simulated seconds between StopTransaction and unplugging (time spent in Finishing). */
  unplugAfterS?: number;
  /** How the session ends when `durationS` is up: the driver stops it (Local, default) or unplugs (EVDisconnected). */
  stopReason?: 'Local' | 'EVDisconnected';
  /** The driver plugged in before presenting the token (`driver.plugIn`): the session starts from Preparing. */
  pluggedIn?: boolean;
}

/** `refusedStatus`: the CSMS refused the token (Authorize, or the transaction's start answer) with this status. */
export type SessionResult =
  /** `stopReason` is the station's reason (1.6 spelling, or a 2.0.1-only one such as GroundFault). */
  | { ok: true; transactionId: string; energyWh: number; stopReason?: string; refusedStatus?: string }
  | { ok: false; reason: string; refusedStatus?: string };

export interface StationEvents {
  booted: [status: 'Accepted' | 'Pending' | 'Rejected'];
  /** A connector changed status (1.6 ChargePointStatus values, the station's internal truth). */
  status: [connectorId: number, status: string, errorCode: string];
  /** A CALL the CSMS sent to this station: what the fleet observes for "the CSMS tried a soft reset". */
  command: [action: string, payload: Record<string, unknown>];
  callDone: [outcome: CallOutcome];
  connected: [];
  /** `local`: this side dropped the connection (a simulated network loss or reboot), not the CSMS. */
  disconnected: [code: number, reason: string, local: boolean];
  /** A connection attempt failed before the socket opened (refused handshake, TLS, network); it is retried. */
  connectFailed: [failure: ConnectFailure];
  /** A session ended (one run by `runSession`, or started by the CSMS with a remote start). */
  session: [connectorId: number, result: SessionResult];
}

/** Builds the station's OCPP connection; tests pass a fake. */
export type TransportFactory = (options: TransportOptions) => OcppTransport;

export interface StationOptions {
  /** Defaults to the lean `ws` client of `simulator/transport/ws-client.ts`. */
  createTransport?: TransportFactory;
}

/**
 * Switches faults flip on a running station. Each models what a faulty charger does on the wire
 * (docs/domain.md §3); clearing one is the fault catalogue's job.
 */
export interface StationBehaviour {
  /** Heartbeats stop (modem hang, half-open socket); other messages still go. */
  heartbeatMuted: boolean;
  /** UnlockConnector answers UnlockFailed (ConnectorLockFailure). */
  refuseUnlock: boolean;
  /** After a session the connector stays in Finishing until UnlockConnector or a reset. */
  stuckInFinishing: boolean;
  /** CSMS commands go unanswered (half-open socket: the CSMS cannot reach the station). */
  ignoreCommands: boolean;
}
