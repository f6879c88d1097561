/** Token (idTag / idToken) rules: which tokens the CSMS accepts, blocks, or treats as expired or unknown. */

/** Statuses a rule may give; all exist in both 1.6 (idTagInfo) and 2.0.1 (idTokenInfo). */
export type IdTagStatus = 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx';

export type IdTagRule = (idTag: string, stationId: string) => IdTagStatus;

/** List form: refusals are checked first; with `accepted` set, any other token is Invalid (unknown). */
export interface IdTagLists {
  accepted?: readonly string[];
  blocked?: readonly string[];
  expired?: readonly string[];
  invalid?: readonly string[];
}

export type IdTagRules = IdTagRule | IdTagLists;

export function compileIdTagRule(rules: IdTagRules | undefined): IdTagRule {
  if (rules === undefined) return () => 'Accepted';
  if (typeof rules === 'function') return rules;
  const blocked = new Set(rules.blocked);
  const expired = new Set(rules.expired);
  const invalid = new Set(rules.invalid);
  const accepted = rules.accepted && new Set(rules.accepted);
  return (idTag) => {
    if (blocked.has(idTag)) return 'Blocked';
    if (expired.has(idTag)) return 'Expired';
    if (invalid.has(idTag)) return 'Invalid';
    if (accepted && !accepted.has(idTag)) return 'Invalid';
    return 'Accepted';
  };
}
