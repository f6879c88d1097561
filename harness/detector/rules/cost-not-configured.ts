/**
 * Cost not configured: a session refused because the site has no tariff. Which events say so is the
 * CSMS's business, so the test is `config.isTariffRefusal` (default in tariff-refusal.ts); this rule keeps
 * the context it needs (Authorize outcomes per token, the station's pending StartTransaction/TransactionEvent
 * request). A missing tariff is a site configuration fault (Tier 2), so it is ONE issue per site. Resolved
 * when a transaction starts at any station of the site (a tariff now applies).
 */
import type { CsmsEvent } from '../../csms/events.js';
import { describe, evidenceOf } from '../evidence.js';
import { issueKey } from '../issue-key.js';
import type { TariffRefusalContext } from '../tariff-refusal.js';
import { defineRule, type Rule, type RuleContext } from '../rule.js';

/** Per-station token memory is bounded: enough for the Authorize → StartTransaction gap. */
const TOKENS_KEPT_PER_STATION = 64;
/** The same refusal may be signalled twice (a marker event and the answer frame). */
const SAME_REFUSAL_MS = 1_000;

export function costNotConfiguredRule(ctx: RuleContext): Rule {
  const authorizeStatus = new Map<string, Map<string, string>>();
  const pendingRequest = new Map<string, { messageId: string; action: string; payload: unknown }>();
  const lastRefusalAtSimMs = new Map<string, number>();

  const context: TariffRefusalContext = {
    wasAcceptedAtAuthorize: (stationId, idTag) => authorizeStatus.get(stationId)?.get(idTag) === 'Accepted',
    requestOf: (stationId, messageId) => {
      const request = pendingRequest.get(stationId);
      return request?.messageId === messageId ? request : undefined;
    },
  };

  function track(event: CsmsEvent): void {
    if (event.type === 'authorize' && (event.action === undefined || event.action === 'Authorize')) {
      let tokens = authorizeStatus.get(event.stationId);
      if (!tokens) {
        tokens = new Map();
        authorizeStatus.set(event.stationId, tokens);
      }
      tokens.delete(event.idTag);
      tokens.set(event.idTag, event.status);
      if (tokens.size > TOKENS_KEPT_PER_STATION) tokens.delete(tokens.keys().next().value as string);
    } else if (event.type === 'frame' && event.direction === 'in' && event.messageType === 2) {
      // One CALL in flight per direction: the station's latest transaction request is the one being answered.
      if (event.action === 'StartTransaction' || event.action === 'TransactionEvent') {
        pendingRequest.set(event.stationId, { messageId: event.messageId, action: event.action, payload: event.payload });
      }
    }
  }

  function onRefusal(event: CsmsEvent): void {
    const siteId = ctx.siteOf(event.stationId);
    const key = issueKey('cost-not-configured', { siteId });
    const evidence = [evidenceOf(event, describe(event))];
    const previous = lastRefusalAtSimMs.get(event.stationId);
    lastRefusalAtSimMs.set(event.stationId, event.at);
    const open = ctx.issues.findOpen(key);
    if (open) {
      const duplicate = previous !== undefined && event.at - previous <= SAME_REFUSAL_MS;
      const stations = new Set([...((open.details['stationIds'] as string[] | undefined) ?? []), event.stationId]);
      const refusals = (typeof open.details['refusals'] === 'number' ? open.details['refusals'] : 1) + (duplicate ? 0 : 1);
      ctx.issues.update(open, { evidence, details: { refusals, stationIds: [...stations] } });
      return;
    }
    ctx.issues.raise({
      key,
      type: 'cost-not-configured',
      atSimMs: event.at,
      stationId: event.stationId,
      siteId,
      evidence,
      details: { refusals: 1, stationIds: [event.stationId] },
    });
  }

  return defineRule({
    name: 'cost-not-configured',
    eventTypes: ['authorize', 'frame', 'transaction-started'],
    handle(event) {
      if (event.type === 'transaction-started') {
        const key = issueKey('cost-not-configured', { siteId: ctx.siteOf(event.stationId) });
        if (ctx.issues.findOpen(key)) ctx.issues.resolve(key, event.at, { evidence: [evidenceOf(event, describe(event))] });
        return;
      }
      track(event);
      if (ctx.config.isTariffRefusal(event, context)) onRefusal(event);
      if (event.type === 'frame' && event.direction === 'out' && event.messageType !== 2) {
        const request = pendingRequest.get(event.stationId);
        if (request?.messageId === event.messageId) pendingRequest.delete(event.stationId);
      }
    },
  });
}
