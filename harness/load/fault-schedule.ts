/**
 * Scheduled faults of a load run: each is injected at its real time into the station planned at its index
 * (simulator/faults/registry.ts), and recorded with the time it really went in, so a detection watcher can
 * match the issue the CSMS raises. A fault due while its station is offline is recorded with the reason.
 */
import type { Clock } from '../../simulator/clock.js';
import type { Fleet } from '../../simulator/fleet/fleet.js';
import { injectFault, isFaultKind, validateFaultParams, type FaultKind } from '../../simulator/faults/registry.js';
import type { ActiveFault } from '../../simulator/faults/types.js';
import type { InjectedFault, ScheduledFault } from './result.js';

/** The first problem of a schedule, or undefined: kinds, parameters and station indexes. */
export function checkFaults(faults: readonly ScheduledFault[], stations: number): string | undefined {
  for (const [i, fault] of faults.entries()) {
    const where = `fault ${i + 1} (${fault.kind})`;
    if (!isFaultKind(fault.kind)) return `${where}: unknown fault kind`;
    if (!(Number.isFinite(fault.atMs) && fault.atMs >= 0)) return `${where}: atMs must be 0 or more, got ${fault.atMs}`;
    if (!Number.isInteger(fault.stationIndex) || fault.stationIndex < 0 || fault.stationIndex >= stations) {
      return `${where}: stationIndex must be a whole number from 0 to ${stations - 1}, got ${fault.stationIndex}`;
    }
    const checked = validateFaultParams(fault.kind, fault.params);
    if (!checked.ok) return `${where}: ${checked.problems.map((p) => `${p.path || 'params'} ${p.message}`).join('; ')}`;
  }
  return undefined;
}

export interface FaultScheduleContext {
  fleet: Fleet;
  clock: Clock;
  /** performance.now() at the start of the run. */
  began: number;
  /** The fleet position of the station at a fault's run index (a shard's fleet holds some stations); default the same. */
  positionOf?: (stationIndex: number) => number | undefined;
  onInjected: (fault: InjectedFault) => void;
}

export class FaultSchedule {
  readonly injected: InjectedFault[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly active: ActiveFault[] = [];

  constructor(
    private readonly faults: readonly ScheduledFault[],
    private readonly ctx: FaultScheduleContext,
  ) {}

  start(): void {
    for (const fault of this.faults) this.arm(fault);
  }

  /** Always through a timer (a fault at 0 ms goes in after the first stage started its stations); Node's timers
   *  may fire up to a millisecond before performance.now() says the time has come, so the rest is waited again. */
  private arm(fault: ScheduledFault): void {
    const dueInMs = Math.max(0, fault.atMs - (performance.now() - this.ctx.began));
    this.timers.push(
      setTimeout(() => {
        if (performance.now() - this.ctx.began < fault.atMs) this.arm(fault);
        else this.inject(fault);
      }, Math.ceil(dueInMs)),
    );
  }

  /** No more injections; faults still active end (their timers would outlive the run). */
  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    for (const fault of this.active) fault.clear('manual');
  }

  private inject(fault: ScheduledFault): void {
    const position = this.ctx.positionOf ? this.ctx.positionOf(fault.stationIndex) : fault.stationIndex;
    const station = position === undefined ? undefined : this.ctx.fleet.stationAt(position);
    const record: InjectedFault = {
      atMs: Math.round(performance.now() - this.ctx.began),
      at: new Date().toISOString(),
      stationIndex: fault.stationIndex,
      ...(station !== undefined && { stationId: station.id }),
      ...(fault.connectorId !== undefined && { connectorId: fault.connectorId }),
      kind: fault.kind,
      expectedIssue: fault.expectedIssue,
    };
    if (station === undefined) {
      record.error = `no station online at index ${fault.stationIndex}`;
    } else {
      const kind = fault.kind as FaultKind;
      const checked = validateFaultParams(kind, fault.params);
      try {
        if (!checked.ok) throw new Error(checked.problems.map((p) => p.message).join('; '));
        this.active.push(injectFault(kind, { stations: [station], connectorId: fault.connectorId }, checked.params, { clock: this.ctx.clock }));
      } catch (error) {
        record.error = error instanceof Error ? error.message : String(error);
      }
    }
    this.injected.push(record);
    this.ctx.onInjected(record);
  }
}
