/** Token decisions as handlers use them: check the format (2.0.1), decide, then announce on the bus. */
import type { Response16, Response201 } from '../../../../simulator/protocol/actions.js';
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

/** A token status as 1.6 idTagInfo spells it. */
export type IdTagStatus16 = Response16<'Authorize'>['idTagInfo']['status'];
/** A token status as 2.0.1 idTokenInfo spells it. */
export type IdTokenStatus201 = Response201<'Authorize'>['idTokenInfo']['status'];

// decideToken answers in the vocabulary of the session's version (NotAtThisLocation only for 2.0.1),
// and its statuses are those two types; it types them as string for both.
export function idTagStatus16(decision: TokenDecision): IdTagStatus16 {
  return decision.status as IdTagStatus16;
}

export function idTokenStatus201(decision: TokenDecision): IdTokenStatus201 {
  return decision.status as IdTokenStatus201;
}
