/**
 * ConcurrentTx: a token refused (Authorize, StartTransaction or TransactionEvent) because it is already in
 * a session elsewhere. One issue per station and token; repeats add evidence. Resolved when the token's
 * other session ends, when the token is accepted at this station, or when it starts a session here.
 */
import type { CsmsEventOf } from '../../csms/events.js';
import { describe, evidenceOf } from '../evidence.js';
import { issueKey } from '../issue-key.js';
import { defineRule, type Rule, type RuleContext } from '../rule.js';

export function concurrentTxRule(ctx: RuleContext): Rule {
  /** Open issue keys per token, so the end of the blocking session finds them. */
  const keysByIdTag = new Map<string, Set<string>>();
  /** Token of each running transaction, per station. */
  const idTagByTransaction = new Map<string, string>();

  const keyOf = (stationId: string, idTag: string): string => issueKey('concurrent-tx', { stationId, extra: idTag });
  const transactionKey = (stationId: string, transactionId: string): string => `${stationId}|${transactionId}`;

  function remember(idTag: string, key: string): void {
    let keys = keysByIdTag.get(idTag);
    if (!keys) {
      keys = new Set();
      keysByIdTag.set(idTag, keys);
    }
    keys.add(key);
  }

  function resolve(idTag: string, key: string, event: CsmsEventOf<'authorize' | 'transaction-started' | 'transaction-ended'>): void {
    if (ctx.issues.findOpen(key)) ctx.issues.resolve(key, event.at, { evidence: [evidenceOf(event, describe(event))] });
    const keys = keysByIdTag.get(idTag);
    keys?.delete(key);
    if (keys?.size === 0) keysByIdTag.delete(idTag);
  }

  return defineRule({
    name: 'concurrent-tx',
    eventTypes: ['authorize', 'transaction-started', 'transaction-ended'],
    handle(event) {
      switch (event.type) {
        case 'authorize': {
          const key = keyOf(event.stationId, event.idTag);
          if (event.status === 'Accepted') {
            resolve(event.idTag, key, event);
            return;
          }
          if (event.status !== 'ConcurrentTx' && event.reason !== 'concurrent-tx') return;
          const evidence = [evidenceOf(event, describe(event))];
          const open = ctx.issues.findOpen(key);
          if (open) {
            const attempts = typeof open.details['attempts'] === 'number' ? open.details['attempts'] : 1;
            ctx.issues.update(open, { evidence, details: { attempts: attempts + 1 } });
            return;
          }
          ctx.issues.raise({
            key,
            type: 'concurrent-tx',
            atSimMs: event.at,
            stationId: event.stationId,
            siteId: ctx.siteOf(event.stationId),
            evidence,
            details: { idTag: event.idTag, action: event.action ?? 'Authorize', attempts: 1 },
          });
          remember(event.idTag, key);
          return;
        }
        case 'transaction-started':
          idTagByTransaction.set(transactionKey(event.stationId, event.transactionId), event.idTag);
          resolve(event.idTag, keyOf(event.stationId, event.idTag), event);
          return;
        case 'transaction-ended': {
          const txKey = transactionKey(event.stationId, event.transactionId);
          const idTag = idTagByTransaction.get(txKey);
          idTagByTransaction.delete(txKey);
          if (idTag === undefined) return;
          // The blocking session is over: the token is free everywhere.
          for (const key of [...(keysByIdTag.get(idTag) ?? [])]) resolve(idTag, key, event);
          return;
        }
      }
    },
    restore(issue) {
      const idTag = issue.details['idTag'];
      if (issue.type === 'concurrent-tx' && typeof idTag === 'string') remember(idTag, issue.key);
    },
  });
}
