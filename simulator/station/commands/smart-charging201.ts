/**
 * OCPP 2.0.1 Smart Charging (functional block K): SetChargingProfile, ClearChargingProfile,
 * GetChargingProfiles (+ ReportChargingProfiles), GetCompositeSchedule. Every connector is its own EVSE.
 */
import type { CsmsAction201, Request201, Response201 } from '../../protocol/actions.js';
import type { ChargingProfileType } from '../../protocol/generated/ocpp201.js';
import type { StationControl } from '../control.js';
import type { StationDialect } from '../dialect.js';
import { isoTime } from '../sampled-values.js';
import { compositeSchedule } from '../smart-charging/composite.js';
import { profileProblem, type ChargingProfile } from '../smart-charging/profile.js';
import { fromWire201, purposeFrom201 } from '../smart-charging/wire201.js';

type Handler201<A extends CsmsAction201> = (req: Request201<A>, control: StationControl, dialect: StationDialect) => Response201<A>;
type Refusal = { refused: string };

const rejected = (reason: string) => ({ status: 'Rejected' as const, statusInfo: { reasonCode: 'InvalidProfile', additionalInfo: reason.slice(0, 512) } });

/** The profile as the station would install it on `evseId`, or why it refuses it. */
function checked(wire: ChargingProfileType, evseId: number, control: StationControl): ChargingProfile | Refusal {
  let profile: ChargingProfile;
  try {
    profile = fromWire201(wire, evseId);
  } catch (error) {
    return { refused: (error as Error).message };
  }
  const limits = control.smartCharging.limits();
  const problem = profileProblem(profile, limits);
  if (problem) return { refused: problem };
  // K01.FR.40: Absolute and Recurring profiles carry startSchedule; Relative ones do not (K01.FR.41).
  if (profile.kind !== 'Relative' && profile.schedule.startScheduleMs === undefined) return { refused: `an ${profile.kind} profile needs startSchedule` };
  if (profile.kind === 'Relative' && profile.schedule.startScheduleMs !== undefined) return { refused: 'a Relative profile has no startSchedule' };
  const { store } = control.smartCharging;
  if (!store.all().some((p) => p.id === profile.id) && store.all().length >= limits.maxInstalled) {
    return { refused: `${limits.maxInstalled} profiles are installed already` };
  }
  return profile;
}

const setChargingProfile: Handler201<'SetChargingProfile'> = (req, control) => {
  const { evseId, chargingProfile: wire } = req;
  if (evseId !== 0 && !control.connector(evseId)) return rejected(`unknown EVSE ${evseId}`);
  const purpose = purposeFrom201(wire.chargingProfilePurpose);
  if (purpose === 'StationMax' && evseId !== 0) return rejected('a ChargingStationMaxProfile is set on evseId 0');
  let transactionKey: string | undefined;
  if (purpose === 'Tx') {
    // K01.FR.16 / K01.FR.09: a TxProfile names a transaction running on that EVSE.
    const tx = evseId === 0 ? undefined : control.transactionOn(evseId);
    if (!tx || wire.transactionId !== tx.localId) return rejected(`no transaction ${wire.transactionId ?? '(none given)'} on EVSE ${evseId}`);
    transactionKey = tx.localId;
  }
  const profile = checked(wire, evseId, control);
  if ('refused' in profile) return rejected(profile.refused);
  const candidate = { ...profile, ...(transactionKey !== undefined && { transactionKey }) };
  // K01.FR.06: one profile per purpose and stackLevel on an EVSE (per transaction for TxProfile); the same id replaces.
  if (control.smartCharging.store.clash(candidate)) return rejected(`another profile has stackLevel ${profile.stackLevel} for this purpose`);
  control.smartCharging.install(candidate, false);
  control.afterReply(() => control.smartCharging.refresh());
  return { status: 'Accepted' };
};

const clearChargingProfile: Handler201<'ClearChargingProfile'> = (req, control) => {
  const criteria = req.chargingProfileCriteria;
  const purpose = criteria?.chargingProfilePurpose !== undefined ? purposeFrom201(criteria.chargingProfilePurpose) : undefined;
  if (req.chargingProfileId === undefined && criteria?.chargingProfilePurpose !== undefined && purpose === undefined) return { status: 'Unknown' };
  const removed =
    req.chargingProfileId !== undefined
      ? control.smartCharging.clear({ id: req.chargingProfileId })
      : control.smartCharging.clear({
          ...(criteria?.evseId !== undefined && { connectorId: criteria.evseId }),
          ...(purpose !== undefined && { purpose }),
          ...(criteria?.stackLevel !== undefined && { stackLevel: criteria.stackLevel }),
        });
  if (removed === 0) return { status: 'Unknown' };
  control.afterReply(() => control.smartCharging.refresh());
  return { status: 'Accepted' };
};

const getChargingProfiles: Handler201<'GetChargingProfiles'> = (req, control) => {
  const criterion = req.chargingProfile;
  const purpose = criterion.chargingProfilePurpose !== undefined ? purposeFrom201(criterion.chargingProfilePurpose) : undefined;
  // Every profile here came from the CSMS, so its chargingLimitSource is CSO.
  const sourceOk = criterion.chargingLimitSource === undefined || criterion.chargingLimitSource.includes('CSO');
  const purposeOk = criterion.chargingProfilePurpose === undefined || purpose !== undefined;
  const found = !sourceOk || !purposeOk
    ? []
    : control.smartCharging.store
        .select({
          ...(req.evseId !== undefined && { connectorId: req.evseId }),
          ...(purpose !== undefined && { purpose }),
          ...(criterion.stackLevel !== undefined && { stackLevel: criterion.stackLevel }),
        })
        .filter((p) => criterion.chargingProfileId === undefined || criterion.chargingProfileId.includes(p.id));
  if (found.length === 0) return { status: 'NoProfiles' };
  const evseIds = [...new Set(found.map((p) => p.connectorId))].sort((a, b) => a - b);
  control.afterReply(() => control.smartCharging.report(req.requestId, evseIds.map((evseId) => ({ evseId, profiles: found.filter((p) => p.connectorId === evseId) }))));
  return { status: 'Accepted' };
};

const getCompositeSchedule: Handler201<'GetCompositeSchedule'> = (req, control) => {
  const { evseId, duration } = req;
  const sc = control.smartCharging;
  const allowed = sc.limits().allowedUnits;
  const unit = req.chargingRateUnit ?? (allowed.includes('W') ? 'W' : 'A');
  if (evseId !== 0 && !control.connector(evseId)) return { status: 'Rejected', statusInfo: { reasonCode: 'UnknownEVSE' } };
  if (!allowed.includes(unit)) return { status: 'Rejected', statusInfo: { reasonCode: 'UnsupportedRateUnit' } };
  const startMs = Math.floor(sc.now() / 1_000) * 1_000;
  const tx = evseId === 0 ? undefined : control.transactionOn(evseId);
  const periods = compositeSchedule(sc.store.all(), {
    connectorId: evseId,
    startMs,
    durationS: duration,
    unit,
    ...(tx && { tx: { key: tx.localId, startedAtMs: tx.startedAtMs } }),
    electrical: sc.electrical(evseId),
    hardwareMaxW: sc.hardwareMaxW(evseId),
  });
  return { status: 'Accepted', schedule: { evseId, duration, scheduleStart: isoTime(startMs), chargingRateUnit: unit, chargingSchedulePeriod: periods } };
};

/**
 * The TxProfile a RequestStartTransaction carries (F01.FR.08/.11: purpose TxProfile, no transactionId yet):
 * the profile, undefined when none came, or the reason to answer Rejected.
 */
export function remoteStartProfile201(req: Request201<'RequestStartTransaction'>, control: StationControl): ChargingProfile | undefined | Refusal {
  const wire = req.chargingProfile;
  if (!wire) return undefined;
  if (wire.chargingProfilePurpose !== 'TxProfile' || wire.transactionId !== undefined) return { refused: 'the chargingProfile must be a TxProfile without transactionId' };
  return checked(wire, req.evseId ?? 0, control);
}

export const SMART_CHARGING_COMMANDS_201: { readonly [A in CsmsAction201]?: Handler201<A> } = {
  SetChargingProfile: setChargingProfile,
  ClearChargingProfile: clearChargingProfile,
  GetChargingProfiles: getChargingProfiles,
  GetCompositeSchedule: getCompositeSchedule,
};
