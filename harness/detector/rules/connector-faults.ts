/**
 * What the three connector-fault rules share. A fault raises exactly one issue, of the most specific
 * type: safety-fault and power-meter-failure take precedence over the generic connector-faulted, because
 * they route differently (a safety fault skips the reset ladder and goes to field engineering at once;
 * a generic fault starts the ladder with a reset, which must never be tried on a ground fault).
 */
import type { IssueType } from '../../issues/catalogue.js';
import type { Issue } from '../types.js';
import { issueKey } from '../issue-key.js';
import type { RuleContext } from '../rule.js';

export interface ConnectorScope {
  stationId: string;
  evseId: number | undefined;
  connectorId: number;
}

export function connectorKey(type: IssueType, scope: ConnectorScope): string {
  return issueKey(type, scope);
}

/** The specific issue open on this connector, if any (generic faults defer to it). */
export function specificFaultOf(ctx: RuleContext, scope: ConnectorScope): Issue | undefined {
  return ctx.issues.findOpen(connectorKey('safety-fault', scope)) ?? ctx.issues.findOpen(connectorKey('power-meter-failure', scope));
}

/**
 * A 2.0.1 Faulted may be classified only after the generic issue was raised (the NotifyEvent came late):
 * the generic issue is then closed as superseded, so the fault is still one open issue.
 */
export function supersedeGenericFault(ctx: RuleContext, scope: ConnectorScope, by: Issue, atSimMs: number): void {
  ctx.issues.resolve(connectorKey('connector-faulted', scope), atSimMs, { details: { supersededBy: by.id, supersededByType: by.type } });
}
