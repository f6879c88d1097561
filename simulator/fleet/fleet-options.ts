/**
 * What a fleet is asked to do (`FleetOptions`) and its defaults: the plan, the target, the ramp, the load mix and
 * the stations' settings. Kept apart from fleet.ts, which runs them.
 */
import type { BehaviourChoice } from '../station/behaviour.js';
import type { StationConfig } from '../station/types.js';
import type { ChaosOptions } from '../transport/chaos.js';
import type { VirtualStation } from '../station/station.js';
import { PLAN_DEFAULTS, type FleetPlanOptions, type PlannedStation } from './plan.js';
import { LOAD_MIX_DEFAULTS, type LoadMix } from './station-load.js';
import type { Clock } from '../clock.js';

export interface FleetOptions extends FleetPlanOptions {
  /** CSMS base URL; station `X` connects to `${csmsUrl}/X`. */
  csmsUrl: string;
  /** Per-station base URL instead of `csmsUrl` (a load run over several CSMS URLs); kept across reconnects. */
  csmsUrlFor?: (station: PlannedStation) => string;
  clock: Clock;
  /** Stations started per real second by `start()`. */
  rampPerS: number;
  /**
   * WebSocket handshakes a ramp lets be in flight at once: past it, stations that are due wait for a handshake to
   * end (the time the ramp is held back is reported). Default: what a timed ramp starts in 100 ms, at least 512
   * (`defaultMaxConnecting`); an at-once ramp is not limited unless this is given.
   */
  maxConnecting?: number;
  /** Mean charging sessions per station per simulated hour (0 = none). */
  sessionsPerHour?: number;
  /** Badge swipes, meter and heartbeat intervals; see `LoadMix`. */
  mix?: LoadMix;
  /** Feature profiles every station advertises (Core always); default all. */
  featureProfiles?: StationConfig['featureProfiles'];
  transport?: StationConfig['transport'];
  /** Per-station transport options laid over `transport` (security: each station's password or certificate). */
  transportFor?: (station: PlannedStation) => StationConfig['transport'];
  /**
   * Real milliseconds a stopping station waits for the CSMS to answer the stop messages of sessions still
   * running (they end with reason Local) before closing the socket. Default 5,000.
   */
  stopGraceMs?: number;
  /** Vendor behaviour profile of every station (docs/behaviour-profiles.md); default 'reference'. */
  behaviour?: BehaviourChoice;
  /** Mixes profiles: each station gets one of these, chosen by its seed (overrides `behaviour`). */
  behaviours?: readonly BehaviourChoice[];
  /**
   * Network chaos (simulator/transport/chaos.ts): the same for every station, or chosen per station (and so
   * per site) by a function; undefined for a station means a clean network. A station's chaos seed derives
   * from its own seed unless the options give one.
   */
  chaos?: ChaosOptions | ((station: { id: string; siteId: string; index: number }) => ChaosOptions | undefined);
  /** For tests: build stations differently. */
  createStation?: (config: StationConfig) => VirtualStation;
}

export const FLEET_DEFAULTS = {
  connectors: PLAN_DEFAULTS.connectors,
  sessionsPerHour: 0,
  ...LOAD_MIX_DEFAULTS,
  stopGraceMs: 5_000,
} as const;

/**
 * The handshakes in flight a timed ramp of `perS` stations a second allows by default: those it starts in 100 ms, at
 * least 512. Past that this process is falling behind its own ramp (its first seconds, before the JIT has warmed), or
 * the CSMS behind it, and starting more only piles up half-open sockets: their memory outlives the young generation
 * here, and 100,000 of them stalled the bundled CSMS across 8 workers (docs/performance.md §5 and §6). The floor keeps
 * a slow but steady CSMS from being throttled much (a floor of 64 held a 500-a-second ramp to about 320).
 */
export function defaultMaxConnecting(perS: number): number {
  return Math.max(512, Math.ceil(perS * 0.1));
}
