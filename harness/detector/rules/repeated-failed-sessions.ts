/**
 * Repeated failed sessions: at least `failedSessionsCount` sessions on one charger within
 * `failedSessionsWindowMs` that lasted less than `failedSessionShortMs` or delivered at most
 * `failedSessionMaxWh`. Durations use the CSMS's receipt times; a session whose start was not seen is
 * judged by its energy only. Resolved by the next good session on the charger, which is the confirmation
 * the desk looks for; the earlier failures then no longer count.
 */
import { describe, evidenceOf } from '../evidence.js';
import { issueKey } from '../issue-key.js';
import { defineRule, type Rule, type RuleContext } from '../rule.js';
import type { Evidence } from '../types.js';

interface Failure {
  atSimMs: number;
  evidence: Evidence;
}

export function repeatedFailedSessionsRule(ctx: RuleContext): Rule {
  const { failedSessionsCount, failedSessionsWindowMs, failedSessionShortMs, failedSessionMaxWh } = ctx.config;
  const startedAtSimMs = new Map<string, number>();
  const failures = new Map<string, Failure[]>();

  return defineRule({
    name: 'repeated-failed-sessions',
    eventTypes: ['transaction-started', 'transaction-ended'],
    handle(event) {
      const transactionKey = `${event.stationId}|${event.transactionId}`;
      if (event.type === 'transaction-started') {
        startedAtSimMs.set(transactionKey, event.at);
        return;
      }
      const startedAt = startedAtSimMs.get(transactionKey);
      startedAtSimMs.delete(transactionKey);
      const durationMs = startedAt === undefined ? undefined : event.at - startedAt;
      const short = durationMs !== undefined && durationMs < failedSessionShortMs;
      const empty = event.energyWh <= failedSessionMaxWh;
      const key = issueKey('repeated-failed-sessions', { stationId: event.stationId });
      const evidence = evidenceOf(event, `${describe(event)}${durationMs === undefined ? '' : ` after ${Math.round(durationMs / 1000)} s`}`);
      if (!short && !empty) {
        failures.delete(event.stationId);
        if (ctx.issues.findOpen(key)) ctx.issues.resolve(key, event.at, { evidence: [evidence] });
        return;
      }
      let list = failures.get(event.stationId);
      if (!list) {
        list = [];
        failures.set(event.stationId, list);
      }
      list.push({ atSimMs: event.at, evidence });
      while (list.length > 0 && (list[0] as Failure).atSimMs <= event.at - failedSessionsWindowMs) list.shift();
      const open = ctx.issues.findOpen(key);
      const details = { failedSessions: list.length, windowMs: failedSessionsWindowMs, lastReason: event.reason };
      if (open) ctx.issues.update(open, { evidence: [evidence], details });
      else if (list.length >= failedSessionsCount) {
        ctx.issues.raise({
          key,
          type: 'repeated-failed-sessions',
          atSimMs: event.at,
          stationId: event.stationId,
          siteId: ctx.siteOf(event.stationId),
          evidence: list.map((failure) => failure.evidence),
          details,
        });
      }
    },
  });
}
