/**
 * The escalation matrix of docs/domain.md §5: how the desk handles an issue, from its type's record in
 * the issue catalogue (harness/issues/catalogue.ts), the config, and the issue's error code. Decided by
 * documented rules, not judgment, so a scenario can assert the route.
 */
import type { Issue } from '../detector/types.js';
import { ISSUE_TYPES, type LadderIssueType, type RoutableIssueType } from '../issues/catalogue.js';
import type { LadderStep } from '../issues/ladder-steps.js';
import type { EscalationTarget } from '../issues/teams.js';
import { SAFETY_ERROR_CODES } from '../../simulator/vocabulary/error-codes.js';
import type { PlaybookConfig } from './config.js';
import { errorCodeOf } from './parts.js';

export type Handling =
  /** Climb the ladder; exhausted → field service with a work order. */
  | { kind: 'ladder'; ladder: readonly LadderStep[] }
  /** Connector Inoperative and field engineering at once; never a reset. */
  | { kind: 'safety' }
  /** Hard reset if the station is still connected, else Tier 2 and later the field. */
  | { kind: 'connectivity'; ladder: readonly LadderStep[] }
  /** Part of a site outage: the site's ticket carries it. */
  | { kind: 'follow-parent' }
  /** Straight to a team; with `workOrder`, a field visit too. */
  | { kind: 'escalate'; target: EscalationTarget; reason: string; workOrder: boolean };

export function handlingFor(issue: Issue, config: PlaybookConfig): Handling {
  const handling = matrixHandlingFor(issue, config);
  if (handling.kind !== 'escalate') return handling;
  // Only issue types the matrix sends straight to a team can be re-routed (catalogue ROUTABLE_ISSUE_TYPES).
  const target = config.routing[issue.type as RoutableIssueType];
  return target === undefined || target === handling.target ? handling : { ...handling, target, reason: `${handling.reason} (routed to ${target} by configuration)` };
}

function matrixHandlingFor(issue: Issue, config: PlaybookConfig): Handling {
  const errorCode = errorCodeOf(issue);
  const byType = ISSUE_TYPES[issue.type].handling;
  // Whatever the type says, a safety code never gets near a reset.
  if (byType.kind === 'safety' || (errorCode !== undefined && SAFETY_ERROR_CODES.has(errorCode))) return { kind: 'safety' };
  switch (byType.kind) {
    case 'ladder': {
      const byCode = byType.byErrorCode && errorCode !== undefined ? config.laddersByErrorCode[errorCode] : undefined;
      return { kind: 'ladder', ladder: byCode ?? config.ladders[issue.type as LadderIssueType] };
    }
    case 'connectivity':
      return issue.parentId !== undefined ? { kind: 'follow-parent' } : { kind: 'connectivity', ladder: config.ladders[issue.type as LadderIssueType] };
    case 'escalate': {
      const cause = issue.details['likelyCause'];
      const route = (typeof cause === 'string' && byType.byLikelyCause !== undefined && Object.hasOwn(byType.byLikelyCause, cause) ? byType.byLikelyCause[cause] : undefined) ?? byType;
      return { kind: 'escalate', target: route.target, reason: route.reason, workOrder: route.workOrder };
    }
  }
}
