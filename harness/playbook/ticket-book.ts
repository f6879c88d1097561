/**
 * Tickets and work orders in memory, one ticket per issue. Every change goes through here and is handed
 * to the sink (events and store), so nothing changes unannounced.
 */
import type { Issue } from '../detector/types.js';
import type { EscalationTarget } from '../issues/teams.js';
import type {
  ActionRecord,
  Change,
  EscalationRecord,
  MessageLogExcerpt,
  Ticket,
  TicketResolution,
  WorkOrder,
} from './types.js';

export interface TicketSink {
  ticket(ticket: Ticket, change: Change): void;
  workOrder(workOrder: WorkOrder, change: Change): void;
  escalation(escalation: EscalationRecord): void;
  action(action: ActionRecord): void;
  /** The action's verification result came in after it was announced. */
  actionUpdated(action: ActionRecord): void;
}

export interface WorkOrderDraft {
  part: string;
  reason: string;
  at: number;
  technicianDueAt: number;
  messageLog: MessageLogExcerpt;
}

function numberOf(id: string): number {
  const n = Number(id.slice(id.lastIndexOf('-') + 1));
  return Number.isFinite(n) ? n : 0;
}

export class TicketBook {
  private readonly tickets = new Map<string, Ticket>();
  private readonly byIssue = new Map<string, Ticket>();
  private readonly workOrders = new Map<string, WorkOrder>();
  /** Checked on every status event of the fleet, so indexed by station. */
  private readonly openWorkOrdersByStation = new Map<string, Set<WorkOrder>>();
  private nextTicket = 1;
  private nextWorkOrder = 1;
  private nextEscalation = 1;
  private nextAction = 1;

  constructor(private readonly sink: TicketSink) {}

  open(issue: Issue, at: number, part: string | undefined, messageLog: MessageLogExcerpt): Ticket {
    const ticket: Ticket = {
      id: `T-${this.nextTicket++}`,
      issueId: issue.id,
      issueType: issue.type,
      issueCode: issue.code,
      severity: issue.severity,
      issue,
      ...(issue.stationId !== undefined ? { stationId: issue.stationId } : {}),
      ...(issue.evseId !== undefined ? { evseId: issue.evseId } : {}),
      ...(issue.connectorId !== undefined ? { connectorId: issue.connectorId } : {}),
      ...(issue.siteId !== undefined ? { siteId: issue.siteId } : {}),
      status: 'open',
      assignedTo: 'desk',
      ...(part !== undefined ? { part } : {}),
      openedAt: at,
      actions: [],
      escalations: [],
      workOrderIds: [],
      messageLog,
      notes: [],
    };
    this.index(ticket);
    this.sink.ticket(ticket, 'opened');
    return ticket;
  }

  forIssue(issueId: string): Ticket | undefined {
    return this.byIssue.get(issueId);
  }

  get(ticketId: string): Ticket | undefined {
    return this.tickets.get(ticketId);
  }

  all(): Ticket[] {
    return [...this.tickets.values()];
  }

  openTickets(): Ticket[] {
    return this.all().filter((t) => t.status === 'open');
  }

  allWorkOrders(): WorkOrder[] {
    return [...this.workOrders.values()];
  }

  openWorkOrdersAt(stationId: string): WorkOrder[] {
    const set = this.openWorkOrdersByStation.get(stationId);
    return set ? [...set] : [];
  }

  openWorkOrdersOf(ticket: Ticket): WorkOrder[] {
    return ticket.workOrderIds.map((id) => this.workOrders.get(id)).filter((wo): wo is WorkOrder => wo?.status === 'open');
  }

  /** Changes that need no announcement of their own (the issue snapshot, notes) are saved as an update. */
  update(ticket: Ticket, change: (ticket: Ticket) => void): void {
    change(ticket);
    this.sink.ticket(ticket, 'updated');
  }

  addAction(ticket: Ticket, draft: Omit<ActionRecord, 'id' | 'issueId' | 'ticketId'>): ActionRecord {
    const action: ActionRecord = { id: `A-${this.nextAction++}`, issueId: ticket.issueId, ticketId: ticket.id, ...draft };
    ticket.actions.push(action);
    this.sink.action(action);
    this.sink.ticket(ticket, 'updated');
    return action;
  }

  markVerified(ticket: Ticket, action: ActionRecord, verified: boolean): void {
    action.verified = verified;
    this.sink.actionUpdated(action);
    this.sink.ticket(ticket, 'updated');
  }

  escalate(ticket: Ticket, target: EscalationTarget, reason: string, at: number, accountManagerInformed = false): EscalationRecord {
    const escalation: EscalationRecord = {
      id: `E-${this.nextEscalation++}`,
      issueId: ticket.issueId,
      ticketId: ticket.id,
      target,
      reason,
      at,
      ...(accountManagerInformed ? { accountManagerInformed: true } : {}),
    };
    ticket.escalations.push(escalation);
    ticket.assignedTo = target;
    this.sink.escalation(escalation);
    this.sink.ticket(ticket, 'updated');
    return escalation;
  }

  openWorkOrder(ticket: Ticket, draft: WorkOrderDraft): WorkOrder {
    const workOrder: WorkOrder = {
      id: `WO-${this.nextWorkOrder++}`,
      ticketId: ticket.id,
      issueId: ticket.issueId,
      stationId: ticket.stationId ?? '',
      ...(ticket.evseId !== undefined ? { evseId: ticket.evseId } : {}),
      ...(ticket.connectorId !== undefined && ticket.connectorId !== 0 ? { connectorId: ticket.connectorId } : {}),
      ...(ticket.siteId !== undefined ? { siteId: ticket.siteId } : {}),
      part: draft.part,
      reason: draft.reason,
      status: 'open',
      openedAt: draft.at,
      technicianDueAt: draft.technicianDueAt,
      actionsTried: ticket.actions.map((a) => ({ ...a })),
      messageLog: draft.messageLog,
    };
    this.indexWorkOrder(workOrder);
    ticket.workOrderIds.push(workOrder.id);
    this.sink.workOrder(workOrder, 'opened');
    this.sink.ticket(ticket, 'updated');
    return workOrder;
  }

  updateWorkOrder(workOrder: WorkOrder, change: (workOrder: WorkOrder) => void): void {
    change(workOrder);
    this.sink.workOrder(workOrder, 'updated');
  }

  closeWorkOrder(workOrder: WorkOrder, at: number, verifiedBy: NonNullable<WorkOrder['verifiedBy']>): void {
    workOrder.status = 'closed';
    workOrder.closedAt = at;
    workOrder.verifiedBy = verifiedBy;
    this.openWorkOrdersByStation.get(workOrder.stationId)?.delete(workOrder);
    this.sink.workOrder(workOrder, 'closed');
  }

  close(ticket: Ticket, resolution: TicketResolution, at: number): void {
    if (ticket.status === 'closed') return;
    ticket.status = 'closed';
    ticket.resolution = resolution;
    ticket.closedAt = at;
    this.sink.ticket(ticket, 'closed');
  }

  /** Takes back persisted tickets and work orders without announcing them; ids continue after the highest. */
  restore(tickets: readonly Ticket[], workOrders: readonly WorkOrder[]): void {
    for (const ticket of tickets) {
      this.index(ticket);
      this.nextTicket = Math.max(this.nextTicket, numberOf(ticket.id) + 1);
      for (const escalation of ticket.escalations) this.nextEscalation = Math.max(this.nextEscalation, numberOf(escalation.id) + 1);
      for (const action of ticket.actions) this.nextAction = Math.max(this.nextAction, numberOf(action.id) + 1);
    }
    for (const workOrder of workOrders) {
      this.indexWorkOrder(workOrder);
      this.nextWorkOrder = Math.max(this.nextWorkOrder, numberOf(workOrder.id) + 1);
    }
  }

  private indexWorkOrder(workOrder: WorkOrder): void {
    this.workOrders.set(workOrder.id, workOrder);
    if (workOrder.status !== 'open') return;
    let set = this.openWorkOrdersByStation.get(workOrder.stationId);
    if (!set) {
      set = new Set();
      this.openWorkOrdersByStation.set(workOrder.stationId, set);
    }
    set.add(workOrder);
  }

  private index(ticket: Ticket): void {
    this.tickets.set(ticket.id, ticket);
    this.byIssue.set(ticket.issueId, ticket);
  }
}
