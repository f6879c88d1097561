/**
 * Which observed issue an expectation is about: same type, and the same station, site and connector where
 * the expectation names them. An issue of the whole station matches an expectation about one of its connectors.
 */
import type { IssueObservation } from '../observations.js';
import { siteOfStation } from '../../../simulator/vocabulary/site.js';

export interface ExpectationScope {
  issue?: string;
  stationId?: string;
  siteId?: string;
  connectorId?: number;
}

export function issueInScope(scope: ExpectationScope, issue: IssueObservation): boolean {
  if (scope.issue !== undefined && issue.type !== scope.issue) return false;
  if (scope.stationId !== undefined && issue.stationId !== scope.stationId) return false;
  if (scope.siteId !== undefined && (issue.siteId ?? (issue.stationId ? siteOfStation(issue.stationId) : undefined)) !== scope.siteId) return false;
  return scope.connectorId === undefined || issue.connectorId === undefined || issue.connectorId === scope.connectorId;
}
