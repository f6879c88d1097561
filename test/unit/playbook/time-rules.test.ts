import { describe, expect, it } from 'vitest';
import { createDesk } from './desk.js';

const STATION = 'S1-CP1';
const HOUR_MS = 3_600_000;

describe('time-based escalation', () => {
  it('escalates to engineering with the account manager informed when unresolved after 1 h', async () => {
    const desk = createDesk();
    const issue = desk.raise('authorization-failures', { stationId: STATION });
    await desk.runFor(HOUR_MS - 60_000, 60_000);
    expect(desk.escalations.map((e) => e.target)).toEqual(['tier-1']);
    await desk.runFor(60_000, 60_000);
    expect(desk.escalations[1]).toMatchObject({ issueId: issue.id, target: 'engineering', accountManagerInformed: true, at: issue.raisedAt.simMs + HOUR_MS });
    expect(desk.ticketOf(issue)?.assignedTo).toBe('engineering');
  });

  it('escalates an outage persisting beyond 4 h to management, counted from when the condition held', async () => {
    const desk = createDesk();
    const issue = desk.raise('site-outage', { siteId: 'S1', raisedAt: { simMs: desk.clock.now() - HOUR_MS, realMs: 0 } });
    await desk.runFor(3 * HOUR_MS, 60_000);
    expect(desk.escalations.map((e) => [e.target, e.at - issue.raisedAt.simMs])).toEqual([
      ['network-it', HOUR_MS],
      ['engineering', HOUR_MS],
      ['management', 4 * HOUR_MS],
    ]);
    expect(desk.escalations[2]?.accountManagerInformed).toBeUndefined();
  });

  it('does not send a non-outage issue to management', async () => {
    const desk = createDesk();
    desk.raise('cost-not-configured', { siteId: 'S1' });
    await desk.runFor(6 * HOUR_MS, 10 * 60_000);
    expect(desk.escalations.map((e) => e.target)).toEqual(['tier-2', 'engineering']);
  });

  it('escalates nothing more once the ticket is closed', async () => {
    const desk = createDesk();
    const issue = desk.raise('concurrent-tx', { stationId: STATION });
    await desk.runFor(30 * 60_000, 60_000);
    desk.resolve(issue);
    await desk.runFor(6 * HOUR_MS, 10 * 60_000);
    expect(desk.escalations.map((e) => e.target)).toEqual(['tier-1']);
    expect(desk.ticketOf(issue)).toMatchObject({ status: 'closed', resolution: 'escalated' });
  });
});
