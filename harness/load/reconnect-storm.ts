/**
 * A stage's reconnect storm (StageSpec.disconnect): when the stage starts, `share` of the stations online with an
 * open connection lose it, spread evenly over `spreadMs` real ms, and each reconnects `offlineMs` after its own
 * drop. A plain reconnect (offline queue replay and statuses, no BootNotification): the drop is the simulation's
 * own (`droppedBySimulation`), not a disconnect the run fails on (nor one whose recovery time is measured).
 * Which stations drop is taken evenly across the plan order, so a 50% storm hits every other station.
 */
import type { Fleet } from '../../simulator/fleet/fleet.js';
import type { StageSpec } from './result.js';

export class ReconnectStorms {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;
  /** Stations dropped so far, over all storms (for tests and the log). */
  dropped = 0;

  constructor(private readonly fleet: Fleet) {}

  start(spec: NonNullable<StageSpec['disconnect']>): void {
    const open: number[] = [];
    for (let index = 0; index < this.fleet.size; index++) {
      if (this.fleet.stationAt(index)?.transport.state === 'open') open.push(index);
    }
    const count = Math.round(open.length * Math.min(1, Math.max(0, spec.share)));
    for (let k = 0; k < count; k++) {
      // Evenly across the open stations: k * n / count picks every (n/count)-th one.
      const index = open[Math.floor((k * open.length) / count)] as number;
      const atMs = count <= 1 ? 0 : (spec.spreadMs * k) / (count - 1);
      this.later(atMs, () => this.drop(index, spec.offlineMs));
    }
  }

  /** Cancels drops and reconnects still to come (the end of the run). */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private drop(index: number, offlineMs: number): void {
    const station = this.fleet.stationAt(index);
    if (station === undefined || station.transport.state !== 'open') return;
    station.transport.drop({ reconnect: false });
    this.dropped++;
    this.later(offlineMs, () => {
      // Only the same station, still online in the fleet (a ramp-down may have taken it off meanwhile).
      if (this.fleet.stationAt(index) !== station) return;
      station.transport.connect().catch(() => {});
    });
  }

  private later(ms: number, run: () => void): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) run();
    }, ms);
    this.timers.add(timer);
  }
}
