/**
 * The real bundled CSMS with its desk, and real VirtualStations over sockets, on one ScaledClock.
 * Every wait is an event wait bounded by a simulated duration taken from the configuration, converted to
 * real time by the clock, plus SLACK_REAL_MS for socket round trips and a loaded event loop.
 */
import type { Csms } from '../../../harness/csms/server.js';
import type { Desk } from '../../../harness/desk/desk.js';
import { startReferenceCsms, type ReferenceCsmsOptions } from '../../../harness/reference-csms.js';
import type { CsmsEvent, CsmsEventOf, CsmsEventType } from '../../../harness/csms/events.js';
import type { DeskConfigInput } from '../../../harness/desk/config.js';
import { ScaledClock } from '../../../simulator/clock.js';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import { VirtualStation } from '../../../simulator/station/station.js';

/** A heartbeat every 60 simulated s; 120× makes that one every 0.5 real s and the 3-interval silence threshold 1.5 real s. */
export const HEARTBEAT_S = 60;
export const TIME_SCALE = 120;
/** Real time allowed on top of a simulated bound for sockets, SQLite and other tests sharing the CPU. */
export const SLACK_REAL_MS = 2_000;

/** Shorter than the defaults so each test takes seconds; the tests read every threshold back from here. */
export const TEST_DESK_CONFIG = {
  detector: { stuckFinishingMs: 120_000 },
  playbook: { verifyAvailableWithinMs: { 'trigger-status': 60_000, 'unlock-connector': 60_000, 'soft-reset': 60_000, 'hard-reset': 60_000 } },
} satisfies DeskConfigInput;

export interface StationHandle {
  station: VirtualStation;
  /** CALLs the CSMS sent to this station, as the station saw them. */
  commands: { action: string; payload: Record<string, unknown>; atSimMs: number }[];
}

export class DeskRig {
  readonly events: CsmsEvent[] = [];
  private readonly stations: VirtualStation[] = [];

  private constructor(
    readonly csms: Csms,
    private readonly runningDesk: Desk | undefined,
    readonly clock: ScaledClock,
  ) {
    csms.onAny((event) => this.events.push(event));
  }

  /** `startEpochMs`: where simulated time starts (a restarted CSMS continues the first one's time). */
  static async start(options: Omit<ReferenceCsmsOptions, 'clock'> & { deskConfig?: DeskConfigInput; startEpochMs?: number } = {}): Promise<DeskRig> {
    const { deskConfig, startEpochMs, ...rest } = options;
    const clock = new ScaledClock({ timeScale: TIME_SCALE, ...(startEpochMs !== undefined ? { startEpochMs } : {}) });
    // Strict by default: our own stations must break no protocol rule (close() checks).
    const { csms, desk } = await startReferenceCsms({ heartbeatIntervalS: HEARTBEAT_S, desk: { config: deskConfig ?? TEST_DESK_CONFIG }, strict: true, ...rest, clock });
    return new DeskRig(csms, desk, clock);
  }

  get desk() {
    const desk = this.runningDesk;
    if (!desk) throw new Error('the rig runs a CSMS without its desk');
    return desk;
  }

  /** The first event of `type` matching `predicate`, past or future, within `withinSimMs` (+ slack). */
  waitFor<T extends CsmsEventType>(type: T, predicate: (event: CsmsEventOf<T>) => boolean, withinSimMs: number, what = type): Promise<CsmsEventOf<T>> {
    const seen = this.events.find((e): e is CsmsEventOf<T> => e.type === type && predicate(e as CsmsEventOf<T>));
    if (seen) return Promise.resolve(seen);
    const realMs = this.clock.toRealMs(withinSimMs) + SLACK_REAL_MS;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no ${what} within ${withinSimMs} simulated ms (+${SLACK_REAL_MS} real ms)`));
      }, realMs);
      const off = this.csms.on(type, (event) => {
        if (!predicate(event)) return;
        clearTimeout(timer);
        off();
        resolve(event);
      });
    });
  }

  /** Lets `simMs` of simulated time pass (for "nothing happens" checks: the bound comes from a threshold). */
  async pass(simMs: number): Promise<void> {
    await this.clock.sleep(simMs);
  }

  of<T extends CsmsEventType>(type: T, predicate: (event: CsmsEventOf<T>) => boolean = () => true): CsmsEventOf<T>[] {
    return this.events.filter((e): e is CsmsEventOf<T> => e.type === type && predicate(e as CsmsEventOf<T>));
  }

  /** Connects a station and waits until it is accepted and the CSMS has every connector's status. */
  async station(id: string, protocol: OcppProtocol, connectors = 2): Promise<StationHandle> {
    const station = new VirtualStation({
      id,
      siteId: id.slice(0, id.indexOf('-CP')),
      protocol,
      csmsUrl: this.csms.ocppUrl,
      clock: this.clock,
      connectors,
      // Fast, seeded reconnects: a reconnect must land well inside the 3-heartbeat silence threshold.
      transport: { reconnectBaseMs: 100, reconnectMaxMs: 500 },
    });
    this.stations.push(station);
    const handle: StationHandle = { station, commands: [] };
    station.on('command', (action, payload) => handle.commands.push({ action, payload, atSimMs: this.clock.now() }));
    const statuses = Array.from({ length: connectors }, (_, i) =>
      this.waitFor('status', (e) => e.stationId === id && e.connectorId === (protocol === 'ocpp1.6' ? i + 1 : 1) && (protocol === 'ocpp1.6' || e.evseId === i + 1), HEARTBEAT_S * 1_000),
    );
    await station.start();
    await Promise.all(statuses);
    return handle;
  }

  /**
   * Stops the stations and the CSMS, then fails if any station broke a protocol rule of the strict CSMS: a
   * violation by our own stations is a station bug, whatever the test was about.
   */
  async close(): Promise<void> {
    await Promise.allSettled(this.stations.map((s) => s.stop()));
    const violations = this.csms.store.violations();
    await this.csms.close();
    if (violations.length > 0) {
      throw new Error(`stations broke protocol rules:\n${violations.map((v) => `${v.stationId} ${v.rule} ${v.action}: ${v.message}`).join('\n')}`);
    }
  }
}

export function commandNames(handle: StationHandle): string[] {
  return handle.commands.map((c) => c.action);
}
