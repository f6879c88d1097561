/**
 * The message mix booted stations of a fleet run: charging sessions as a Poisson process on the shared clock,
 * badge swipes (an Authorize without a session, as when a driver tries a card and walks away), and overrides
 * of the MeterValues and heartbeat intervals. Rates may change while the fleet runs (a profile's stages).
 */
import type { Clock, ClockTimer } from '../clock.js';
import type { IdToken } from '../protocol/id-tokens.js';
import { exponential, seededRandom } from '../random.js';
import type { VirtualStation } from '../station/station.js';
import type { SessionResult } from '../station/types.js';
import type { PlannedStation } from './plan.js';

export interface LoadMix {
  /** Authorize-only calls (badge swipes without a session) per station per simulated hour. */
  authorizePerHour?: number;
  /** MeterValues interval while charging, simulated seconds (the station's MeterValueSampleInterval). */
  meterValuesIntervalS?: number;
  /**
   * Heartbeat interval, simulated seconds. Overrides the interval the CSMS gave in its boot answer, as a
   * ChangeConfiguration / SetVariables of HeartbeatInterval would.
   */
  heartbeatIntervalS?: number;
  /**
   * A closed loop: each station sends its next Heartbeat as soon as the last is answered (OCPP-J allows one CALL in
   * flight), so the CSMS's speed sets the rate, as with k6's constant VUs. The interval heartbeat still runs beside it.
   */
  heartbeatFlood?: boolean;
}

export const LOAD_MIX_DEFAULTS = {
  sessionMinS: 20 * 60,
  sessionMaxS: 90 * 60,
  sessionPowerMinW: 7_000,
  sessionPowerMaxW: 22_000,
  finishingDwellS: 60,
} as const;

/** Salts of the per-station seeds of the session and swipe processes. */
const SESSION_SALT = 0x5e55;
const SWIPE_SALT = 0x5a1e;

interface Loop {
  planned: PlannedStation;
  sessionTimer: ClockTimer | undefined;
  /** A session of this loop is running (its end arms the next). */
  sessionBusy: boolean;
  swipeTimer: ClockTimer | undefined;
  /** Made on the first draw, from the same seed, so a station that never draws holds none. */
  sessionRandom: (() => number) | undefined;
  swipeRandom: (() => number) | undefined;
  /**
   * Tokens of this station's drivers in a session (or at the reader) now; the pool holds twice the connectors.
   * Made with the first session.
   */
  inUse: Set<string> | undefined;
  /** The heartbeat flood's next step, made once per station (undefined until the mix first floods). */
  floodStep: (() => void) | undefined;
  /** A flood call is in flight or a retry is armed: at most one loop per station. */
  flooding: boolean;
  /** The flood paused offline and waits for the station's next connection. */
  floodWaiting: boolean;
  /** Taken off (`forget`): its timers and loops end. Read by the flood on every call, cheaper than a map lookup. */
  forgotten: boolean;
}

/** A flooding station that is muted (a heartbeat-loss fault) looks again after this many real ms. */
const FLOOD_MUTED_RETRY_REAL_MS = 1_000;
/** The Heartbeat request (1.6 and 2.0.1 alike), shared by every flood call; nothing writes to a payload. */
const EMPTY_PAYLOAD = Object.freeze({});

export interface StationLoadOptions {
  clock: Clock;
  connectors: number;
  sessionsPerHour: number;
  mix: LoadMix;
  onSession: (stationId: string, result: SessionResult) => void;
  onError: (stationId: string, error: unknown) => void;
}

export class StationLoad {
  private sessionsPerHour: number;
  private mix: LoadMix;
  private readonly loops = new Map<VirtualStation, Loop>();
  private readonly active = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly options: StationLoadOptions) {
    this.sessionsPerHour = options.sessionsPerHour;
    this.mix = options.mix;
  }

  get sessionsActive(): number {
    return this.active.size;
  }

  set(sessionsPerHour: number, mix: LoadMix): void {
    this.sessionsPerHour = sessionsPerHour;
    this.mix = mix;
  }

  /** Runs the mix on a station with an Accepted boot (again after each boot: intervals; once: the processes). */
  apply(station: VirtualStation, planned: PlannedStation): void {
    if (this.stopped) return;
    const { heartbeatIntervalS, meterValuesIntervalS } = this.mix;
    if (meterValuesIntervalS !== undefined) station.config.set('MeterValueSampleInterval', String(meterValuesIntervalS), true);
    // The boot answer sets the CSMS's interval right after the 'booted' event: the override goes in after it.
    if (heartbeatIntervalS !== undefined) queueMicrotask(() => station.config.set('HeartbeatInterval', String(heartbeatIntervalS), true));
    let loop = this.loops.get(station);
    if (loop === undefined) {
      // Nothing to run (an idle fleet): no loop. One made later, when a stage adds load, draws from the same seeds.
      if (!(this.sessionsPerHour > 0) && !((this.mix.authorizePerHour ?? 0) > 0) && this.mix.heartbeatFlood !== true) return;
      loop = {
        planned,
        sessionTimer: undefined,
        sessionBusy: false,
        swipeTimer: undefined,
        sessionRandom: undefined,
        swipeRandom: undefined,
        inUse: undefined,
        floodStep: undefined,
        flooding: false,
        floodWaiting: false,
        forgotten: false,
      };
      this.loops.set(station, loop);
    }
    if (loop.sessionTimer === undefined && !loop.sessionBusy) this.nextSession(station, loop);
    if (loop.swipeTimer === undefined) this.nextSwipe(station, loop);
    if (this.mix.heartbeatFlood === true && !loop.flooding) this.flood(station, loop);
  }

  /** The station is being taken off: no new sessions or swipes on it. */
  forget(station: VirtualStation): void {
    const loop = this.loops.get(station);
    if (loop === undefined) return;
    loop.sessionTimer?.cancel();
    loop.swipeTimer?.cancel();
    loop.forgotten = true;
    this.loops.delete(station);
  }

  stop(): void {
    this.stopped = true;
    for (const station of [...this.loops.keys()]) this.forget(station);
  }

  /** Resolves once every session the fleet started has its result. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.active]);
  }

  private nextSession(station: VirtualStation, loop: Loop): void {
    const perHour = this.sessionsPerHour;
    loop.sessionTimer = undefined;
    if (this.stopped || !(perHour > 0) || this.loops.get(station) !== loop) return;
    const random = (loop.sessionRandom ??= seededRandom(loop.planned.seed ^ SESSION_SALT));
    const timer = this.options.clock.setTimeout(() => {
      loop.sessionTimer = undefined;
      if (this.loops.get(station) !== loop || !(this.sessionsPerHour > 0)) return;
      const token = freeToken(loop, random);
      const d = LOAD_MIX_DEFAULTS;
      const id = loop.planned.id;
      (loop.inUse ??= new Set()).add(token.idToken);
      loop.sessionBusy = true;
      const session: Promise<void> = station
        .runSession({
          connectorId: 1 + Math.floor(random() * this.options.connectors),
          idTag: token.idToken,
          idTokenType: token.type,
          durationS: d.sessionMinS + random() * (d.sessionMaxS - d.sessionMinS),
          powerW: d.sessionPowerMinW + random() * (d.sessionPowerMaxW - d.sessionPowerMinW),
          unplugAfterS: d.finishingDwellS,
        })
        .then((result) => this.options.onSession(id, result))
        .catch((error: unknown) => this.options.onError(id, error))
        .finally(() => {
          this.active.delete(session);
          loop.inUse?.delete(token.idToken);
          loop.sessionBusy = false;
          this.nextSession(station, loop);
        });
      this.active.add(session);
    }, exponential(random, 3_600_000 / perHour));
    timer.unref();
    loop.sessionTimer = timer;
  }

  /**
   * The heartbeat flood: one Heartbeat in flight per station, the next sent from the answer's continuation (or its
   * failure's). It pauses while the station cannot send, resuming on the next connection (a plain reconnect has no
   * boot, so `apply` alone would not restart it), and looks again every second of real time while heartbeats are muted.
   */
  private flood(station: VirtualStation, loop: Loop): void {
    loop.flooding = true;
    const step = (loop.floodStep ??= () => {
      if (this.stopped || loop.forgotten || this.mix.heartbeatFlood !== true) {
        loop.flooding = false;
      } else if (!station.canSend()) {
        loop.flooding = false;
        if (!loop.floodWaiting) {
          loop.floodWaiting = true;
          station.once('connected', () => {
            loop.floodWaiting = false;
            // After the station's own on-connect work; a station that must boot first restarts from `apply`.
            queueMicrotask(() => {
              if (!loop.flooding) this.flood(station, loop);
            });
          });
        }
      } else if (station.behaviour.heartbeatMuted) {
        this.options.clock.setTimeout(step, this.options.clock.toSimMs(FLOOD_MUTED_RETRY_REAL_MS)).unref();
      } else {
        // No promise per call: the next Heartbeat goes out from the answer's own frame, as a raw client's would.
        // A Heartbeat's payload is empty in both protocols, so the dialect has nothing to spell.
        station.transport.callThen('Heartbeat', EMPTY_PAYLOAD, step, step);
      }
    });
    step();
  }

  private nextSwipe(station: VirtualStation, loop: Loop): void {
    const perHour = this.mix.authorizePerHour ?? 0;
    loop.swipeTimer = undefined;
    if (this.stopped || !(perHour > 0) || this.loops.get(station) !== loop) return;
    const random = (loop.swipeRandom ??= seededRandom(loop.planned.seed ^ SWIPE_SALT));
    const timer = this.options.clock.setTimeout(() => {
      if (this.loops.get(station) !== loop) return;
      // A card at the reader of an online station; a card in a session now is not swiped again.
      if (station.canSend()) {
        const token = freeToken(loop, random);
        station.dialect.authorize(token).catch(ignore);
      }
      this.nextSwipe(station, loop);
    }, exponential(random, 3_600_000 / perHour));
    timer.unref();
    loop.swipeTimer = timer;
  }
}

/** A swipe's answer (or its failure, already counted by the fleet's metrics) needs nothing more. */
function ignore(): void {}

function freeToken(loop: Loop, random: () => number): IdToken {
  const inUse = loop.inUse;
  const free = inUse === undefined ? loop.planned.tokens : loop.planned.tokens.filter((token) => !inUse.has(token.idToken));
  return free[Math.floor(random() * free.length)] as IdToken;
}
