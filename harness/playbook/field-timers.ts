/** One timer per unreachable station's ticket: Tier 2 had its time, now field service is due. */
import type { Clock, ClockTimer } from '../../simulator/clock.js';
import type { Ticket } from './types.js';

export class FieldTimers {
  private readonly timers = new Map<string, ClockTimer>();

  constructor(
    private readonly clock: Clock,
    private readonly due: (ticket: Ticket) => void,
  ) {}

  arm(ticket: Ticket, atMs: number): void {
    this.cancel(ticket.id);
    const timer = this.clock.setTimeout(() => {
      this.timers.delete(ticket.id);
      this.due(ticket);
    }, Math.max(0, atMs - this.clock.now()));
    this.timers.set(ticket.id, timer.unref());
  }

  cancel(ticketId: string): void {
    this.timers.get(ticketId)?.cancel();
    this.timers.delete(ticketId);
  }

  cancelAll(): void {
    for (const id of [...this.timers.keys()]) this.cancel(id);
  }
}
