/**
 * Decides whether a token may be used at a station: the configured rule, then ConcurrentTx, then
 * (for a session start only) the site's tariff.
 *
 * No tariff: the refusal happens when the session starts, not at Authorize (Authorize checks the
 * token; the price is a property of the site). 1.6 has no status for "not here", so StartTransaction
 * gets idTagInfo.status `Blocked` (known token, not allowed to charge) rather than `Invalid`, which
 * the spec defines as an unknown token; the station then stops the transaction with DeAuthorized.
 * 2.0.1 has the exact status: `NotAtThisLocation`. The `authorize` event carries reason 'no-tariff'.
 */
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import type { ResolvedOptions } from './options.js';
import type { Transactions } from './transactions.js';

export interface TokenDecision {
  /** Wire status for the peer's version. */
  status: string;
  reason?: 'rule' | 'concurrent-tx' | 'no-tariff';
}

export interface TokenQuery {
  idTag: string;
  stationId: string;
  siteId: string;
  protocol: OcppProtocol;
  /** True when the answer starts (or authorizes) a session: only then does the tariff matter. */
  startsSession: boolean;
}

export function decideToken(
  options: Pick<ResolvedOptions, 'idTagRule' | 'hasTariff'>,
  transactions: Transactions,
  query: TokenQuery,
): TokenDecision {
  const status = options.idTagRule(query.idTag, query.stationId);
  if (status !== 'Accepted') return { status, reason: 'rule' };
  const holder = transactions.holding(query.idTag);
  if (holder && holder.stationId !== query.stationId) return { status: 'ConcurrentTx', reason: 'concurrent-tx' };
  if (query.startsSession && !options.hasTariff(query.siteId)) {
    return { status: query.protocol === 'ocpp1.6' ? 'Blocked' : 'NotAtThisLocation', reason: 'no-tariff' };
  }
  return { status: 'Accepted' };
}
