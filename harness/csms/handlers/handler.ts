/**
 * The shape of a handler for one station→CSMS action, typed by the generated OCPP message types:
 * `defineHandler16('StartTransaction', (ctx, req) => ...)` gets `req` as the 1.6 StartTransaction
 * request and must return its response type.
 */
import type { Request16, Request201, Response16, Response201, StationAction16, StationAction201 } from '../../../simulator/protocol/actions.js';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import type { CsmsServices } from '../services.js';
import type { StationSession } from '../session.js';

export interface HandlerContext {
  readonly session: StationSession;
  readonly services: CsmsServices;
}

type Answer<Res> = Res | Promise<Res>;

/** A handler as the registry holds it, for one protocol version. */
export interface ActionHandler<P extends OcppProtocol = OcppProtocol> {
  readonly protocol: P;
  readonly action: string;
  /** `payload` has already been validated against the action's official schema (ocpp-rpc strict mode). */
  handle(ctx: HandlerContext, payload: unknown): Answer<object>;
}

/** A 1.6 handler; the cast is safe because ocpp-rpc validated the payload against this action's schema first. */
export function defineHandler16<A extends StationAction16>(
  action: A,
  handle: (ctx: HandlerContext, req: Request16<A>) => Answer<Response16<A>>,
): ActionHandler<'ocpp1.6'> {
  return { protocol: 'ocpp1.6', action, handle: handle as (ctx: HandlerContext, payload: unknown) => Answer<object> };
}

/** A 2.0.1 handler; the cast is safe for the same reason as in `defineHandler16`. */
export function defineHandler201<A extends StationAction201>(
  action: A,
  handle: (ctx: HandlerContext, req: Request201<A>) => Answer<Response201<A>>,
): ActionHandler<'ocpp2.0.1'> {
  return { protocol: 'ocpp2.0.1', action, handle: handle as (ctx: HandlerContext, payload: unknown) => Answer<object> };
}

/** Station actions both versions define. */
export type CommonStationAction = StationAction16 & StationAction201;

/** Gives the handler as registered for one version. */
export type CommonHandler = <P extends OcppProtocol>(protocol: P) => ActionHandler<P>;

/**
 * A handler that serves an action the same way in both versions: it reads the request as either
 * version's and must answer with what is valid in both.
 */
export function defineCommonHandler<A extends CommonStationAction>(
  action: A,
  handle: (ctx: HandlerContext, req: Request16<A> | Request201<A>) => Answer<Response16<A> & Response201<A>>,
): CommonHandler {
  const untyped = handle as (ctx: HandlerContext, payload: unknown) => Answer<object>;
  return <P extends OcppProtocol>(protocol: P): ActionHandler<P> => ({ protocol, action, handle: untyped });
}

/** ISO-8601 simulated now, as OCPP timestamps are sent. */
export function isoNow(ctx: HandlerContext): string {
  return new Date(ctx.services.options.clock.now()).toISOString();
}
