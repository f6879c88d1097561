/**
 * Turns the detector's and the playbook's own events into CSMS bus events (and so into SSE and webhooks).
 * When each is published relative to the playbook's work is decided in harness/reference-csms.ts.
 */
import type { CsmsEventInput } from '../csms/events.js';
import type { Issue } from '../detector/types.js';
import type { IssueChange } from '../playbook/issue-intake.js';
import type { Playbook } from '../playbook/playbook.js';

export type Publish = (input: CsmsEventInput) => void;

function scope(item: { stationId?: string; siteId?: string }): { stationId: string; siteId?: string } {
  return { stationId: item.stationId ?? '', ...(item.siteId !== undefined ? { siteId: item.siteId } : {}) };
}

/** The detector hands out its live issue, which changes later: the bus gets a snapshot. */
export function issueEvent(change: IssueChange, issue: Issue): CsmsEventInput {
  return { type: change, ...scope(issue), issue: structuredClone(issue) };
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
