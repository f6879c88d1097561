/** How `GET /api/issues` shows an issue: the detector's issue joined with what the desk did about it. */
import type { Issue, IssueStamp } from '../detector/types.js';
import type { ActionRecord, Ticket } from '../playbook/types.js';

export interface IssueView {
  id: string;
  type: Issue['type'];
  code: string;
  severity: Issue['severity'];
  stationId?: string;
  evseId?: number;
  connectorId?: number;
  siteId?: string;
  /** The site issue this one is part of. */
  parentId?: string;
  raisedAt: IssueStamp;
  resolvedAt?: IssueStamp;
  details: Record<string, unknown>;
  ticketId?: string;
  ticketStatus?: Ticket['status'];
  escalations: { target: string; at: number; reason: string }[];
  actions: { step: string; command: string; result: string; at: number; verified?: boolean }[];
}

/** What came of an action, in one word or phrase: the station's status answer, the error, or why it was not sent. */
export function actionResult(action: ActionRecord): string {
  if (action.skipped !== undefined) return `skipped: ${action.skipped}`;
  if (action.error !== undefined) return `error: ${action.error}`;
  const status = action.response?.['status'];
  return typeof status === 'string' ? status : 'answered';
}

export function issueView(issue: Issue, ticket: Ticket | undefined, withEvidence = false): IssueView & { evidence?: Issue['evidence'] } {
  return {
    id: issue.id,
    type: issue.type,
    code: issue.code,
    severity: issue.severity,
    ...(issue.stationId !== undefined ? { stationId: issue.stationId } : {}),
    ...(issue.evseId !== undefined ? { evseId: issue.evseId } : {}),
    ...(issue.connectorId !== undefined ? { connectorId: issue.connectorId } : {}),
    ...(issue.siteId !== undefined ? { siteId: issue.siteId } : {}),
    ...(issue.parentId !== undefined ? { parentId: issue.parentId } : {}),
    raisedAt: issue.raisedAt,
    ...(issue.resolvedAt !== undefined ? { resolvedAt: issue.resolvedAt } : {}),
    details: issue.details,
    ...(ticket ? { ticketId: ticket.id, ticketStatus: ticket.status } : {}),
    escalations: (ticket?.escalations ?? []).map((e) => ({ target: e.target, at: e.at, reason: e.reason })),
    actions: (ticket?.actions ?? []).map((a) => ({
      step: a.step,
      command: a.command,
      result: actionResult(a),
      at: a.at,
      ...(a.verified !== undefined ? { verified: a.verified } : {}),
    })),
    ...(withEvidence ? { evidence: issue.evidence } : {}),
  };
}
