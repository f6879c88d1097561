/**
 * Turns the detector's and the playbook's own events into CSMS bus events (and so into SSE and webhooks).
 * Must be attached to the detector BEFORE the playbook: the playbook acts on an issue synchronously, and
 * "issue raised" has to reach the bus before the ticket and escalation it causes.
 */
import type { CsmsEventInput } from '../csms/events.js';
import type { Detector } from '../detector/detector.js';
import type { Issue } from '../detector/types.js';
import type { Playbook } from '../playbook/playbook.js';

export type Publish = (input: CsmsEventInput) => void;

function scope(item: { stationId?: string; siteId?: string }): { stationId: string; siteId?: string } {
  return { stationId: item.stationId ?? '', ...(item.siteId !== undefined ? { siteId: item.siteId } : {}) };
}

export function relayDetector(detector: Detector, publish: Publish): void {
  // The detector hands out its live issue, which changes later: subscribers get a snapshot.
  const issueEvent = (type: 'issue-raised' | 'issue-updated' | 'issue-resolved') => (issue: Issue) =>
    publish({ type, ...scope(issue), issue: structuredClone(issue) });
  detector.on('issue-raised', issueEvent('issue-raised'));
  detector.on('issue-updated', issueEvent('issue-updated'));
  detector.on('issue-resolved', issueEvent('issue-resolved'));
}

/** The playbook already hands out copies. */
export function relayPlaybook(playbook: Playbook, publish: Publish): void {
  playbook.on('action', (action) => publish({ type: 'action', stationId: action.stationId, action }));
  playbook.on('escalation', (escalation) => {
    publish({ type: 'escalation', ...scope(playbook.ticketScope(escalation.ticketId) ?? {}), escalation });
  });
  playbook.on('ticket', ({ ticket, change }) => publish({ type: 'ticket', ...scope(ticket), change, ticket }));
  playbook.on('work-order', ({ workOrder, change }) => publish({ type: 'work-order', ...scope(workOrder), change, workOrder }));
}
