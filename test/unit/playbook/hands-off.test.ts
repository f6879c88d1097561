/** A station handed to a trainee (a drill): the desk opens no ticket and sends nothing for its new issues, and takes them again once handed back. */
import { describe, expect, it } from 'vitest';
import { createDesk } from './desk.js';

describe('hands-off stations', () => {
  it('takes in no new issue of a handed-off station, while other stations are handled as ever', async () => {
    const desk = createDesk();
    desk.playbook.setHandsOff('S1-CP1', true);
    expect(desk.playbook.isHandsOff('S1-CP1')).toBe(true);
    const drilled = desk.raise('safety-fault', { stationId: 'S1-CP1', connectorId: 1, details: { errorCode: 'GroundFailure' } });
    const other = desk.raise('safety-fault', { stationId: 'S1-CP2', connectorId: 1, details: { errorCode: 'GroundFailure' } });
    await desk.playbook.idle();
    expect(desk.ticketOf(drilled)).toBeUndefined();
    expect(desk.ticketOf(other)).toMatchObject({ status: 'open' });
    expect(desk.calls.map((c) => c.stationId)).toEqual(['S1-CP2']);

    desk.playbook.setHandsOff('S1-CP1', false);
    expect(desk.playbook.isHandsOff('S1-CP1')).toBe(false);
    // The ticket opens as the issue comes in (its ladder then waits on the clock).
    const later = desk.raise('stuck-finishing', { stationId: 'S1-CP1', connectorId: 2 });
    expect(desk.ticketOf(later)).toMatchObject({ status: 'open' });
  });
});
