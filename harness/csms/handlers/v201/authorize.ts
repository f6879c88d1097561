/** 2.0.1 Authorize: token rule and ConcurrentTx; the tariff is checked when a transaction carries the token. */
import { decideAndAnnounce, requireValidIdToken } from '../common/token.js';
import { defineHandler } from '../handler.js';

export const authorize201 = defineHandler<{ idToken: { idToken: string; type: string } }>('Authorize', (ctx, p) => {
  requireValidIdToken(p.idToken);
  const { status } = decideAndAnnounce(ctx, p.idToken.idToken, 'Authorize', false);
  return { idTokenInfo: { status } };
});
