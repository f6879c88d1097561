/**
 * Closes work orders on proof, never on trust: a status event showing the connector (any connector, for a
 * station-wide visit) Available after the work order opened. A reboot loop shows Available between
 * reboots, so its work order needs the issue resolved too (a quiet window) before that proof counts.
 */
import type { Clock } from '../../simulator/clock.js';
import type { CsmsEvent } from '../csms/events.js';
import { isOnConnector } from './recovery-watch.js';
import type { TicketBook } from './ticket-book.js';
import type { Ticket, WorkOrder } from './types.js';

type Proof = NonNullable<WorkOrder['verifiedBy']>;

export class WorkOrderCloser {
  /** Available seen since opening, for work orders still waiting for their issue to resolve. */
  private readonly availableSince = new Map<string, Proof>();

  constructor(
    private readonly clock: Clock,
    private readonly book: TicketBook,
  ) {}

  /** Returns the tickets whose work orders closed, so the caller can see whether they are done. */
  statusSeen(event: CsmsEvent & { type: 'status' }): Ticket[] {
    const touched = new Set<Ticket>();
    for (const workOrder of this.book.openWorkOrdersAt(event.stationId)) {
      const scope = {
        stationId: workOrder.stationId,
        ...(workOrder.evseId !== undefined ? { evseId: workOrder.evseId } : {}),
        ...(workOrder.connectorId !== undefined ? { connectorId: workOrder.connectorId } : {}),
      };
      const ticket = this.book.get(workOrder.ticketId);
      if (!ticket || !isOnConnector(event, scope)) continue;
      if (event.status !== 'Available') {
        this.availableSince.delete(workOrder.id);
        continue;
      }
      const proof: Proof = { seq: event.seq, at: event.at, connectorId: event.connectorId, ...(event.evseId !== undefined ? { evseId: event.evseId } : {}), status: event.status };
      if (ticket.issueType === 'reboot-loop' && ticket.issueResolvedAt === undefined) {
        this.availableSince.set(workOrder.id, proof);
        continue;
      }
      this.close(workOrder, proof);
      touched.add(ticket);
    }
    return [...touched];
  }

  /** The ticket's issue resolved: work orders that already saw their Available close now. */
  issueResolved(ticket: Ticket): void {
    for (const workOrder of this.book.openWorkOrdersOf(ticket)) {
      const proof = this.availableSince.get(workOrder.id);
      if (proof) this.close(workOrder, proof);
    }
  }

  private close(workOrder: WorkOrder, proof: Proof): void {
    this.availableSince.delete(workOrder.id);
    this.book.closeWorkOrder(workOrder, this.clock.now(), proof);
  }
}
