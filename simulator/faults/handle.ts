/**
 * The active-fault handle every fault returns. It owns the fault's timers and station listeners, so
 * clearing a fault (for whatever reason) stops everything it was doing before the station is restored.
 */
import { EventEmitter } from 'node:events';
import type { Clock } from '../clock.js';
import type { VirtualStation } from '../station/station.js';
import type { StationEvents } from '../station/types.js';
import type { ActiveFault, ActiveFaultEvents, ClearingRule, ClearReason, FaultClearance, ResolvedTargets } from './types.js';

let nextFaultNumber = 0;

export interface FaultHandleInit {
  kind: string;
  targets: ResolvedTargets;
  clearingRule: ClearingRule;
  clock: Clock;
  /** Undoes the fault on the station(s); runs once, after the fault's timers and listeners are gone. */
  restore?: (reason: ClearReason) => void;
}

export class FaultHandle extends EventEmitter<ActiveFaultEvents> implements ActiveFault {
  readonly id: string;
  readonly kind: string;
  readonly stationIds: readonly string[];
  readonly connectorId: number | undefined;
  readonly clearingRule: ClearingRule;
  readonly injectedAtMs: number;
  readonly cleared: Promise<FaultClearance>;
  private readonly clock: Clock;
  private readonly restore: ((reason: ClearReason) => void) | undefined;
  private readonly cleanups: (() => void)[] = [];
  private resolveCleared!: (clearance: FaultClearance) => void;
  private ended: FaultClearance | undefined;

  constructor(init: FaultHandleInit) {
    super();
    this.id = `${init.kind}#${++nextFaultNumber}`;
    this.kind = init.kind;
    this.stationIds = init.targets.stations.map((station) => station.id);
    this.connectorId = init.targets.connectorId;
    this.clearingRule = init.clearingRule;
    this.clock = init.clock;
    this.injectedAtMs = init.clock.now();
    this.restore = init.restore;
    this.cleared = new Promise((resolve) => (this.resolveCleared = resolve));
  }

  get active(): boolean {
    return this.ended === undefined;
  }

  get clearance(): FaultClearance | undefined {
    return this.ended;
  }

  clear(reason: ClearReason): void {
    if (this.ended) return;
    const clearance: FaultClearance = { reason, atMs: this.clock.now() };
    this.ended = clearance;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.restore?.(reason);
    this.emit('cleared', clearance);
    this.resolveCleared(clearance);
  }

  /** Runs `fn` after `simMs` simulated ms unless the fault is cleared first. Unref'd: a forgotten fault never holds the process. */
  after(simMs: number, fn: () => void): void {
    if (this.ended) return;
    const timer = this.clock.setTimeout(() => {
      this.drop(cancel);
      if (!this.ended) fn();
    }, Math.max(0, simMs));
    timer.unref();
    const cancel = () => timer.cancel();
    this.cleanups.push(cancel);
  }

  /** Listens to a station event while the fault is active. */
  listen<E extends keyof StationEvents>(station: VirtualStation, event: E, listener: (...args: StationEvents[E]) => void): void {
    if (this.ended) return;
    // The station's emitter is typed per event; its generic `on` signature needs the widened listener.
    const wrapped = listener as (...args: unknown[]) => void;
    (station.on as (e: E, l: (...args: unknown[]) => void) => VirtualStation)(event, wrapped);
    this.cleanups.push(() => (station.off as (e: E, l: (...args: unknown[]) => void) => VirtualStation)(event, wrapped));
  }

  /** Registers cleanup for anything else the fault set up. */
  onCleanup(fn: () => void): void {
    if (this.ended) fn();
    else this.cleanups.push(fn);
  }

  private drop(cleanup: () => void): void {
    const index = this.cleanups.indexOf(cleanup);
    if (index >= 0) this.cleanups.splice(index, 1);
  }
}
