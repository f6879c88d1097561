/** The shape of a handler for one station→CSMS action. */
import type { CsmsServices, StationSession } from '../session.js';

export interface HandlerContext {
  readonly session: StationSession;
  readonly services: CsmsServices;
}

export type Response = Record<string, unknown>;

export interface ActionHandler {
  readonly action: string;
  /** `payload` has already been validated against the action's official schema (strict mode). */
  handle(ctx: HandlerContext, payload: unknown): Response | Promise<Response>;
}

/** Declares a handler with its payload type; the cast is safe because ocpp-rpc validated the payload first. */
export function defineHandler<P>(action: string, handle: (ctx: HandlerContext, payload: P) => Response | Promise<Response>): ActionHandler {
  return { action, handle: handle as ActionHandler['handle'] };
}

/** ISO-8601 simulated now, as OCPP timestamps are sent. */
export function isoNow(ctx: HandlerContext): string {
  return new Date(ctx.services.options.clock.now()).toISOString();
}
