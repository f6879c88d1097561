/** Waiting on a station's events with a deadline on simulated time; resolves false when the deadline passes first. */
import type { Clock } from '../clock.js';
import type { VirtualStation } from '../station/station.js';

/** Resolves true on the next accepted boot. */
export function nextAcceptedBoot(station: VirtualStation, clock: Clock, withinS: number): Promise<boolean> {
  return waitFor(clock, withinS, (done) => {
    const listener = (status: string) => {
      if (status === 'Accepted') done(true);
    };
    station.on('booted', listener);
    return () => station.off('booted', listener);
  });
}

/** Resolves true once the connector is Available and nothing holds it (at once when it already is). */
export function connectorAvailable(station: VirtualStation, connectorId: number, clock: Clock, withinS: number): Promise<boolean> {
  const isFree = () => station.connectorState(connectorId).status === 'Available' && !station.slot(connectorId)?.claim;
  if (isFree()) return Promise.resolve(true);
  return waitFor(clock, withinS, (done) => {
    const listener = (id: number) => {
      if (id === connectorId && isFree()) done(true);
    };
    station.on('status', listener);
    return () => station.off('status', listener);
  });
}

function waitFor(clock: Clock, withinS: number, subscribe: (done: (value: boolean) => void) => () => void): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    let unsubscribe = () => {};
    const timer = clock.setTimeout(() => finish(false), withinS * 1_000);
    function finish(value: boolean): void {
      if (settled) return;
      settled = true;
      timer.cancel();
      unsubscribe();
      resolve(value);
    }
    unsubscribe = subscribe(finish);
    if (settled) unsubscribe();
  });
}
