/** Token decisions as handlers use them: decide, then announce on the bus. */
import { decideToken } from '../../token-decision.js';
import type { TokenDecision } from '../../token-decision.js';
import type { HandlerContext } from '../handler.js';

export function decideAndAnnounce(ctx: HandlerContext, idTag: string, action: string, startsSession: boolean): TokenDecision {
  const { session, services } = ctx;
  const decision = decideToken(services.options, services.transactions, {
    idTag,
    stationId: session.id,
    siteId: session.siteId,
    protocol: session.protocol,
    startsSession,
  });
  services.bus.emit({
    type: 'authorize',
    stationId: session.id,
    idTag,
    status: decision.status,
    action,
    ...(decision.reason && { reason: decision.reason }),
  });
  return decision;
}
