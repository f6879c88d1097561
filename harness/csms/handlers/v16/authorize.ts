/** 1.6 Authorize: token rule and ConcurrentTx; the tariff is checked at StartTransaction. */
import { decideAndAnnounce } from '../common/token.js';
import { defineHandler } from '../handler.js';

export const authorize16 = defineHandler<{ idTag: string }>('Authorize', (ctx, p) => {
  const { status } = decideAndAnnounce(ctx, p.idTag, 'Authorize', false);
  return { idTagInfo: { status } };
});
