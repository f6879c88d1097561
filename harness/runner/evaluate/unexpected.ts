/**
 * False positives are failures too: every issue no expectation is about (type and scope, as in
 * matching.ts; an escalation naming its issue type counts) and `allowIssues` does not allow.
 */
import type { IssueSummary } from '../../../reports/result.js';
import { formatDurationMs as durationText } from '../../../simulator/duration.js';
import type { IssueObservation, ObservationLog } from '../observations.js';
import type { Scenario } from '../scenario/model.js';
import { placeText } from '../../../simulator/vocabulary/place.js';
import { issueInScope, type ExpectationScope } from './matching.js';

export function unexpectedIssues(scenario: Scenario, log: ObservationLog): IssueObservation[] {
  const scopes: ExpectationScope[] = scenario.expectations.flatMap((e): ExpectationScope[] => {
    if (e.kind === 'issue') return [{ issue: e.issue, ...scopeOf(e) }];
    if (e.kind === 'escalation' && e.issue !== undefined) return [{ issue: e.issue, ...scopeOf(e) }];
    return [];
  });
  const allowed = new Set<string>(scenario.allowIssues);
  return [...log.issues.values()]
    .filter((issue) => issue.raisedAtMs <= scenario.endMs && !allowed.has(issue.type) && !scopes.some((scope) => issueInScope(scope, issue)))
    .sort((a, b) => a.raisedAtMs - b.raisedAtMs);
}

export function issueSummary(issue: IssueObservation): IssueSummary {
  return {
    id: issue.id,
    type: issue.type,
    code: issue.code,
    severity: issue.severity,
    ...(issue.stationId !== undefined ? { stationId: issue.stationId } : {}),
    ...(issue.connectorId !== undefined ? { connectorId: issue.connectorId } : {}),
    ...(issue.siteId !== undefined ? { siteId: issue.siteId } : {}),
    raisedAtMs: issue.raisedAtMs,
    ...(issue.resolvedAtMs !== undefined ? { resolvedAtMs: issue.resolvedAtMs } : {}),
  };
}

/** "unexpected no-connectivity on S1-CP2 raised at 3m10s" */
export function unexpectedMessage(issue: IssueSummary): string {
  return `unexpected ${issue.type} on ${placeText(issue)} raised at ${durationText(Math.max(0, issue.raisedAtMs))}`;
}

function scopeOf(e: { stationId?: string; siteId?: string; connectorId?: number }): Omit<ExpectationScope, 'issue'> {
  return {
    ...(e.stationId !== undefined ? { stationId: e.stationId } : {}),
    ...(e.siteId !== undefined ? { siteId: e.siteId } : {}),
    ...(e.connectorId !== undefined ? { connectorId: e.connectorId } : {}),
  };
}
