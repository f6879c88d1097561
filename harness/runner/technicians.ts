/** Sends the simulated field technician whenever the CSMS opens a work order, with the scenario's travel and repair times. */
import type { ActiveFaults } from '../../simulator/faults/active-faults.js';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import { dispatch } from '../../simulator/technician/dispatch.js';
import type { TechnicianEvent } from '../../simulator/technician/types.js';
import { connectorStatuses } from './connector-status.js';
import type { ObservationLog } from './observations.js';
import type { ScenarioFleet } from './scenario-fleet.js';
import type { TechnicianSpec } from './scenario/model.js';
import type { TrackedClock } from './tracked-clock.js';

export interface TechnicianDeps {
  log: ObservationLog;
  fleet: ScenarioFleet;
  technician: TechnicianSpec;
  protocol: OcppProtocol;
  clock: TrackedClock;
  activeFaults: ActiveFaults;
}

export function dispatchTechnicians({ log, fleet, technician, protocol, clock, activeFaults }: TechnicianDeps): void {
  const sent = new Set<string>();
  let seen = 0;
  log.on('changed', () => {
    // Only work orders observed since the last change; each is dispatched once.
    for (; seen < log.workOrders.length; seen++) {
      const order = log.workOrders[seen];
      if (!order || order.change !== 'opened' || sent.has(order.id)) continue;
      sent.add(order.id);
      const station = fleet.has(order.stationId) ? fleet.station(order.stationId) : undefined;
      if (!station) {
        log.warn(`work order ${order.id} is for ${order.stationId}, which is not in the scenario's fleet: no technician sent`);
        continue;
      }
      const visit = dispatch(
        { stationId: order.stationId, workOrderId: order.id, part: order.part, ...(order.connectorId !== undefined ? { connectorId: order.connectorId } : {}) },
        station,
        { clock, activeFaults, travelTimeS: technician.travelMs / 1_000, repairTimeS: technician.repairMs / 1_000, testSession: technician.testSession },
      );
      visit.on('event', (event) => {
        const statuses = event.type === 'technician-left' ? { statuses: connectorStatuses(station, protocol) } : {};
        log.technicianEvent({ type: event.type, stationId: event.stationId, workOrderId: event.workOrderId, atMs: log.relative(event.atMs), ...statuses }, describe(event));
      });
      visit.done.catch((error: unknown) => log.warn(`technician visit for ${order.id} failed: ${(error as Error).message}`));
    }
  });
}

function describe(event: TechnicianEvent): string {
  switch (event.type) {
    case 'technician-arrived':
      return `technician arrived at ${event.stationId} for ${event.workOrderId}`;
    case 'technician-repaired':
      return `technician repaired ${event.stationId} (${event.clearedFaults.map((f) => f.kind).join(', ') || 'nothing to clear'}) and power-cycled it`;
    case 'technician-recommissioned':
      return `technician put ${event.stationId} connector ${event.connectorIds.join(', ')} back in service`;
    case 'technician-test-session':
      return `technician's test session on ${event.stationId} ${event.result.ok ? `delivered ${Math.round(event.result.energyWh)} Wh` : `failed: ${event.result.reason}`}`;
    case 'technician-left':
      return `technician left ${event.stationId} (${event.backOnline ? 'back online' : 'not back online'}${event.testPassed === undefined ? '' : event.testPassed ? ', test passed' : ', test failed'})`;
  }
}
