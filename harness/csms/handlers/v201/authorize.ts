/** 2.0.1 Authorize: token rule and ConcurrentTx; the tariff is checked when a transaction carries the token. */
import { decideAndAnnounce, idTokenStatus201 } from '../common/token.js';
import { defineHandler201 } from '../handler.js';

export const authorize201 = defineHandler201('Authorize', (ctx, p) => {
  const status = idTokenStatus201(decideAndAnnounce(ctx, p.idToken.idToken, 'Authorize', false));
  return { idTokenInfo: { status } };
});
