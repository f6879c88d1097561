/**
 * A simulated field technician: travels to the station, repairs it (clears the station's faults through
 * their own handles and power-cycles it), puts a connector taken out of service back in service, proves
 * the repair with a test session, and leaves. Every step is
 * a timestamped event on the visit, and the whole visit runs on the shared simulated clock.
 *
 *   const visit = dispatch({ stationId, connectorId: 1, workOrderId: 'WO-7', part: 'RCD module' }, station,
 *     { clock, activeFaults, travelTimeS: 3600, repairTimeS: 1800, testSession: true });
 *   visit.on('technician-repaired', (event) => ...);
 *   const report = await visit.done;
 */
import { EventEmitter } from 'node:events';
import type { VirtualStation } from '../station/station.js';
import type { SessionResult } from '../station/types.js';
import { TECHNICIAN_DEFAULTS } from './defaults.js';
import { connectorAvailable, nextAcceptedBoot } from './station-waits.js';
import type { ClearedFaultRef, DispatchOptions, TechnicianEvent, TechnicianEventType, VisitReport, VisitOrder } from './types.js';

type VisitEvents = { [T in TechnicianEventType]: [event: Extract<TechnicianEvent, { type: T }>] } & { event: [event: TechnicianEvent] };

type EventInput = TechnicianEvent extends infer E ? (E extends TechnicianEvent ? Omit<E, 'stationId' | 'workOrderId' | 'atMs' | 'connectorId' | 'part'> : never) : never;

export class TechnicianVisit extends EventEmitter<VisitEvents> {
  /** The visit's events so far, oldest first. */
  readonly events: TechnicianEvent[] = [];
  readonly done: Promise<VisitReport>;

  constructor(
    readonly order: VisitOrder,
    private readonly station: VirtualStation,
    private readonly options: DispatchOptions,
  ) {
    super();
    if (station.id !== order.stationId) throw new RangeError(`work order ${order.workOrderId} is for ${order.stationId}, not ${station.id}`);
    for (const [name, value] of [
      ['travelTimeS', options.travelTimeS],
      ['repairTimeS', options.repairTimeS],
    ] as const) {
      if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name}: ${value} is not allowed, expected a number >= 0`);
    }
    this.done = this.run();
  }

  private async run(): Promise<VisitReport> {
    const { clock, travelTimeS, repairTimeS } = this.options;
    await clock.sleep(travelTimeS * 1_000);
    this.record({ type: 'technician-arrived' });
    await clock.sleep(repairTimeS * 1_000);
    const clearedFaults = this.repair();
    this.recommission();
    const backOnline = await nextAcceptedBoot(this.station, clock, this.options.backOnlineWithinS ?? TECHNICIAN_DEFAULTS.backOnlineWithinS);
    let testPassed: boolean | undefined;
    if (this.options.testSession && backOnline) {
      const result = await this.testSession();
      testPassed = result.ok && result.energyWh > 0;
      this.record({ type: 'technician-test-session', result });
    }
    this.record({ type: 'technician-left', backOnline, testPassed });
    return { workOrderId: this.order.workOrderId, stationId: this.order.stationId, events: [...this.events], clearedFaults, backOnline, testPassed };
  }

  /**
   * Switches the station off, fixes what a field visit can fix, and switches it on again: the faults are
   * cleared while the station is down, so it comes back reporting the repaired state.
   */
  private repair(): ClearedFaultRef[] {
    const { stationId, connectorId } = this.order;
    this.station.powerCycle();
    const cleared = this.options.activeFaults.clearStation(stationId, 'technician', {
      technicianOnly: true,
      ...(connectorId !== undefined && { connectorId }),
    });
    const clearedFaults = cleared.map((fault) => ({ id: fault.id, kind: fault.kind }));
    this.record({ type: 'technician-repaired', clearedFaults });
    return clearedFaults;
  }

  /**
   * Puts the repaired connector (or, for a station-wide order, every connector) back in service on site, as
   * field staff do: one the desk made Inoperative would otherwise stay Unavailable and no test session could
   * run. The station is rebooting at this moment, so it announces the new status when it is back.
   */
  private recommission(): void {
    const { connectorId } = this.order;
    const slots = connectorId !== undefined ? [this.station.slot(connectorId)] : [...this.station.slots()];
    const connectorIds: number[] = [];
    for (const slot of slots) {
      if (!slot || slot.connector.operative) continue;
      slot.connector.operative = true;
      this.station.settle(slot);
      connectorIds.push(slot.connector.id);
    }
    if (connectorIds.length > 0) this.record({ type: 'technician-recommissioned', connectorIds });
  }

  private async testSession(): Promise<SessionResult> {
    const connectorId = this.order.connectorId ?? 1;
    const { clock } = this.options;
    const available = await connectorAvailable(this.station, connectorId, clock, this.options.availableWithinS ?? TECHNICIAN_DEFAULTS.availableWithinS);
    if (!available) return { ok: false, reason: `connector ${connectorId} is ${this.station.connectorState(connectorId).status}, not Available` };
    return this.station.runSession({
      connectorId,
      idTag: this.options.idTag ?? TECHNICIAN_DEFAULTS.idTag,
      durationS: this.options.testSessionS ?? TECHNICIAN_DEFAULTS.testSessionS,
      powerW: TECHNICIAN_DEFAULTS.testSessionPowerW,
    });
  }

  private record(input: EventInput): void {
    const { stationId, workOrderId, connectorId, part } = this.order;
    const event = {
      ...input,
      stationId,
      workOrderId,
      ...(connectorId !== undefined && { connectorId }),
      ...(part !== undefined && { part }),
      atMs: this.options.clock.now(),
    } as TechnicianEvent;
    this.events.push(event);
    // One event object goes out under its own type and under 'event' (a listener for the whole timeline).
    const emit = this.emit as (name: string, event: TechnicianEvent) => boolean;
    emit.call(this, event.type, event);
    emit.call(this, 'event', event);
  }
}

/** Sends a technician to `station` for `order`; the visit starts at once and reports through events. */
export function dispatch(order: VisitOrder, station: VirtualStation, options: DispatchOptions): TechnicianVisit {
  return new TechnicianVisit(order, station, options);
}
