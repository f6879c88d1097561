/** What the station's parts (sessions, registration, commands) share; the station class provides it. */
import type { Slot } from './slot.js';
import type { Clock } from '../clock.js';
import type { LocalAuthorization } from './authorization.js';
import type { Reservations } from './reservations.js';
import type { OcppTransport } from '../transport/types.js';
import type { ChargePointStatus } from '../vocabulary/connector-status.js';
import type { BehaviourProfile } from './behaviour.js';
import type { ConfigStore } from './config-store.js';
import type { RegistrationStatus } from './control.js';
import type { StationDialect } from './dialect.js';
import type { SmartCharging } from './smart-charging/engine.js';
import type { TimerGroup } from './timers.js';
import type { StationBehaviour, StationEvents } from './types.js';

export interface StationCore {
  readonly clock: Clock;
  readonly timers: TimerGroup;
  readonly transport: OcppTransport;
  readonly dialect: StationDialect;
  readonly config: ConfigStore;
  readonly behaviour: StationBehaviour;
  /** How this charger's firmware does things where vendors differ. */
  readonly profile: BehaviourProfile;
  /** The station's seeded numbers (its meters draw from the same source). */
  random(): number;
  readonly registration: RegistrationStatus | undefined;
  readonly authorization: LocalAuthorization;
  readonly reservations: Reservations;
  /** Charging profiles and the power limits they set. */
  readonly smartCharging: SmartCharging;
  slot(connectorId: number): Slot | undefined;
  slots(): readonly Slot[];
  /** Transitions a connector, emits `status`, and tells the CSMS when registered and online. */
  setStatus(slot: Slot, status: ChargePointStatus): void;
  /** Returns a connector to its idle status (Available, or Unavailable when inoperative), via Available if it must. */
  settle(slot: Slot): void;
  /** Whether messages other than BootNotification may go out now. */
  canSend(): boolean;
  emit<E extends keyof StationEvents>(event: E, ...args: StationEvents[E]): boolean;
  /** Called after every transaction end (scheduled resets wait for idle). */
  onTransactionEnded(slot: Slot): void;
}
