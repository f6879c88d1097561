/**
 * Vendor behaviour profiles: where real chargers differ while all following OCPP, as named profiles
 * with per-flag overrides (docs/behaviour-profiles.md). 'reference' is the station as it always was.
 * Not to be confused with the fault switches (`StationBehaviour`), which model a broken charger.
 */

export interface BehaviourProfile {
  /** After the transaction stops: stay in Finishing until the EV is unplugged, or go straight to Available. */
  finishing: 'until-unplug' | 'straight-to-available';
  /** Report Preparing when the cable is plugged in (before Authorize), or stay Available until charging starts. */
  preparingOnPlugIn: boolean;
  /** 1.6 soft reset: drop and reopen the WebSocket while rebooting, or keep it open (2.0.1 resets always reconnect). */
  reconnectOnSoftReset: boolean;
  /** Periodic meter values: every interval from the session's start, or aligned to the clock (ClockAlignedDataInterval). */
  meterValues: 'from-session-start' | 'clock-aligned';
  /**
   * StatusNotification on every internal change, or only on changes the CSMS's version can see
   * (2.0.1 shows Preparing, Charging, SuspendedEV/EVSE and Finishing all as Occupied; in 1.6 every change is visible).
   */
  statusNotifications: 'visible-changes' | 'every-change';
}

export const BEHAVIOUR_PROFILES = {
  reference: {
    finishing: 'until-unplug',
    preparingOnPlugIn: true,
    reconnectOnSoftReset: false,
    meterValues: 'from-session-start',
    statusNotifications: 'visible-changes',
  },
  /** Lean firmware: no Preparing, no Finishing, clock-aligned meter values, a soft reset restarts the modem too. */
  'vendor-a': {
    finishing: 'straight-to-available',
    preparingOnPlugIn: false,
    reconnectOnSoftReset: true,
    meterValues: 'clock-aligned',
    statusNotifications: 'visible-changes',
  },
  /** Chatty firmware: every internal change reported, clock-aligned meter values, soft reset reconnects. */
  'vendor-b': {
    finishing: 'until-unplug',
    preparingOnPlugIn: true,
    reconnectOnSoftReset: true,
    meterValues: 'clock-aligned',
    statusNotifications: 'every-change',
  },
} as const satisfies Record<string, BehaviourProfile>;

export type BehaviourProfileName = keyof typeof BEHAVIOUR_PROFILES;

/** A profile by name, or a profile (default 'reference') with some flags overridden. */
export type BehaviourChoice = BehaviourProfileName | ({ profile?: BehaviourProfileName } & Partial<BehaviourProfile>);

const FLAG_VALUES: { readonly [K in keyof BehaviourProfile]: readonly BehaviourProfile[K][] } = {
  finishing: ['until-unplug', 'straight-to-available'],
  preparingOnPlugIn: [true, false],
  reconnectOnSoftReset: [true, false],
  meterValues: ['from-session-start', 'clock-aligned'],
  statusNotifications: ['visible-changes', 'every-change'],
};

const PROFILE_NAMES = Object.keys(BEHAVIOUR_PROFILES);

/** The named profiles as stations hold them: frozen, one per name for every station, since none changes its profile. */
const SHARED_PROFILES = Object.fromEntries(
  Object.entries(BEHAVIOUR_PROFILES).map(([name, profile]) => [name, Object.freeze({ ...profile })]),
) as Readonly<Record<BehaviourProfileName, BehaviourProfile>>;

/**
 * The full profile for a choice (a named one is shared and frozen); throws a RangeError naming `where`, the bad
 * value and what is allowed.
 */
export function resolveBehaviour(choice: BehaviourChoice | undefined, where = 'behaviour'): Readonly<BehaviourProfile> {
  if (choice === undefined) return SHARED_PROFILES.reference;
  if (typeof choice === 'string') return SHARED_PROFILES[profileName(choice, where)];
  const { profile, ...overrides } = choice;
  const resolved: BehaviourProfile = { ...BEHAVIOUR_PROFILES[profileName(profile ?? 'reference', `${where}.profile`)] };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in FLAG_VALUES)) {
      throw new RangeError(`${where}: unknown flag ${JSON.stringify(key)}; allowed: profile, ${Object.keys(FLAG_VALUES).join(', ')}`);
    }
    const allowed = FLAG_VALUES[key as keyof BehaviourProfile] as readonly unknown[];
    if (!allowed.includes(value)) {
      throw new RangeError(`${where}.${key} must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(value)}`);
    }
    (resolved as unknown as Record<string, unknown>)[key] = value;
  }
  return resolved;
}

function profileName(name: string, where: string): BehaviourProfileName {
  if (!PROFILE_NAMES.includes(name)) {
    throw new RangeError(`${where} must be one of ${PROFILE_NAMES.join(', ')}, got ${JSON.stringify(name)}`);
  }
  return name as BehaviourProfileName;
}
