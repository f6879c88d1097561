/** OCPP 1.6 Smart Charging: SetChargingProfile, ClearChargingProfile, GetCompositeSchedule (spec §5.5, §5.7, §5.16). */
import type { CsmsAction16, Request16, Response16 } from '../../protocol/actions.js';
import type { StationControl } from '../control.js';
import type { StationDialect } from '../dialect.js';
import { isoTime } from '../sampled-values.js';
import { compositeSchedule } from '../smart-charging/composite.js';
import { profileProblem, type ChargingProfile } from '../smart-charging/profile.js';
import { fromWire16, purposeFrom16, type Profile16 } from '../smart-charging/wire16.js';

type Handler16<A extends CsmsAction16> = (req: Request16<A>, control: StationControl, dialect: StationDialect) => Response16<A>;

/** The profile as the station would install it, or why it refuses it. */
function checked(wire: Profile16, connectorId: number, control: StationControl): ChargingProfile | { refused: string } {
  let profile: ChargingProfile;
  try {
    profile = fromWire16(wire, connectorId);
  } catch (error) {
    return { refused: (error as Error).message };
  }
  const limits = control.smartCharging.limits();
  const problem = profileProblem(profile, limits);
  if (problem) return { refused: problem };
  const { store } = control.smartCharging;
  const replaces = store.all().some((p) => p.id === profile.id) || store.clash(profile) !== undefined;
  if (!replaces && store.all().length >= limits.maxInstalled) return { refused: `${limits.maxInstalled} profiles are installed already` };
  return profile;
}

const setChargingProfile: Handler16<'SetChargingProfile'> = (req, control) => {
  const { connectorId, csChargingProfiles: wire } = req;
  if (connectorId !== 0 && !control.connector(connectorId)) return { status: 'Rejected' };
  const purpose = purposeFrom16(wire.chargingProfilePurpose);
  // §3.13.1: ChargePointMaxProfile only on connector 0; a TxProfile only on a connector with a transaction (§5.16.3).
  if (purpose === 'StationMax' && connectorId !== 0) return { status: 'Rejected' };
  let transactionKey: string | undefined;
  if (purpose === 'Tx') {
    const tx = connectorId === 0 ? undefined : control.transactionOn(connectorId);
    // A CSMS may send the profile right behind its StartTransaction answer, in the same socket read: until the
    // station has taken the id from that answer, the transaction running on the connector is the one meant.
    const otherTx = wire.transactionId !== undefined && tx?.csmsId !== undefined && tx.csmsId !== wire.transactionId;
    if (!tx || otherTx) return { status: 'Rejected' };
    transactionKey = tx.localId;
  }
  const profile = checked(wire, connectorId, control);
  if ('refused' in profile) return { status: 'Rejected' };
  // §3.13.2: a profile with the same id, or the same purpose and stackLevel on the connector, is replaced.
  control.smartCharging.install({ ...profile, ...(transactionKey !== undefined && { transactionKey }) }, true);
  control.afterReply(() => control.smartCharging.refresh());
  return { status: 'Accepted' };
};

const clearChargingProfile: Handler16<'ClearChargingProfile'> = (req, control) => {
  // By id when given; otherwise every profile matching all the other criteria given (none: all profiles).
  const removed =
    req.id !== undefined
      ? control.smartCharging.clear({ id: req.id })
      : control.smartCharging.clear({
          ...(req.connectorId !== undefined && { connectorId: req.connectorId }),
          ...(req.chargingProfilePurpose !== undefined && { purpose: purposeFrom16(req.chargingProfilePurpose) }),
          ...(req.stackLevel !== undefined && { stackLevel: req.stackLevel }),
        });
  if (removed === 0) return { status: 'Unknown' };
  control.afterReply(() => control.smartCharging.refresh());
  return { status: 'Accepted' };
};

const getCompositeSchedule: Handler16<'GetCompositeSchedule'> = (req, control) => {
  const { connectorId, duration } = req;
  const sc = control.smartCharging;
  const allowed = sc.limits().allowedUnits;
  const unit = req.chargingRateUnit ?? (allowed.includes('W') ? 'W' : 'A');
  if ((connectorId !== 0 && !control.connector(connectorId)) || !allowed.includes(unit) || duration <= 0) return { status: 'Rejected' };
  const startMs = Math.floor(sc.now() / 1_000) * 1_000;
  const tx = connectorId === 0 ? undefined : control.transactionOn(connectorId);
  const periods = compositeSchedule(sc.store.all(), {
    connectorId,
    startMs,
    durationS: duration,
    unit,
    ...(tx && { tx: { key: tx.localId, startedAtMs: tx.startedAtMs } }),
    electrical: sc.electrical(connectorId),
    hardwareMaxW: sc.hardwareMaxW(connectorId),
  });
  return {
    status: 'Accepted',
    connectorId,
    scheduleStart: isoTime(startMs),
    chargingSchedule: { duration, startSchedule: isoTime(startMs), chargingRateUnit: unit, chargingSchedulePeriod: periods },
  };
};

/**
 * The TxProfile a RemoteStartTransaction carries (§5.11: its purpose must be TxProfile, and it cannot name
 * a transaction that does not exist yet): the profile, undefined when none came, or 'Rejected'.
 */
export function remoteStartProfile16(req: Request16<'RemoteStartTransaction'>, control: StationControl): ChargingProfile | undefined | 'Rejected' {
  const wire = req.chargingProfile;
  if (!wire) return undefined;
  if (wire.chargingProfilePurpose !== 'TxProfile' || wire.transactionId !== undefined) return 'Rejected';
  const profile = checked(wire, req.connectorId ?? 0, control);
  return 'refused' in profile ? 'Rejected' : profile;
}

export const SMART_CHARGING_COMMANDS_16: { readonly [A in CsmsAction16]?: Handler16<A> } = {
  SetChargingProfile: setChargingProfile,
  ClearChargingProfile: clearChargingProfile,
  GetCompositeSchedule: getCompositeSchedule,
};
