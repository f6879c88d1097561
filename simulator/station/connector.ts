/**
 * One connector's OCPP 1.6 ChargePointStatus, its error code, and the transitions a realistic station
 * may make (docs/domain.md §2). The station never emits a disallowed transition: it throws instead.
 */

import { CHARGE_POINT_STATUSES, type ChargePointStatus } from '../vocabulary/connector-status.js';
import type { ChargePointErrorCode } from '../vocabulary/error-codes.js';

const ALL = CHARGE_POINT_STATUSES;
const except = (...excluded: ChargePointStatus[]) => ALL.filter((status) => !excluded.includes(status));

/** Allowed `from → to` transitions; a status to itself is not a transition and is never listed. */
export const ALLOWED_TRANSITIONS: Readonly<Record<ChargePointStatus, readonly ChargePointStatus[]>> = {
  Available: except('Available', 'Finishing'),
  Preparing: ['Available', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Faulted'],
  Charging: ['Available', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Unavailable', 'Faulted'],
  SuspendedEV: ['Available', 'Charging', 'SuspendedEVSE', 'Finishing', 'Unavailable', 'Faulted'],
  SuspendedEVSE: ['Available', 'Charging', 'SuspendedEV', 'Finishing', 'Unavailable', 'Faulted'],
  Finishing: ['Available', 'Preparing', 'Unavailable', 'Faulted'],
  Reserved: ['Available', 'Preparing', 'Unavailable', 'Faulted'],
  Unavailable: ['Available', 'Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Faulted'],
  Faulted: except('Faulted'),
};

export function isTransitionAllowed(from: ChargePointStatus, to: ChargePointStatus): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to);
}

export class ConnectorTransitionError extends Error {
  override readonly name = 'ConnectorTransitionError';
  constructor(
    readonly connectorId: number,
    readonly from: ChargePointStatus,
    readonly to: ChargePointStatus,
  ) {
    super(`connector ${connectorId}: transition ${from} → ${to} is not allowed by OCPP 1.6`);
  }
}

/** Statuses in which the connector has a cable plugged and energy may flow. */
export const CHARGING_STATUSES: readonly ChargePointStatus[] = ['Charging', 'SuspendedEV', 'SuspendedEVSE'];

export class Connector {
  private current: ChargePointStatus = 'Available';
  private error: ChargePointErrorCode = 'NoError';
  private errorInfo: string | undefined;
  private vendorError: string | undefined;
  /** Set by ChangeAvailability; an inoperative connector idles in Unavailable instead of Available. */
  operative = true;
  /** The reservation holding this connector; an operative reserved connector idles in Reserved. */
  reservationId: number | undefined;

  constructor(readonly id: number) {}

  get status(): ChargePointStatus {
    return this.current;
  }
  get errorCode(): ChargePointErrorCode {
    return this.error;
  }
  get info(): string | undefined {
    return this.errorInfo;
  }
  get vendorErrorCode(): string | undefined {
    return this.vendorError;
  }

  /** Where the connector rests when nothing happens on it. */
  get idleStatus(): ChargePointStatus {
    if (!this.operative) return 'Unavailable';
    return this.reservationId === undefined ? 'Available' : 'Reserved';
  }

  /** Moves to `to`; returns false when already there. Throws on a transition OCPP does not allow. */
  transition(to: ChargePointStatus): boolean {
    if (to === this.current) return false;
    if (!isTransitionAllowed(this.current, to)) throw new ConnectorTransitionError(this.id, this.current, to);
    this.current = to;
    if (to !== 'Faulted') this.setError('NoError');
    return true;
  }

  /** Enters Faulted with an error code; a change of error code while Faulted also counts as a change. */
  fault(errorCode: ChargePointErrorCode, info?: string, vendorErrorCode?: string): boolean {
    const changed =
      this.current !== 'Faulted' ||
      this.error !== errorCode ||
      this.errorInfo !== info ||
      this.vendorError !== vendorErrorCode;
    this.transition('Faulted');
    this.setError(errorCode, info, vendorErrorCode);
    return changed;
  }

  private setError(errorCode: ChargePointErrorCode, info?: string, vendorErrorCode?: string): void {
    this.error = errorCode;
    this.errorInfo = info;
    this.vendorError = vendorErrorCode;
  }
}
