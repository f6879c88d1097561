/**
 * Spawns a planned fleet of virtual stations against one CSMS and keeps live counts (metrics.ts). The number
 * of stations online follows a target: `start()` ramps every planned station at a fixed rate, `rampTo()` moves
 * it up or down over a time (a load profile's stages); stations taken off stop cleanly, like the end of a run.
 * Booted stations run the message mix of station-load.ts (sessions, badge swipes, interval overrides).
 */
import { EventEmitter } from 'node:events';
import type { IdToken } from '../protocol/id-tokens.js';
import { deriveSeed } from '../random.js';
import { resolveBehaviour, type BehaviourChoice } from '../station/behaviour.js';
import { VirtualStation } from '../station/station.js';
import type { SessionResult, StationConfig, StationEvents } from '../station/types.js';
import type { CallOutcome, ConnectFailure, OcppTransport } from '../transport/types.js';
import { FLEET_DEFAULTS, defaultMaxConnecting, type FleetOptions } from './fleet-options.js';
import { FleetMetrics } from './metrics.js';
import { planFleet, type PlannedStation } from './plan.js';
import { StationLoad, type LoadMix } from './station-load.js';

export { FLEET_DEFAULTS, defaultMaxConnecting, type FleetOptions };

/** Salt of the seed that picks a station's behaviour profile from `behaviours`. */
const BEHAVIOUR_SALT = 0xbe4a;
/** Salt of the seed of a station's network chaos. */
const CHAOS_SALT = 0xc4a05;
/** Longest real gap between two steps of a ramp. */
const RAMP_STEP_MS = 100;

/** Where a station's shared listeners find their fleet and plan index: set on the station and on its transport. */
const ENTRY = Symbol('fleetEntry');
interface FleetEntry {
  readonly fleet: Fleet;
  readonly index: number;
}
type Entered = { [ENTRY]: FleetEntry };

function entryOf(owner: object): FleetEntry {
  return (owner as Entered)[ENTRY];
}

export class Fleet extends EventEmitter {
  readonly metrics: FleetMetrics;
  /** Stations online (started and not taken off by a ramp-down), by id; after `stop()` those of the end. */
  readonly stations = new Map<string, VirtualStation>();
  private readonly plan: PlannedStation[];
  /** By plan index: the station online at that index, if any. */
  private readonly live: (VirtualStation | undefined)[];
  /** By plan index: 1 while the run stops that station (its cut calls were in flight at the end). */
  private readonly stoppingAt: Uint8Array;
  /** By plan index: 1 once the station was started (a station taken off and started again counts once). */
  private readonly startedOnce: Uint8Array;
  private readonly load: StationLoad;
  private readonly stopsInProgress = new Set<Promise<void>>();
  private stopping = false;
  /** By plan index: real ms (performance.now) the station was last started; NaN before. */
  readonly startedAtMs: Float64Array;
  /** By plan index: real ms the station (started last at `startedAtMs`) got its first Accepted boot; NaN before. */
  readonly bootedAtMs: Float64Array;
  private rampTimer: NodeJS.Timeout | undefined;
  private rampDone: (() => void) | undefined;

  constructor(private readonly options: FleetOptions) {
    super();
    if (!(options.rampPerS > 0)) throw new RangeError(`rampPerS must be > 0, got ${options.rampPerS}`);
    const cap = options.maxConnecting;
    if (cap !== undefined && !(Number.isInteger(cap) && cap >= 1)) throw new RangeError(`maxConnecting must be a whole number >= 1, got ${cap}`);
    const grace = options.stopGraceMs;
    if (grace !== undefined && !(Number.isFinite(grace) && grace >= 0)) {
      throw new RangeError(`stopGraceMs must be a number of real milliseconds >= 0, got ${grace}`);
    }
    if (options.behaviours !== undefined && options.behaviours.length === 0) {
      throw new RangeError('behaviours must list at least one profile (or be left out for the reference behaviour)');
    }
    // Checked once here, so a bad profile fails the fleet at once rather than its first station.
    if (options.behaviour !== undefined) resolveBehaviour(options.behaviour, 'fleet behaviour');
    options.behaviours?.forEach((choice, i) => resolveBehaviour(choice, `fleet behaviours[${i}]`));
    this.plan = planFleet(options);
    this.metrics = new FleetMetrics(this.plan.length);
    this.live = new Array<VirtualStation | undefined>(this.plan.length);
    this.stoppingAt = new Uint8Array(this.plan.length);
    this.startedOnce = new Uint8Array(this.plan.length);
    this.startedAtMs = new Float64Array(this.plan.length).fill(Number.NaN);
    this.bootedAtMs = new Float64Array(this.plan.length).fill(Number.NaN);
    this.load = new StationLoad({
      clock: options.clock,
      connectors: options.connectors ?? FLEET_DEFAULTS.connectors,
      sessionsPerHour: options.sessionsPerHour ?? FLEET_DEFAULTS.sessionsPerHour,
      mix: options.mix ?? {},
      onSession: (id, result) => this.emit('session', id, result),
      onError: (id, error) => this.emit('stationError', id, error),
    });
  }

  get size(): number {
    return this.plan.length;
  }

  /** The station's own drivers' tokens (the bundled CSMS of a load run knows them); empty for a station not in the plan. */
  driverTokens(stationId: string): readonly IdToken[] {
    return this.plan.find((planned) => planned.id === stationId)?.tokens ?? [];
  }

  /** Stations online now. */
  get online(): number {
    return this.stations.size;
  }

  /** Stations online now that have had an Accepted boot since they were started. */
  get bootedOnline(): number {
    let n = 0;
    for (let i = 0; i < this.live.length; i++) if (this.live[i] !== undefined && !Number.isNaN(this.bootedAtMs[i] as number)) n++;
    return n;
  }

  /** Sessions running now (from the plug-in to the unplug). */
  get sessionsActive(): number {
    return this.load.sessionsActive;
  }

  /** The station planned at `index`, while it is online. */
  stationAt(index: number): VirtualStation | undefined {
    return this.live[index];
  }

  /** Starts every planned station at `rampPerS`; resolves once the last one has been started (not booted). */
  start(): Promise<void> {
    return this.rampTo(this.plan.length, (this.plan.length / this.options.rampPerS) * 1_000);
  }

  /**
   * Moves the number of stations online linearly to `target` over `durationMs` of real time (0: at once):
   * up, by starting planned stations in plan order; down, by stopping the last ones cleanly (sessions stopped
   * with reason Local, the socket closed). Resolves when the target is reached or the fleet stops.
   */
  rampTo(target: number, durationMs: number): Promise<void> {
    if (!Number.isInteger(target) || target < 0 || target > this.plan.length) {
      throw new RangeError(`target must be a whole number from 0 to ${this.plan.length}, got ${target}`);
    }
    this.cancelRamp();
    const from = this.stations.size;
    const began = performance.now();
    const perS = Math.abs(target - from) / (durationMs / 1_000);
    const maxConnecting = this.options.maxConnecting ?? (durationMs > 0 ? defaultMaxConnecting(perS) : Infinity);
    const connections = this.metrics.connections;
    return new Promise((resolve) => {
      this.rampDone = resolve;
      const step = () => {
        this.rampTimer = undefined;
        if (this.stopping) return this.cancelRamp();
        const now = performance.now();
        const share = durationMs <= 0 ? 1 : Math.min(1, (now - began) / durationMs);
        // The first station starts (or stops) at once, the rest on the line from `from` to `target`.
        const exact = from + (target - from) * share;
        const due = target >= from ? Math.min(target, Math.floor(exact) + 1) : Math.max(target, Math.ceil(exact) - 1);
        // Station at index i is online iff i < online count: up starts the next, down stops the last.
        for (let i = this.stations.size; i < due && connections.handshaking < maxConnecting; i++) this.spawn(this.plan[i] as PlannedStation, i);
        for (let i = this.stations.size - 1; i >= due; i--) this.retire(i);
        connections.rampStep(this.stations.size < due, maxConnecting, now);
        if (share >= 1 && this.stations.size === target) return this.cancelRamp();
        this.rampTimer = setTimeout(step, Math.max(1, Math.min(RAMP_STEP_MS, 1_000 / Math.max(perS, 1e-9))));
      };
      step();
    });
  }

  /** Changes the message mix for every station from now on (a new stage of a load profile). */
  setLoad(sessionsPerHour: number, mix: LoadMix = {}): void {
    this.load.set(sessionsPerHour, mix);
    for (let i = 0; i < this.live.length; i++) {
      const station = this.live[i];
      if (station !== undefined && station.registration === 'Accepted') this.load.apply(station, this.plan[i] as PlannedStation);
    }
  }

  /** Resolves true once every station has an accepted boot, false if `timeoutMs` (real) passes first. */
  waitForBoot(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const check = () => this.metrics.bootedCount >= this.plan.length;
      if (check()) return resolve(true);
      const onBoot = () => {
        if (!check()) return;
        cleanup();
        resolve(true);
      };
      const timer = setTimeout(() => {
        cleanup();
        resolve(false);
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.off('booted', onBoot);
      };
      this.on('booted', onBoot);
    });
  }

  /**
   * Ends the run: no new sessions; running transactions stop (reason Local) and the CSMS gets up to
   * `stopGraceMs` to answer before the sockets close, so the next run does not meet them still open.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.cancelRamp();
    this.load.stop();
    // The stations stay listed: the end of the run is not a ramp-down, and callers read them afterwards.
    for (let i = this.live.length - 1; i >= 0; i--) if (this.live[i] !== undefined) this.retire(i, true);
    await Promise.allSettled([...this.stopsInProgress]);
    await this.load.settled();
  }

  private cancelRamp(): void {
    if (this.rampTimer !== undefined) clearTimeout(this.rampTimer);
    this.rampTimer = undefined;
    // A ramp cut short while held back (a new stage, the end of the run) is held no longer.
    this.metrics.connections.rampStep(false, 0, performance.now());
    const done = this.rampDone;
    this.rampDone = undefined;
    done?.();
  }

  /** Takes the station at `index` off: its sessions stop (Local), the CSMS gets the grace to answer, then it closes. */
  private retire(index: number, keepListed = false): void {
    const station = this.live[index];
    if (station === undefined) return;
    this.live[index] = undefined;
    if (!keepListed) this.stations.delete(station.id);
    this.stoppingAt[index] = 1;
    // A handshake under way now ends in neither open nor failure that the ramp would hear of.
    this.metrics.connections.handshakeEnded(index);
    this.load.forget(station);
    const graceMs = this.options.stopGraceMs ?? FLEET_DEFAULTS.stopGraceMs;
    const done: Promise<void> = station
      .shutdown(graceMs)
      .then(({ ended, unanswered }) => {
        this.metrics.sessions.recordShutdown(ended, unanswered);
      })
      .catch((error: unknown) => {
        this.emit('stationError', station.id, error);
      })
      .finally(() => this.stopsInProgress.delete(done));
    this.stopsInProgress.add(done);
  }

  /** `index` is the station's position in this fleet's plan (its plan index differs in a shard or from --first-station). */
  private spawn(planned: PlannedStation, index: number): void {
    const config: StationConfig = {
      id: planned.id,
      siteId: planned.siteId,
      protocol: planned.protocol,
      csmsUrl: this.options.csmsUrlFor?.(planned) ?? this.options.csmsUrl,
      clock: this.options.clock,
      connectors: this.options.connectors ?? FLEET_DEFAULTS.connectors,
      seed: planned.seed,
      transport: this.transportOf(planned),
      ...(this.options.mix?.meterValuesIntervalS !== undefined && { meterValueIntervalS: this.options.mix.meterValuesIntervalS }),
      ...(this.options.featureProfiles && { featureProfiles: this.options.featureProfiles }),
      ...this.behaviourOf(planned),
    };
    const station = this.options.createStation?.(config) ?? new VirtualStation(config);
    this.live[index] = station;
    this.stoppingAt[index] = 0;
    this.startedAtMs[index] = performance.now();
    this.bootedAtMs[index] = Number.NaN;
    this.stations.set(planned.id, station);
    // Before it connects, so an observer (harness/load/prometheus.ts) sees its first attempt.
    this.emit('stationStarted', planned.id, station);
    if (this.startedOnce[index] === 0) {
      this.startedOnce[index] = 1;
      this.metrics.started++;
    }
    // Shared listeners that find fleet and plan index through one small entry: no closures per station.
    const entry: FleetEntry = { fleet: this, index };
    (station as object as Entered)[ENTRY] = entry;
    (station.transport as object as Entered)[ENTRY] = entry;
    station.transport.on('connecting', Fleet.onConnecting);
    station.transport.on('connectFailed', Fleet.onTransportConnectFailed);
    station.on('connected', Fleet.onConnected);
    station.on('disconnected', Fleet.onDisconnected);
    station.callSink = Fleet.onCallDone;
    station.on('session', Fleet.onSession);
    station.on('connectFailed', Fleet.onStationConnectFailed);
    station.on('booted', Fleet.onBooted);
    station.start().catch((error: unknown) => {
      // A station stopped before it ever connected rejects its connect: that is the run's own doing.
      if (this.stoppingAt[index] === 0) this.emit('stationError', planned.id, error);
    });
  }

  /** The fleet's transport options, with this station's own (security credentials) and its seeded chaos. */
  private transportOf(planned: PlannedStation): StationConfig['transport'] {
    const { chaos, transportFor } = this.options;
    const transport = transportFor ? { ...this.options.transport, ...transportFor(planned) } : this.options.transport;
    const chosen = typeof chaos === 'function' ? chaos({ id: planned.id, siteId: planned.siteId, index: planned.index }) : chaos;
    if (chosen === undefined) return transport;
    return { ...transport, chaos: { ...chosen, seed: chosen.seed ?? deriveSeed(planned.seed, CHAOS_SALT) } };
  }

  private behaviourOf(planned: PlannedStation): Pick<StationConfig, 'behaviour'> {
    const { behaviours, behaviour } = this.options;
    if (behaviours !== undefined) return { behaviour: behaviours[deriveSeed(planned.seed, BEHAVIOUR_SALT) % behaviours.length] as BehaviourChoice };
    return behaviour === undefined ? {} : { behaviour };
  }

  // A station's listeners, shared by every station: EventEmitter calls them with `this` = the emitter (the station
  // calls `callSink` as its method), which carries its entry. Static members, so they may reach the fleet's state.

  private static onConnecting(this: OcppTransport): void {
    const { fleet, index } = entryOf(this);
    fleet.metrics.connections.attempt(index);
  }

  private static onTransportConnectFailed(this: OcppTransport, failure: ConnectFailure): void {
    const { fleet, index } = entryOf(this);
    fleet.metrics.connections.connectFailed(index, failure);
  }

  private static onConnected(this: VirtualStation): void {
    const { fleet, index } = entryOf(this);
    const connections = fleet.metrics.connections;
    connections.open(index);
    // A reconnect is not a reboot: with its registration kept the station is back in service now.
    if (this.registration === 'Accepted') connections.back(index);
  }

  private static onDisconnected(this: VirtualStation, code: number, _reason: string, local: boolean): void {
    const { fleet, index } = entryOf(this);
    fleet.metrics.connections.closed(index, code, local, fleet.stoppingAt[index] === 1);
  }

  /** On the path of every call (a heartbeat flood): one field and no lookup to find the fleet. */
  private static onCallDone(this: VirtualStation, outcome: CallOutcome): void {
    const { fleet, index } = entryOf(this);
    fleet.metrics.recordCall(outcome, fleet.stoppingAt[index] === 1);
  }

  private static onSession(this: VirtualStation, _connectorId: number, result: SessionResult): void {
    entryOf(this).fleet.metrics.sessions.record(result);
  }

  private static onStationConnectFailed(this: VirtualStation, failure: ConnectFailure): void {
    const { fleet, index } = entryOf(this);
    fleet.emit('connectFailed', (fleet.plan[index] as PlannedStation).id, failure);
  }

  private static onBooted(this: VirtualStation, ...[status]: StationEvents['booted']): void {
    const { fleet, index } = entryOf(this);
    const planned = fleet.plan[index] as PlannedStation;
    fleet.metrics.recordBoot(planned.id, status);
    if (status === 'Accepted') {
      fleet.metrics.connections.back(index);
      if (Number.isNaN(fleet.bootedAtMs[index] as number)) fleet.bootedAtMs[index] = performance.now();
    }
    fleet.emit('booted', planned.id, status);
    if (status === 'Accepted' && !fleet.stopping && fleet.stoppingAt[index] === 0) fleet.load.apply(this, planned);
  }
}
