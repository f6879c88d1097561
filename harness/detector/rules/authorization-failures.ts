/**
 * Authorization failures: at least `authFailuresCount` rejected Authorize requests at one station within
 * `authFailuresWindowMs`. Not counted: ConcurrentTx (its own issue) and refusals for a missing tariff
 * (cost-not-configured), since the token is not the problem there. Resolved after a full window without a
 * rejection: the failures are no longer current, which is also what "at once" means for the network rule.
 */
import { describe, evidenceOf } from '../evidence.js';
import { issueKey } from '../issue-key.js';
import { defineRule, type Rule, type RuleContext } from '../rule.js';
import type { Evidence } from '../types.js';

interface StationState {
  key: string;
  rejections: { atSimMs: number; idTag: string; status: string; evidence: Evidence }[];
}

const IDTAGS_KEPT = 20;

export function isAuthorizationRejection(event: { status: string; action?: string; reason?: string }): boolean {
  if (event.action !== undefined && event.action !== 'Authorize') return false;
  if (event.status === 'Accepted' || event.status === 'ConcurrentTx') return false;
  return event.reason !== 'no-tariff' && event.reason !== 'concurrent-tx';
}

export function authorizationFailuresRule(ctx: RuleContext): Rule {
  const { authFailuresCount, authFailuresWindowMs } = ctx.config;
  const stations = new Map<string, StationState>();

  function scheduleResolution(key: string, lastRejectionSimMs: number): void {
    ctx.deadlines.set(key, lastRejectionSimMs + authFailuresWindowMs, (atSimMs) => {
      ctx.issues.resolve(key, atSimMs, { details: { quietForMs: authFailuresWindowMs } });
    });
  }

  return defineRule({
    name: 'authorization-failures',
    eventTypes: ['authorize'],
    handle(event) {
      if (!isAuthorizationRejection(event)) return;
      let state = stations.get(event.stationId);
      if (!state) {
        state = { key: issueKey('authorization-failures', { stationId: event.stationId }), rejections: [] };
        stations.set(event.stationId, state);
      }
      const rejections = state.rejections;
      const evidence = evidenceOf(event, describe(event));
      rejections.push({ atSimMs: event.at, idTag: event.idTag, status: event.status, evidence });
      while (rejections.length > 0 && (rejections[0] as { atSimMs: number }).atSimMs <= event.at - authFailuresWindowMs) rejections.shift();
      const open = ctx.issues.findOpen(state.key);
      if (!open && rejections.length < authFailuresCount) return;
      const details = {
        rejections: rejections.length,
        windowMs: authFailuresWindowMs,
        // One token failing over and over is a user problem; many tokens failing points at the station or the backend.
        idTags: [...new Set(rejections.map((rejection) => rejection.idTag))].slice(-IDTAGS_KEPT),
        statuses: [...new Set(rejections.map((rejection) => rejection.status))],
        lastRejectionAtSimMs: event.at,
      };
      if (open) ctx.issues.update(open, { evidence: [evidence], details });
      else {
        ctx.issues.raise({
          key: state.key,
          type: 'authorization-failures',
          atSimMs: event.at,
          stationId: event.stationId,
          siteId: ctx.siteOf(event.stationId),
          evidence: rejections.map((rejection) => rejection.evidence),
          details,
        });
      }
      scheduleResolution(state.key, event.at);
    },
    restore(issue) {
      if (issue.type !== 'authorization-failures') return;
      const last = issue.details['lastRejectionAtSimMs'];
      scheduleResolution(issue.key, typeof last === 'number' ? last : issue.raisedAt.simMs);
    },
  });
}
