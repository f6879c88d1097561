/** Token decisions as handlers use them: check the format (2.0.1), decide, then announce on the bus. */
import { OcppError } from '../../../../simulator/protocol/errors.js';
import { idTokenProblem } from '../../../../simulator/protocol/id-tokens.js';
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

/**
 * A strict CSMS refuses a 2.0.1 idToken whose value does not fit its type (an ISO14443 UID that is not
 * 8 or 14 hex digits, ...) with PropertyConstraintViolation, naming the rule: the schema only limits length.
 */
export function requireValidIdToken(idToken: { idToken: string; type: string } | undefined): void {
  const problem = idToken === undefined ? undefined : idTokenProblem(idToken);
  if (problem !== undefined) throw new OcppError('PropertyConstraintViolation', `idToken: ${problem}`);
}
