/**
 * CSMS events (from the in-process bus or the `/api/events` stream, the same objects) into observations.
 * `offsetMs` moves the CSMS's simulated epoch onto the runner's: zero in-process, measured for a remote CSMS.
 */
import type { CsmsEvent } from '../../csms/events.js';
import type { Issue } from '../../detector/types.js';
import { stationConnectorOf } from '../../../simulator/vocabulary/evse.js';
import { placeText } from '../../../simulator/vocabulary/place.js';
import type { IssueObservation, ObservationLog } from '../observations.js';

/** The event types `observeCsmsEvent` reads; a remote CSMS's stream is asked for these only. */
export const OBSERVED_CSMS_EVENTS = ['issue-raised', 'issue-resolved', 'escalation', 'action', 'work-order'] as const satisfies readonly CsmsEvent['type'][];

export function observeCsmsEvent(log: ObservationLog, event: CsmsEvent, offsetMs = 0): void {
  const atMs = log.relative(event.at + offsetMs);
  switch (event.type) {
    case 'issue-raised': {
      const issue = issueObservation(event.issue, log, offsetMs);
      log.issueRaised(issue, `${issue.type} raised on ${placeText(issue)} (${event.issue.code})`);
      return;
    }
    case 'issue-resolved': {
      const issue = event.issue;
      const resolvedAt = issue.resolvedAt ? log.relative(issue.resolvedAt.simMs + offsetMs) : atMs;
      log.issueResolved(issue.id, resolvedAt, `${issue.type} resolved on ${placeText(issueObservation(issue, log, offsetMs))}`);
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
        ...(stationConnectorOf(workOrder) !== undefined ? { connectorId: stationConnectorOf(workOrder) as number } : {}),
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
  const connectorId = stationConnectorOf(issue);
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
