/** The scope of an issue as a string: the detector keeps at most one open issue per key. */
import type { IssueType } from '../issues/catalogue.js';

export interface IssueScope {
  siteId?: string;
  stationId?: string;
  evseId?: number;
  connectorId?: number;
  /** A further discriminator, e.g. the token of a ConcurrentTx issue. */
  extra?: string;
}

export function issueKey(type: IssueType, scope: IssueScope): string {
  const parts: string[] = [type];
  if (scope.siteId !== undefined) parts.push(`site=${scope.siteId}`);
  if (scope.stationId !== undefined) parts.push(`station=${scope.stationId}`);
  if (scope.evseId !== undefined) parts.push(`evse=${scope.evseId}`);
  if (scope.connectorId !== undefined) parts.push(`connector=${scope.connectorId}`);
  if (scope.extra !== undefined) parts.push(`extra=${scope.extra}`);
  return parts.join('|');
}
