/**
 * Item 4/5: issues, tickets and work orders survive a CSMS restart on the same database file; the restored
 * issue is back in the detector, so the station recovering after the restart resolves it and closes the work.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IssueView } from '../../../harness/desk/issue-view.js';
import type { UptimeReport } from '../../../harness/desk/uptime-report.js';
import type { Ticket, WorkOrder } from '../../../harness/playbook/types.js';
import { DeskRig } from './fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'chargedrill-desk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function get<T>(rig: DeskRig, path: string): Promise<T> {
  const res = await fetch(`${rig.csms.url}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

describe('a CSMS restarted on the same database file', () => {
  it('still shows the open issue, its ticket and work order, and closes them when the station recovers', async () => {
    const dbPath = join(dir, 'csms.sqlite');
    const id = 'S1-CP1';
    const first = await DeskRig.start({ dbPath });
    let issueId: string;
    let stoppedAt: number;
    try {
      const cp = await first.station(id, 'ocpp1.6');
      // ReaderFailure has no remote fix: straight to field engineering with a work order for a reader.
      cp.station.setConnectorFault(2, 'ReaderFailure');
      const raised = await first.waitFor('issue-raised', (e) => e.issue.type === 'connector-faulted', 0);
      issueId = raised.issue.id;
      await first.waitFor('work-order', (e) => e.workOrder.issueId === issueId && e.change === 'opened', 0);
    } finally {
      await first.close();
      stoppedAt = first.clock.now();
    }

    const second = await DeskRig.start({ dbPath, startEpochMs: stoppedAt });
    try {
      const open = await get<IssueView[]>(second, '/api/issues?open=true');
      expect(open).toMatchObject([{ id: issueId, type: 'connector-faulted', code: 'CD-I003', stationId: id, connectorId: 2, siteId: 'S1', details: { errorCode: 'ReaderFailure' } }]);
      expect(open[0]?.escalations.map((e) => e.target)).toEqual(['field-engineering']);
      expect(open[0]?.resolvedAt).toBeUndefined();
      expect(second.desk.detector.openIssues().map((i) => i.id)).toEqual([issueId]);
      expect(await get<IssueView[]>(second, `/api/issues?type=connector-faulted&stationId=${id}`)).toHaveLength(1);
      expect(await get<IssueView[]>(second, '/api/issues?stationId=S9-CP9')).toEqual([]);
      const tickets = await get<Ticket[]>(second, '/api/tickets');
      expect(tickets).toMatchObject([{ issueId, status: 'open', assignedTo: 'field-engineering', part: expect.stringMatching(/reader/i) as unknown }]);
      expect(await get<WorkOrder[]>(second, '/api/work-orders?open=true')).toMatchObject([{ issueId, connectorId: 2, status: 'open' }]);
      expect((await fetch(`${second.csms.url}/api/issues?open=maybe`)).status).toBe(400);
      // The uptime history came back too: connector 2 has been out since the fault of the first run.
      const uptime = await get<UptimeReport>(second, '/api/uptime');
      const port2 = uptime.stations.find((s) => s.stationId === id)?.connectors.find((c) => c.connectorId === 2);
      expect(port2?.outageMin).toBeGreaterThan(0);
      expect(port2?.uptimePercent).toBeLessThan(100);

      // A new reader fitted while the CSMS was down: the station comes back with every connector Available.
      await second.station(id, 'ocpp1.6');
      const resolved = await second.waitFor('issue-resolved', (e) => e.issue.id === issueId, 0);
      expect(resolved.issue.resolvedAt).toBeDefined();
      await second.waitFor('ticket', (e) => e.ticket.issueId === issueId && e.change === 'closed', 0);
      expect(await get<IssueView[]>(second, '/api/issues?open=true')).toEqual([]);
      expect(await get<Ticket[]>(second, '/api/tickets?open=true')).toEqual([]);
      expect(await get<WorkOrder[]>(second, '/api/work-orders')).toMatchObject([{ issueId, status: 'closed', verifiedBy: { connectorId: 2, status: 'Available' } }]);
    } finally {
      await second.close();
    }
  });
});
