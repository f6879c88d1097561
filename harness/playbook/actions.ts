/** Sends one real command to a station and records it on the ticket, with the answer or why it failed. */
import type { Clock } from '../../simulator/clock.js';
import type { StationCommand } from './station-commands.js';
import type { TicketBook } from './ticket-book.js';
import type { ActionRecord, ActionStep, Ticket } from './types.js';

/** How the playbook reaches stations; the bundled CSMS's `sendCommand` fits (it rejects with a CommandError). */
export interface StationCommands {
  send(stationId: string, action: string, payload: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export interface ActionDeps {
  clock: Clock;
  commands: StationCommands;
  book: TicketBook;
}

/** `code: message` for a CommandError (its stable code says more than the text), the message otherwise. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

export async function sendAction(deps: ActionDeps, ticket: Ticket, stationId: string, step: ActionStep, command: StationCommand): Promise<ActionRecord> {
  const at = deps.clock.now();
  let response: Record<string, unknown> | undefined;
  let error: string | undefined;
  try {
    response = await deps.commands.send(stationId, command.action, command.payload);
  } catch (failure) {
    error = describeError(failure);
  }
  return deps.book.addAction(ticket, {
    stationId,
    step,
    command: command.action,
    request: command.payload,
    ...(response !== undefined ? { response } : {}),
    ...(error !== undefined ? { error } : {}),
    at,
  });
}

/** Records a step that was deliberately not sent. */
export function skipAction(deps: ActionDeps, ticket: Ticket, stationId: string, step: ActionStep, command: StationCommand, why: string): ActionRecord {
  return deps.book.addAction(ticket, { stationId, step, command: command.action, request: command.payload, at: deps.clock.now(), skipped: why });
}
