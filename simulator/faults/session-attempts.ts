/**
 * Drivers trying to charge, as a fault: `count` sessions per station, `spacingS` apart (the first at
 * once), each a real plug-in → Authorize → (start → stop) on a free connector. What the CSMS answers
 * decides how each one fails (a blocked token, no tariff, a token in use elsewhere); the fault only
 * makes the attempts. It ends by itself after the last attempt.
 */
import type { VirtualStation } from '../station/station.js';
import type { SessionPlan, SessionResult } from '../station/types.js';
import type { FaultHandle } from './handle.js';

export interface AttemptPlan extends Omit<SessionPlan, 'connectorId'> {
  /** Preferred connector; another free one is used when it is busy. */
  connectorId?: number;
}

export interface AttemptOptions {
  count: number;
  spacingS: number;
  plan: AttemptPlan;
  /** Called with every attempt's result (tests and reports read them). */
  onResult?: (station: VirtualStation, result: SessionResult) => void;
}

/** Runs the attempts on every station; resolves when all have ended or the fault was cleared. */
export function runAttempts(handle: FaultHandle, stations: readonly VirtualStation[], options: AttemptOptions): Promise<void> {
  return Promise.all(stations.map((station) => attemptsAt(handle, station, options))).then(() => undefined);
}

function attemptsAt(handle: FaultHandle, station: VirtualStation, options: AttemptOptions): Promise<void> {
  const running: Promise<void>[] = [];
  return new Promise<void>((resolve) => {
    const attempt = (index: number) => {
      const plan: SessionPlan = { ...options.plan, connectorId: freeConnector(station, options.plan.connectorId) };
      running.push(
        station.runSession(plan).then(
          (result) => options.onResult?.(station, result),
          () => {},
        ),
      );
      if (index + 1 >= options.count) void Promise.all(running).then(() => resolve());
      else handle.after(options.spacingS * 1_000, () => attempt(index + 1));
    };
    attempt(0);
    // A fault cleared early starts no further attempts; those already running finish on their own.
    handle.onCleanup(() => void Promise.all(running).then(() => resolve()));
  });
}

function freeConnector(station: VirtualStation, preferred: number | undefined): number {
  const first = preferred ?? 1;
  if (station.connectorState(first).status === 'Available') return first;
  const free = station.slots().find((slot) => slot.connector.status === 'Available' && !slot.claim);
  return free?.connector.id ?? first;
}
