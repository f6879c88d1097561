/**
 * Turns ticket-book changes into playbook events and store writes. Subscribers get copies: they may keep
 * what they receive, and the ticket goes on changing. A throwing subscriber or a failing write is reported,
 * never allowed to break the desk's handling half-way.
 */
import type { EventEmitter } from 'node:events';
import type { PlaybookStore } from './store.js';
import type { TicketSink } from './ticket-book.js';
import type { PlaybookEvents } from './types.js';

export function announcer(emitter: EventEmitter<PlaybookEvents>, store: PlaybookStore | undefined, report: (error: unknown, where: string) => void): TicketSink {
  function safely(where: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      report(error, where);
    }
  }
  return {
    ticket(ticket, change) {
      if (store) safely('store ticket', () => store.saveTicket(ticket));
      safely('subscriber of ticket', () => emitter.emit('ticket', { ticket: structuredClone(ticket), change }));
    },
    workOrder(workOrder, change) {
      if (store) safely('store work order', () => store.saveWorkOrder(workOrder));
      safely('subscriber of work-order', () => emitter.emit('work-order', { workOrder: structuredClone(workOrder), change }));
    },
    escalation(escalation) {
      if (store) safely('store escalation', () => store.saveEscalation(escalation));
      safely('subscriber of escalation', () => emitter.emit('escalation', { ...escalation }));
    },
    action(action) {
      if (store) safely('store action', () => store.saveAction(action));
      safely('subscriber of action', () => emitter.emit('action', structuredClone(action)));
    },
    actionUpdated(action) {
      if (store) safely('store action', () => store.saveAction(action));
    },
  };
}
