/**
 * What a driver does at a connector outside a planned session, one act at a time (a trainer's console, the
 * control API): plug the cable in, stop charging at the charger, pull the cable out. A session started after
 * `plugIn` uses `SessionPlan.pluggedIn`. Each act answers why it cannot happen instead of throwing.
 */
import { CHARGING_STATUSES } from './connector.js';
import type { ChargePointStatus } from '../vocabulary/connector-status.js';
import type { SessionRunner } from './sessions.js';
import type { Slot } from './slot.js';
import type { StationCore } from './station-core.js';

/** Statuses with a cable in the socket. */
const CABLE_STATUSES: readonly ChargePointStatus[] = ['Preparing', ...CHARGING_STATUSES, 'Finishing'];

/** `undefined`: done; else why not, as a sentence about the connector's state. */
export type DriverRefusal = string | undefined;

export class DriverActions {
  /** Connectors with a cable in that the status does not show (firmware that stays Available until charging). */
  private silentlyPlugged: Set<number> | undefined;

  constructor(
    private readonly core: StationCore,
    private readonly sessions: SessionRunner,
  ) {}

  /** The cable goes in: Preparing (or no visible change on firmware that reports nothing before charging). */
  plugIn(connectorId: number): DriverRefusal {
    const slot = this.slotOf(connectorId);
    const { status } = slot.connector;
    if (status !== 'Available' && status !== 'Reserved') return `connector ${connectorId} is ${status}`;
    if (slot.claim || this.silentlyPlugged?.has(connectorId)) return `connector ${connectorId} already has a cable in it`;
    if (this.core.profile.preparingOnPlugIn) this.core.setStatus(slot, 'Preparing');
    else (this.silentlyPlugged ??= new Set()).add(connectorId);
    return undefined;
  }

  /** Whether a cable is in but no session runs yet: a session started now must not plug in again. */
  isPluggedIdle(connectorId: number): boolean {
    const slot = this.slotOf(connectorId);
    return !slot.claim && (slot.connector.status === 'Preparing' || this.silentlyPlugged?.has(connectorId) === true);
  }

  /** The driver stops charging at the charger (reason Local); the cable stays in, the connector goes Finishing. */
  stop(connectorId: number): DriverRefusal {
    const slot = this.slotOf(connectorId);
    if (!slot.tx) return `connector ${connectorId} has no running transaction (it is ${slot.connector.status})`;
    this.sessions.end(slot.tx, 'Local');
    return undefined;
  }

  /** The cable comes out: a running transaction ends (EVDisconnected) and the connector returns to its idle status. */
  unplug(connectorId: number): DriverRefusal {
    const slot = this.slotOf(connectorId);
    const { status } = slot.connector;
    const silent = this.silentlyPlugged?.delete(connectorId) ?? false;
    if (!silent && !CABLE_STATUSES.includes(status)) return `connector ${connectorId} has no cable in it (it is ${status})`;
    // A stuck-Finishing fault is a cable the lock will not release.
    if (status === 'Finishing' && this.core.behaviour.stuckInFinishing) return `connector ${connectorId} does not release the cable (its lock is stuck in Finishing)`;
    if (slot.tx) this.sessions.end(slot.tx, 'EVDisconnected');
    slot.claim = undefined;
    this.core.settle(slot);
    return undefined;
  }

  /** A session took the connector: the cable it found is now the session's. */
  sessionStarted(connectorId: number): void {
    this.silentlyPlugged?.delete(connectorId);
  }

  private slotOf(connectorId: number): Slot {
    const slot = this.core.slot(connectorId);
    if (!slot) throw new RangeError(`no connector ${connectorId}`);
    return slot;
  }
}
