/** OCPP 2.0.1 ChargingProfileType ↔ the station's ChargingProfile. */
import type { JsonObject } from '../../protocol/frames.js';
import type { ChargingProfilePurposeEnumType, ChargingProfileType } from '../../protocol/generated/ocpp201.js';
import { parseTime, scheduleFromWire, type ChargingProfile, type ProfilePurpose } from './profile.js';

/** ChargingStationExternalConstraints are set by an energy manager, never by the CSMS (K01.FR.22): no station purpose. */
const PURPOSE: Readonly<Record<ChargingProfilePurposeEnumType, ProfilePurpose | undefined>> = {
  ChargingStationMaxProfile: 'StationMax',
  TxDefaultProfile: 'TxDefault',
  TxProfile: 'Tx',
  ChargingStationExternalConstraints: undefined,
};

export function purposeFrom201(purpose: ChargingProfilePurposeEnumType): ProfilePurpose | undefined {
  return PURPOSE[purpose];
}

/**
 * Throws a RangeError naming the problem for a purpose the CSMS may not set or a date-time that does not
 * parse. Of up to three schedules (ISO 15118 lets the EV choose) the station uses the first.
 */
export function fromWire201(wire: ChargingProfileType, evseId: number): ChargingProfile {
  const purpose = PURPOSE[wire.chargingProfilePurpose];
  if (!purpose) throw new RangeError(`chargingProfilePurpose ${wire.chargingProfilePurpose} cannot be set by the CSMS`);
  const schedule = wire.chargingSchedule[0];
  if (!schedule) throw new RangeError('chargingSchedule is empty');
  const validFromMs = parseTime(wire.validFrom, 'validFrom');
  const validToMs = parseTime(wire.validTo, 'validTo');
  return {
    id: wire.id,
    connectorId: evseId,
    stackLevel: wire.stackLevel,
    purpose,
    kind: wire.chargingProfileKind,
    ...(wire.recurrencyKind !== undefined && { recurrency: wire.recurrencyKind }),
    ...(validFromMs !== undefined && { validFromMs }),
    ...(validToMs !== undefined && { validToMs }),
    schedule: scheduleFromWire(schedule),
    wire: wire as unknown as JsonObject,
  };
}
