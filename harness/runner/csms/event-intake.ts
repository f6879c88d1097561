/**
 * CSMS events (from the in-process bus or the `/api/events` stream, the same objects) into observations.
 * `offsetMs` moves the CSMS's simulated epoch onto the runner's: zero in-process, measured for a remote CSMS.
 */
import type { CsmsEvent } from '../../csms/events.js';
import type { Issue } from '../../detector/types.js';
import type { IssueObservation, ObservationLog } from '../observations.js';

/** The event types `observeCsmsEvent` reads; a remote CSMS's stream is asked for these only. */
export const OBSERVED_CSMS_EVENTS = ['issue-raised', 'issue-resolved', 'escalation', 'action', 'work-order'] as const satisfies readonly CsmsEvent['type'][];

export function observeCsmsEvent(log: ObservationLog, event: CsmsEvent, offsetMs = 0): void {
  const atMs = log.relative(event.at + offsetMs);
  switch (event.type) {
    case 'issue-raised': {
      const issue = issueObservation(event.issue, log, offsetMs);
      log.issueRaised(issue, `${issue.type} raised on ${where(issue)} (${event.issue.code})`);
      return;
    }
    case 'issue-resolved': {
      const issue = event.issue;
      const resolvedAt = issue.resolvedAt ? log.relative(issue.resolvedAt.simMs + offsetMs) : atMs;
      log.issueResolved(issue.id, resolvedAt, `${issue.type} resolved on ${where(issueObservation(issue, log, offsetMs))}`);
      return;
    }
    case 'escalation': {
      const { escalation } = event;
      log.escalation({ id: escalation.id, issueId: escalation.issueId, target: escalation.target, reason: escalation.reason, atMs: log.relative(escalation.at + offsetMs) });
      return;
    }
    case 'action': {
      const { action } = event;
      const outcome = action.skipped ? `skipped: ${action.skipped}` : action.error ? `failed: ${action.error}` : 'sent';
      log.note(log.relative(action.at + offsetMs), 'action', `desk ${action.step}: ${action.command} ${outcome}`, { stationId: action.stationId });
      if (action.verified) log.note(atMs, 'recovery', `${action.stationId} recovered remotely after ${action.step}`, { stationId: action.stationId });
      return;
    }
    case 'work-order': {
      const { workOrder, change } = event;
      log.workOrder({
        id: workOrder.id,
        stationId: workOrder.stationId,
        ...(stationConnector(workOrder) !== undefined ? { connectorId: stationConnector(workOrder) as number } : {}),
        part: workOrder.part,
        change,
        atMs,
      });
      return;
    }
    default:
      return;
  }
}

export function issueObservation(issue: Issue, log: ObservationLog, offsetMs = 0): IssueObservation {
  const connectorId = stationConnector(issue);
  return {
    id: issue.id,
    type: issue.type,
    code: issue.code,
    severity: issue.severity,
    ...(issue.stationId !== undefined ? { stationId: issue.stationId } : {}),
    ...(issue.siteId !== undefined ? { siteId: issue.siteId } : {}),
    ...(connectorId !== undefined ? { connectorId } : {}),
    ...(issue.parentId !== undefined ? { parentId: issue.parentId } : {}),
    raisedAtMs: log.relative(issue.raisedAt.simMs + offsetMs),
    ...(issue.resolvedAt ? { resolvedAtMs: log.relative(issue.resolvedAt.simMs + offsetMs) } : {}),
    source: 'desk',
  };
}

/** Virtual 2.0.1 stations have one connector per EVSE, numbered like 1.6 connectors: the EVSE id is the scenario's connector. */
function stationConnector(thing: { evseId?: number; connectorId?: number }): number | undefined {
  return thing.evseId ?? thing.connectorId;
}

/** A place in a timeline entry: "S1-CP1 connector 1", "site S1", "the network". */
export function where(issue: { stationId?: string; siteId?: string; connectorId?: number }): string {
  if (issue.stationId) return issue.connectorId !== undefined ? `${issue.stationId} connector ${issue.connectorId}` : issue.stationId;
  return issue.siteId ? `site ${issue.siteId}` : 'the network';
}
