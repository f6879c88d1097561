/**
 * The active faults of a fleet, per station: a technician clears a station's faults through their own
 * handles, so a cleared fault also stops its timers and listeners. A cleared fault leaves the registry.
 */
import { EventEmitter } from 'node:events';
import type { ActiveFault, ClearReason, FaultClearance } from './types.js';

export interface ActiveFaultsEvents {
  injected: [fault: ActiveFault];
  cleared: [fault: ActiveFault, clearance: FaultClearance];
}

export interface StationFaultFilter {
  /** Only faults of this connector, plus those of the whole station. */
  connectorId?: number;
  /** Only faults a technician can clear. */
  technicianOnly?: boolean;
}

export class ActiveFaults extends EventEmitter<ActiveFaultsEvents> {
  private readonly faults = new Set<ActiveFault>();

  add(fault: ActiveFault): void {
    if (!fault.active || this.faults.has(fault)) return;
    this.faults.add(fault);
    fault.on('cleared', (clearance) => {
      this.faults.delete(fault);
      this.emit('cleared', fault, clearance);
    });
    this.emit('injected', fault);
  }

  all(): ActiveFault[] {
    return [...this.faults];
  }

  forStation(stationId: string, filter: StationFaultFilter = {}): ActiveFault[] {
    return this.all().filter(
      (fault) =>
        fault.stationIds.includes(stationId) &&
        (filter.connectorId === undefined || fault.connectorId === undefined || fault.connectorId === filter.connectorId) &&
        (!filter.technicianOnly || fault.clearingRule.technician),
    );
  }

  /** Clears the station's matching faults; returns those it cleared. */
  clearStation(stationId: string, reason: ClearReason, filter: StationFaultFilter = {}): ActiveFault[] {
    const matching = this.forStation(stationId, filter);
    for (const fault of matching) fault.clear(reason);
    return matching;
  }
}
