/**
 * The escalation matrix of DOMAIN.md §5 as data: how the desk handles each issue type. Decided by
 * documented rules, not judgment, so a scenario can assert the route.
 */
import type { Issue } from '../detector/types.js';
import { SAFETY_ERROR_CODES, type PlaybookConfig, type RoutableIssueType } from './config.js';
import { errorCodeOf } from './parts.js';
import type { EscalationTarget, LadderStep } from './types.js';

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
  // Only issue types the matrix sends straight to a team can be re-routed (config.ts ROUTABLE_ISSUE_TYPES).
  const target = config.routing[issue.type as RoutableIssueType];
  return target === undefined || target === handling.target ? handling : { ...handling, target, reason: `${handling.reason} (routed to ${target} by configuration)` };
}

function matrixHandlingFor(issue: Issue, config: PlaybookConfig): Handling {
  const errorCode = errorCodeOf(issue);
  // Whatever the type says, a safety code never gets near a reset.
  if (issue.type === 'safety-fault' || (errorCode !== undefined && SAFETY_ERROR_CODES.has(errorCode))) return { kind: 'safety' };
  switch (issue.type) {
    case 'stuck-finishing':
    case 'power-meter-failure':
      return { kind: 'ladder', ladder: config.ladders[issue.type] };
    case 'connector-faulted':
      return { kind: 'ladder', ladder: (errorCode !== undefined ? config.laddersByErrorCode[errorCode] : undefined) ?? config.ladders['connector-faulted'] };
    case 'no-connectivity':
      return issue.parentId !== undefined ? { kind: 'follow-parent' } : { kind: 'connectivity', ladder: config.ladders['no-connectivity'] };
    case 'site-outage':
      return { kind: 'escalate', target: 'network-it', reason: 'site network outage: several stations of the site lost connectivity at once', workOrder: false };
    case 'reboot-loop':
      return issue.details['likelyCause'] === 'firmware'
        ? { kind: 'escalate', target: 'manufacturer', reason: 'reboot loop with InternalError: firmware fault', workOrder: false }
        : { kind: 'escalate', target: 'field-engineering', reason: 'repeated power loss: site power supply, electrician needed', workOrder: true };
    case 'network-authorization-failures':
      return { kind: 'escalate', target: 'platform-leadership', reason: 'authorization failing at several sites: central system failure', workOrder: false };
    case 'authorization-failures':
      return { kind: 'escalate', target: 'tier-1', reason: 'repeated rejected authorizations at one station: user or account issue', workOrder: false };
    case 'concurrent-tx':
      return { kind: 'escalate', target: 'tier-1', reason: 'token already in a session elsewhere: user or account issue', workOrder: false };
    case 'repeated-failed-sessions':
      return { kind: 'escalate', target: 'tier-2', reason: 'repeated failed sessions on one charger: configuration, connectivity or firmware', workOrder: false };
    case 'cost-not-configured':
      return { kind: 'escalate', target: 'tier-2', reason: 'no tariff configured for the site: configuration fix', workOrder: false };
  }
}
