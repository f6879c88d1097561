/**
 * A real bundled CSMS on port 0 and real virtual stations on a fast ScaledClock: what every fault test
 * drives. Waits are derived from simulated durations through the clock (plus a fixed real-time margin
 * for sockets and the event loop), and always wait on an event, never on a guess.
 */
import type { Csms } from '../../../harness/csms/server.js';
import { startReferenceCsms, type ReferenceCsmsOptions } from '../../../harness/reference-csms.js';
import type { CsmsEventOf, CsmsEventType } from '../../../harness/csms/events.js';
import type { MessageRow } from '../../../harness/csms/store-schema.js';
import { ScaledClock } from '../../../simulator/clock.js';
import { ActiveFaults } from '../../../simulator/faults/active-faults.js';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import { VirtualStation } from '../../../simulator/station/station.js';

/** 600 simulated seconds per real second: a 60 s heartbeat is 100 real ms. */
export const TIME_SCALE = 600;
export const HEARTBEAT_S = 60;
/** Real time allowed on top of any simulated wait, for sockets, SQLite and the event loop. */
const REAL_MARGIN_MS = 3_000;

export interface Rig {
  clock: ScaledClock;
  csms: Csms;
  activeFaults: ActiveFaults;
  stations: VirtualStation[];
  /** The first station. */
  station: VirtualStation;
  close(): Promise<void>;
}

export interface RigOptions {
  protocol: OcppProtocol;
  stationIds?: string[];
  connectors?: number;
  csms?: Partial<ReferenceCsmsOptions>;
}

export async function startRig(options: RigOptions): Promise<Rig> {
  const clock = new ScaledClock({ timeScale: TIME_SCALE, startEpochMs: Date.UTC(2025, 5, 1, 18) });
  // Desk off: these tests assert what the station puts on the wire, not what the desk does about it.
  const { csms } = await startReferenceCsms({ clock, port: 0, heartbeatIntervalS: HEARTBEAT_S, desk: false, ...options.csms });
  const stations = (options.stationIds ?? ['S1-CP1']).map(
    (id, index) =>
      new VirtualStation({
        id,
        siteId: id.split('-CP')[0] ?? id,
        protocol: options.protocol,
        csmsUrl: csms.ocppUrl,
        clock,
        seed: 100 + index,
        connectors: options.connectors ?? 2,
        // Reconnect backoff is real time: keep it short so a returning network is not waited for in real seconds.
        transport: { reconnectBaseMs: 10, reconnectMaxMs: 50 },
      }),
  );
  await Promise.all(stations.map((station) => startAccepted(station)));
  const activeFaults = new ActiveFaults();
  return {
    clock,
    csms,
    activeFaults,
    stations,
    station: stations[0] as VirtualStation,
    async close() {
      for (const fault of activeFaults.all()) fault.clear('manual');
      await Promise.all(stations.map((station) => station.stop()));
      await csms.close();
    },
  };
}

export async function startAccepted(station: VirtualStation): Promise<void> {
  const accepted = new Promise<void>((resolve) => {
    const listener = (status: string) => {
      if (status !== 'Accepted') return;
      station.off('booted', listener);
      resolve();
    };
    station.on('booted', listener);
  });
  await station.start();
  await accepted;
}

/** Real milliseconds a wait of `simS` simulated seconds may take. */
export function budgetMs(clock: ScaledClock, simS: number): number {
  return clock.toRealMs(simS * 1_000) + REAL_MARGIN_MS;
}

/** Resolves with `promise`, or rejects saying what did not happen within `simS` simulated seconds. */
export function within<T>(clock: ScaledClock, simS: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not seen within ${simS} simulated seconds`)), budgetMs(clock, simS));
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** The next CSMS event of `type` matching `predicate`, within `simS` simulated seconds. Subscribe before acting. */
export function nextCsmsEvent<T extends CsmsEventType>(
  rig: Rig,
  type: T,
  predicate: (event: CsmsEventOf<T>) => boolean,
  simS: number,
): Promise<CsmsEventOf<T>> {
  return within(rig.clock, simS, `CSMS event ${type}`, rig.csms.once(type, predicate));
}

/** `count` CSMS events of `type` matching `predicate`, within `simS` simulated seconds. */
export function csmsEvents<T extends CsmsEventType>(
  rig: Rig,
  type: T,
  predicate: (event: CsmsEventOf<T>) => boolean,
  count: number,
  simS: number,
): Promise<CsmsEventOf<T>[]> {
  const seen: CsmsEventOf<T>[] = [];
  let off = () => {};
  const all = new Promise<CsmsEventOf<T>[]>((resolve) => {
    off = rig.csms.on(type, (event) => {
      if (!predicate(event)) return;
      seen.push(event);
      if (seen.length >= count) resolve(seen);
    });
  });
  return within(rig.clock, simS, `${count} CSMS ${type} events (saw ${seen.length})`, all).finally(() => off());
}

/** Inbound CALLs (station → CSMS) from the CSMS's message log, oldest first. */
export function inboundCalls(rig: Rig, stationId: string, action?: string): MessageRow[] {
  return rig.csms.store
    .messagesFor(stationId)
    .filter((row) => row.direction === 'in' && row.messageType === 2 && (action === undefined || row.action === action));
}

/** The CSMS's answers (CALLRESULT) to one action of the station, oldest first. */
export function answersTo(rig: Rig, stationId: string, action: string): Record<string, unknown>[] {
  return rig.csms.store
    .messagesFor(stationId)
    .filter((row) => row.direction === 'out' && row.messageType === 3 && row.action === action)
    .map((row) => row.payload as Record<string, unknown>);
}

export function payloadOf<T = Record<string, unknown>>(row: MessageRow | undefined): T {
  if (!row) throw new Error('expected a message, found none');
  return row.payload as T;
}

/** The simulator's connector a CSMS event is about: 2.0.1 reports EVSE n (connector 1 on it), 1.6 connector n. */
export function connectorOf(event: { connectorId: number; evseId?: number }): number {
  return event.evseId ?? event.connectorId;
}
