/**
 * Spawns a planned fleet of virtual stations against one CSMS, ramped at a fixed rate, and keeps live
 * counts and per-action latency histograms. Optionally each booted station runs charging sessions as a
 * Poisson process on the shared clock, so a load test sees a realistic mix and not only heartbeats.
 */
import { EventEmitter } from 'node:events';
import type { Clock, ClockTimer } from '../clock.js';
import type { IdToken } from '../protocol/id-tokens.js';
import { deriveSeed, exponential, seededRandom } from '../random.js';
import { resolveBehaviour, type BehaviourChoice } from '../station/behaviour.js';
import { VirtualStation } from '../station/station.js';
import type { StationConfig } from '../station/types.js';
import type { ChaosOptions } from '../transport/chaos.js';
import { FleetMetrics } from './metrics.js';
import { PLAN_DEFAULTS, planFleet, type FleetPlanOptions, type PlannedStation } from './plan.js';

export interface FleetOptions extends FleetPlanOptions {
  /** CSMS base URL; station `X` connects to `${csmsUrl}/X`. */
  csmsUrl: string;
  clock: Clock;
  /** Stations started per real second. */
  rampPerS: number;
  /** Mean charging sessions per station per simulated hour (0 = none). */
  sessionsPerHour?: number;
  /** Feature profiles every station advertises (Core always); default all. */
  featureProfiles?: StationConfig['featureProfiles'];
  transport?: StationConfig['transport'];
  /** Per-station transport options laid over `transport` (security: each station's password or certificate). */
  transportFor?: (station: PlannedStation) => StationConfig['transport'];
  /**
   * Real milliseconds `stop()` waits for the CSMS to answer the stop messages of sessions still
   * running (they end with reason Local) before closing the sockets. Default 5,000.
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
  sessionMinS: 20 * 60,
  sessionMaxS: 90 * 60,
  sessionPowerMinW: 7_000,
  sessionPowerMaxW: 22_000,
  finishingDwellS: 60,
  stopGraceMs: 5_000,
} as const;

/** Salt of the seed that picks a station's behaviour profile from `behaviours`. */
const BEHAVIOUR_SALT = 0xbe4a;
/** Salt of the seed of a station's network chaos. */
const CHAOS_SALT = 0xc4a05;

export class Fleet extends EventEmitter {
  readonly metrics = new FleetMetrics();
  readonly stations = new Map<string, VirtualStation>();
  private readonly plan: PlannedStation[];
  private readonly sessionTimers = new Set<ClockTimer>();
  /** Sessions the fleet runs now; `stop()` waits for their results so the session counts are final. */
  private readonly activeSessions = new Set<Promise<void>>();
  private stopping = false;
  private rampTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: FleetOptions) {
    super();
    if (!(options.rampPerS > 0)) throw new RangeError(`rampPerS must be > 0, got ${options.rampPerS}`);
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
    this.metrics.stations = this.plan.length;
  }

  get size(): number {
    return this.plan.length;
  }

  /** The station's own drivers' tokens (the bundled CSMS of a load run knows them); empty for a station not in the plan. */
  driverTokens(stationId: string): readonly IdToken[] {
    return this.plan.find((planned) => planned.id === stationId)?.tokens ?? [];
  }

  /** Starts every station at `rampPerS`; resolves once the last one has been started (not booted). */
  start(): Promise<void> {
    const startedAt = performance.now();
    let next = 0;
    return new Promise((resolve) => {
      const tick = () => {
        if (this.stopping) return resolve();
        const due = Math.min(this.plan.length, Math.floor(((performance.now() - startedAt) / 1_000) * this.options.rampPerS) + 1);
        while (next < due) this.spawn(this.plan[next++] as PlannedStation);
        if (next >= this.plan.length) return resolve();
        this.rampTimer = setTimeout(tick, Math.max(1, Math.min(100, 1_000 / this.options.rampPerS)));
      };
      tick();
    });
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
    if (this.rampTimer) clearTimeout(this.rampTimer);
    for (const timer of this.sessionTimers) timer.cancel();
    this.sessionTimers.clear();
    const graceMs = this.options.stopGraceMs ?? FLEET_DEFAULTS.stopGraceMs;
    await Promise.allSettled(
      [...this.stations.values()].map(async (station) => {
        const { ended, unanswered } = await station.shutdown(graceMs);
        this.metrics.sessions.recordShutdown(ended, unanswered);
      }),
    );
    await Promise.allSettled([...this.activeSessions]);
  }

  private spawn(planned: PlannedStation): void {
    const config: StationConfig = {
      id: planned.id,
      siteId: planned.siteId,
      protocol: planned.protocol,
      csmsUrl: this.options.csmsUrl,
      clock: this.options.clock,
      connectors: this.options.connectors ?? FLEET_DEFAULTS.connectors,
      seed: planned.seed,
      transport: this.transportOf(planned),
      ...(this.options.featureProfiles && { featureProfiles: this.options.featureProfiles }),
      ...this.behaviourOf(planned),
    };
    const station = this.options.createStation?.(config) ?? new VirtualStation(config);
    this.stations.set(planned.id, station);
    // Before it connects, so an observer (harness/load/prometheus.ts) sees its first attempt.
    this.emit('stationStarted', planned.id, station);
    const { metrics } = this;
    metrics.started++;
    station.on('connected', () => metrics.connected++);
    station.on('disconnected', () => {
      if (!this.stopping) metrics.connected--;
    });
    // Calls cut short by our own stop() are not the CSMS's errors.
    station.on('callDone', (outcome) => {
      if (!this.stopping) metrics.recordCall(outcome);
    });
    station.on('session', (_connectorId, result) => metrics.sessions.record(result));
    station.on('connectFailed', (failure) => this.emit('connectFailed', planned.id, failure));
    station.on('booted', (status) => {
      const firstAccept = status === 'Accepted' && metrics.bootStatus.get(planned.id) !== 'Accepted';
      metrics.recordBoot(planned.id, status);
      this.emit('booted', planned.id, status);
      if (firstAccept) this.scheduleSessions(station, planned);
    });
    station.start().catch((error: unknown) => this.emit('stationError', planned.id, error));
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

  private scheduleSessions(station: VirtualStation, planned: PlannedStation): void {
    const perHour = this.options.sessionsPerHour ?? FLEET_DEFAULTS.sessionsPerHour;
    if (!(perHour > 0)) return;
    const random = seededRandom(planned.seed ^ 0x5e55);
    const connectors = this.options.connectors ?? FLEET_DEFAULTS.connectors;
    const meanGapMs = 3_600_000 / perHour;
    // Tokens of this station's drivers now in a session here; the pool holds twice as many as connectors.
    const inUse = new Set<string>();
    const scheduleNext = () => {
      if (this.stopping) return;
      const timer = this.options.clock.setTimeout(() => {
        this.sessionTimers.delete(timer);
        const d = FLEET_DEFAULTS;
        const free = planned.tokens.filter((token) => !inUse.has(token.idToken));
        const token = free[Math.floor(random() * free.length)] as (typeof free)[number];
        inUse.add(token.idToken);
        const session: Promise<void> = station
          .runSession({
            connectorId: 1 + Math.floor(random() * connectors),
            idTag: token.idToken,
            idTokenType: token.type,
            durationS: d.sessionMinS + random() * (d.sessionMaxS - d.sessionMinS),
            powerW: d.sessionPowerMinW + random() * (d.sessionPowerMaxW - d.sessionPowerMinW),
            unplugAfterS: d.finishingDwellS,
          })
          .then((result) => {
            this.emit('session', planned.id, result);
          })
          .catch((error: unknown) => {
            this.emit('stationError', planned.id, error);
          })
          .finally(() => {
            this.activeSessions.delete(session);
            inUse.delete(token.idToken);
            scheduleNext();
          });
        this.activeSessions.add(session);
      }, exponential(random, meanGapMs));
      timer.unref();
      this.sessionTimers.add(timer);
    };
    scheduleNext();
  }
}
