import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlaybookStore } from '../../../harness/playbook/store.js';
import { ManualClock } from '../detector/manual-clock.js';
import { createDesk } from './desk.js';

const STATION = 'S1-CP1';
const T0 = Date.UTC(2025, 0, 6, 8);

describe('playbook store', () => {
  let dir: string;
  let dbPath: string;
  const opened: Database.Database[] = [];

  function openStore(): PlaybookStore {
    const db = new Database(dbPath);
    opened.push(db);
    return new PlaybookStore(db);
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'chargedrill-playbook-'));
    dbPath = join(dir, 'csms.sqlite');
  });

  afterEach(() => {
    for (const db of opened.splice(0)) if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps open tickets, work orders, escalations, actions and uptime history across a restart', async () => {
    const first = createDesk({ store: openStore(), clock: new ManualClock(T0) });
    first.status(STATION, 1, 'Available');
    first.status(STATION, 2, 'Available');
    const safety = first.raise('safety-fault', { stationId: STATION, connectorId: 1, details: { errorCode: 'GroundFailure' } });
    first.behave((call) => (call.action === 'UnlockConnector' ? { then: () => void first.status(STATION, 2, 'Available') } : undefined));
    const stuck = first.raise('stuck-finishing', { stationId: STATION, connectorId: 2 });
    await first.playbook.idle();
    first.status(STATION, 1, 'Faulted', { errorCode: 'GroundFailure' });
    await first.runFor(10 * 60_000, 60_000);
    first.playbook.stop();
    opened[0]?.close();

    const second = createDesk({ store: openStore(), clock: new ManualClock(T0 + 30 * 60_000) });
    const restored = second.playbook.openTickets();
    expect(restored.map((t) => [t.issueId, t.issueType, t.assignedTo])).toEqual([[safety.id, 'safety-fault', 'field-engineering']]);
    expect(restored[0]?.actions.map((a) => [a.command, a.response])).toEqual([['ChangeAvailability', { status: 'Accepted' }]]);
    expect(restored[0]?.escalations.map((e) => e.target)).toEqual(['field-engineering']);
    expect(second.playbook.ticketForIssue(stuck.id)).toMatchObject({ status: 'closed', resolution: 'remote' });
    expect(second.playbook.workOrders()).toEqual([expect.objectContaining({ status: 'open', part: 'RCD / ground-fault module', connectorId: 1 })]);

    // Connector 1 has been Faulted since 08:00 (at T0 + the ticks before the restart): the history survived.
    const window = { fromMs: T0, toMs: T0 + 60 * 60_000 };
    const uptimeBefore = second.playbook.uptime.portUptime({ stationId: STATION, connectorId: 1 }, window);
    expect(uptimeBefore.outageMin).toBeGreaterThan(59);
    expect(second.playbook.uptime.stationUptime(STATION, window).outageMin).toBe(0);

    // The same issue announced again is not acted on twice; the time rules were re-armed.
    second.playbook.issueRaised(safety);
    await second.runUntil(() => second.escalations.length > 0, 60 * 60_000, 60_000);
    expect(second.calls).toEqual([]);
    expect(second.escalations).toEqual([expect.objectContaining({ issueId: safety.id, target: 'engineering', at: safety.raisedAt.simMs + 3_600_000 })]);

    second.status(STATION, 1, 'Available');
    second.resolve(safety);
    expect(second.playbook.workOrders()[0]?.status).toBe('closed');
    expect(second.playbook.ticketForIssue(safety.id)?.status).toBe('closed');

    const next = second.raise('concurrent-tx', { stationId: STATION });
    expect(second.playbook.ticketForIssue(next.id)?.id).toBe('T-3');
    // Stop before afterEach closes the database: a pending uptime flush must not fire on a closed connection.
    second.playbook.stop();
  });
});
