/** Read views of the playbook's tickets: copies, so a reader may keep them while the tickets change. */
import type { TicketBook } from './ticket-book.js';
import type { EscalationRecord, Ticket, WorkOrder } from './types.js';

export function ticketCopies(book: TicketBook): Ticket[] {
  return book.all().map((t) => structuredClone(t));
}

export function openTicketCopies(book: TicketBook): Ticket[] {
  return book.openTickets().map((t) => structuredClone(t));
}

export function ticketCopyForIssue(book: TicketBook, issueId: string): Ticket | undefined {
  const ticket = book.forIssue(issueId);
  return ticket && structuredClone(ticket);
}

/** Where a ticket is, without copying it (the CSMS labels each escalation event with it). */
export function ticketScope(book: TicketBook, ticketId: string): { stationId?: string; siteId?: string } | undefined {
  const ticket = book.get(ticketId);
  if (!ticket) return undefined;
  return { ...(ticket.stationId !== undefined ? { stationId: ticket.stationId } : {}), ...(ticket.siteId !== undefined ? { siteId: ticket.siteId } : {}) };
}

export function workOrderCopies(book: TicketBook): WorkOrder[] {
  return book.allWorkOrders().map((wo) => structuredClone(wo));
}

export function escalationCopies(book: TicketBook): EscalationRecord[] {
  return book.all().flatMap((t) => t.escalations.map((e) => ({ ...e })));
}
