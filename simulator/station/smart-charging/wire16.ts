/** OCPP 1.6 ChargingProfile ↔ the station's ChargingProfile. */
import type { Request16 } from '../../protocol/actions.js';
import type { JsonObject } from '../../protocol/frames.js';
import { parseTime, scheduleFromWire, type ChargingProfile, type ProfilePurpose } from './profile.js';

export type Profile16 = Request16<'SetChargingProfile'>['csChargingProfiles'];
export type Purpose16 = Profile16['chargingProfilePurpose'];

const PURPOSE: Readonly<Record<Purpose16, ProfilePurpose>> = {
  ChargePointMaxProfile: 'StationMax',
  TxDefaultProfile: 'TxDefault',
  TxProfile: 'Tx',
};

export function purposeFrom16(purpose: Purpose16): ProfilePurpose {
  return PURPOSE[purpose];
}

/** Throws a RangeError naming the field when a date-time does not parse. */
export function fromWire16(wire: Profile16, connectorId: number): ChargingProfile {
  const { chargingSchedule: schedule } = wire;
  const validFromMs = parseTime(wire.validFrom, 'validFrom');
  const validToMs = parseTime(wire.validTo, 'validTo');
  return {
    id: wire.chargingProfileId,
    connectorId,
    stackLevel: wire.stackLevel,
    purpose: PURPOSE[wire.chargingProfilePurpose],
    kind: wire.chargingProfileKind,
    ...(wire.recurrencyKind !== undefined && { recurrency: wire.recurrencyKind }),
    ...(validFromMs !== undefined && { validFromMs }),
    ...(validToMs !== undefined && { validToMs }),
    schedule: scheduleFromWire(schedule),
    wire: wire as unknown as JsonObject,
  };
}
