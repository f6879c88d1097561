/**
 * What a new station is made of before it is wired together (station.ts): its connectors with their meters,
 * the settings it ships with, and the helpers its constructor and shutdown need.
 */
import type { RandomSource } from '../random.js';
import { LOCAL_LIST_LIMITS, type LocalAuthorization } from './authorization.js';
import type { BehaviourProfile } from './behaviour.js';
import { Connector } from './connector.js';
import { STATION_DEFAULTS } from './defaults.js';
import type { DriverActions } from './driver.js';
import type { FeatureProfiles } from './feature-profiles.js';
import type { FirmwareUpdates } from './firmware.js';
import { EnergyMeter } from './meter.js';
import type { StationOperations } from './operations.js';
import type { Reservations } from './reservations.js';
import { securityProfileOf } from './security-events.js';
import type { SessionRunner } from './sessions.js';
import type { Slot } from './slot.js';
import type { TimerGroup } from './timers.js';
import { SMART_CHARGING_DEFAULTS, type SmartCharging } from './smart-charging/engine.js';
import type { StationConfig } from './types.js';

/** Meters of installed chargers do not start at zero: up to this much energy is already registered. */
const MAX_INITIAL_REGISTER_WH = 2_000_000;

export function createSlots(connectors: number, maxPowerW: number, random: RandomSource): Slot[] {
  return Array.from({ length: connectors }, (_, index) => ({
    connector: new Connector(index + 1),
    meter: new EnergyMeter({
      maxPowerW,
      nominalVoltageV: STATION_DEFAULTS.nominalVoltageV,
      initialWh: Math.floor(random.next() * MAX_INITIAL_REGISTER_WH),
      random,
    }),
  }));
}

/** The parts of a station an idle one never needs, made on first use: until then one field on the station, not eight. */
export class LazyParts {
  /** Boot retries, sessions, transfers: an accepted idle station has no timer of its own (its heartbeat is on the clock). */
  timers: TimerGroup | undefined;
  smartCharging: SmartCharging | undefined;
  authorization: LocalAuthorization | undefined;
  reservations: Reservations | undefined;
  driver: DriverActions | undefined;
  sessions: SessionRunner | undefined;
  operations: StationOperations | undefined;
  firmware: FirmwareUpdates | undefined;
}

/** The configuration keys a station ships with (1.6 names; 2.0.1 maps them to its device model). */
/** By what they depend on: the settings a fleet's stations ship with, one frozen object for all of them. */
const sharedSettings = new Map<string, Readonly<Record<string, string | number | boolean>>>();
/** Past this many different settings in one process, a station gets its own object. */
const MAX_SHARED_SETTINGS = 1_000;

/**
 * The settings a station ships with, its ChargePointIdentity aside (the store takes that as an option): one frozen
 * object shared by every station with the same interval, connectors, profiles and security profile, so the store
 * finds its layer without reading them (config-store.ts).
 */
export function initialSettings(config: StationConfig, connectors: number, featureProfiles: FeatureProfiles, profile: BehaviourProfile): Readonly<Record<string, string | number | boolean>> {
  const meterInterval = config.meterValueIntervalS ?? STATION_DEFAULTS.meterValueIntervalS;
  const clockAligned = profile.meterValues === 'clock-aligned';
  const securityProfile = securityProfileOf(config);
  const id = `${meterInterval} ${connectors} ${featureProfiles.toCsl()} ${clockAligned} ${securityProfile}`;
  let settings = sharedSettings.get(id);
  if (settings === undefined) {
    settings = Object.freeze({
      HeartbeatInterval: STATION_DEFAULTS.heartbeatIntervalS,
      MeterValueSampleInterval: meterInterval,
      NumberOfConnectors: connectors,
      SupportedFeatureProfiles: featureProfiles.toCsl(),
      // The local list and cache are on, as most chargers ship them.
      AuthorizationCacheEnabled: true,
      LocalAuthListMaxLength: LOCAL_LIST_LIMITS.maxLength,
      SendLocalListMaxLength: LOCAL_LIST_LIMITS.perMessage,
      ...SMART_CHARGING_DEFAULTS,
      // Only a clock-aligned behaviour profile reads it.
      ...(clockAligned && { ClockAlignedDataInterval: meterInterval }),
      'SecurityCtrlr.SecurityProfile': securityProfile,
    });
    if (sharedSettings.size < MAX_SHARED_SETTINGS) sharedSettings.set(id, settings);
  }
  return settings;
}

/** Waits for `work` but no longer than `ms` of real time. */
export function settledWithin(work: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([work, timeUp]).finally(() => clearTimeout(timer));
}

/** A stable seed for a station given none: the same id always gets the same identity. */
export function seedFromId(id: string): number {
  let hash = 2_166_136_261;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 16_777_619);
  return hash >>> 0;
}
