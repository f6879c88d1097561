/** The public face of one virtual charge point, as the fleet and tests use it. */
import type { Clock } from '../clock.js';
import type { OcppProtocol } from '../protocol/versions.js';
import type { CallOutcome, TransportOptions } from '../transport/types.js';

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
  transport?: Partial<Omit<TransportOptions, 'url' | 'protocol'>>;
}

export interface SessionPlan {
  connectorId: number;
  idTag: string;
  /** Simulated seconds of charging before the EV stops. */
  durationS: number;
  /** Average power while charging, watts (capped by maxPowerW). */
  powerW?: number;
  /** Simulated seconds between StopTransaction and unplugging (time spent in Finishing). */
  unplugAfterS?: number;
}

export type SessionResult =
  | { ok: true; transactionId: string; energyWh: number }
  | { ok: false; reason: string };

export interface StationEvents {
  booted: [status: 'Accepted' | 'Pending' | 'Rejected'];
  /** A connector changed status (1.6 ChargePointStatus values, the station's internal truth). */
  status: [connectorId: number, status: string, errorCode: string];
  /** A CALL the CSMS sent to this station: what the fleet observes for "the CSMS tried a soft reset". */
  command: [action: string, payload: Record<string, unknown>];
  callDone: [outcome: CallOutcome];
  connected: [];
  disconnected: [code: number, reason: string];
}
