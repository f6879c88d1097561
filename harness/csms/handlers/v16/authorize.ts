/** 1.6 Authorize: token rule and ConcurrentTx; the tariff is checked at StartTransaction. */
import { decideAndAnnounce, idTagStatus16 } from '../common/token.js';
import { defineHandler16 } from '../handler.js';

export const authorize16 = defineHandler16('Authorize', (ctx, p) => {
  const status = idTagStatus16(decideAndAnnounce(ctx, p.idTag, 'Authorize', false));
  return { idTagInfo: { status } };
});
