/**
 * Connector statuses in both OCPP versions (docs/domain.md §2) and how a 1.6 status shows in 2.0.1.
 * The types come from the generated schema types; the lists are checked against the official schemas
 * by test/unit/vocabulary, so neither can drift from OCPP.
 */
import type { StatusNotificationRequest } from '../protocol/generated/ocpp16.js';
import type { ConnectorStatusEnumType } from '../protocol/generated/ocpp201.js';

/** 1.6 ChargePointStatus: what a virtual station's connector really is, in either version. */
export type ChargePointStatus = StatusNotificationRequest['status'];

export const CHARGE_POINT_STATUSES = [
  'Available',
  'Preparing',
  'Charging',
  'SuspendedEVSE',
  'SuspendedEV',
  'Finishing',
  'Reserved',
  'Unavailable',
  'Faulted',
] as const satisfies readonly ChargePointStatus[];

/** 2.0.1 ConnectorStatusEnumType. */
export type ConnectorStatus201 = ConnectorStatusEnumType;

export const CONNECTOR_STATUSES_201 = ['Available', 'Occupied', 'Reserved', 'Unavailable', 'Faulted'] as const satisfies readonly ConnectorStatus201[];

/** A connector status as either version spells it. */
export type OcppConnectorStatus = ChargePointStatus | ConnectorStatus201;

/** The 2.0.1 ConnectorStatus a 1.6 status shows as. Finishing (no transaction) is still Occupied: a cable is plugged. */
export function toConnectorStatus201(status: ChargePointStatus, _hasTransaction: boolean): ConnectorStatus201 {
  switch (status) {
    case 'Available':
    case 'Reserved':
    case 'Unavailable':
    case 'Faulted':
      return status;
    default:
      return 'Occupied';
  }
}
