import { describe, expect, it } from 'vitest';
import type { CsmsEvent, CsmsEventInput } from '../../../harness/csms/events.js';
import { Detector } from '../../../harness/detector/detector.js';
import { Playbook } from '../../../harness/playbook/playbook.js';
import { ManualClock } from '../detector/manual-clock.js';
import { createDesk } from './desk.js';

const STATION = 'S1-CP1';
const TEN_HOURS_MS = 10 * 3_600_000;

describe('safety faults', () => {
  it.each([
    ['GroundFailure', 'RCD / ground-fault module'],
    ['HighTemperature', 'thermal inspection / cooling'],
    ['OverCurrentFailure', 'power electronics inspection'],
    ['OverVoltage', 'power electronics inspection'],
  ])('makes the connector Inoperative and dispatches field engineering at once for %s, and never sends a Reset', async (errorCode, part) => {
    const desk = createDesk();
    const raisedAt = desk.clock.now();
    const issue = desk.raise('safety-fault', { stationId: STATION, connectorId: 2, details: { errorCode } });

    // Dispatch does not wait for the station's answer.
    expect(desk.escalations).toEqual([expect.objectContaining({ issueId: issue.id, target: 'field-engineering', at: raisedAt })]);
    await desk.runFor(TEN_HOURS_MS, 60_000);

    expect(desk.calls.map((c) => [c.action, c.payload])).toEqual([['ChangeAvailability', { connectorId: 2, type: 'Inoperative' }]]);
    expect(desk.calls.some((c) => c.action === 'Reset')).toBe(false);
    const [workOrder] = desk.playbook.workOrders();
    expect(workOrder).toMatchObject({ status: 'open', connectorId: 2, part, openedAt: raisedAt });
    expect(workOrder?.actionsTried.map((a) => a.command)).toEqual(['ChangeAvailability']);
  });

  it('sends the 2.0.1 ChangeAvailability shape to a 2.0.1 station', async () => {
    const desk = createDesk({ protocol: 'ocpp2.0.1' });
    desk.raise('safety-fault', { stationId: STATION, evseId: 1, connectorId: 1, details: { errorCode: 'GroundFailure' } });
    await desk.playbook.idle();
    expect(desk.calls.map((c) => [c.action, c.payload])).toEqual([['ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1, connectorId: 1 } }]]);
  });

  it('skips every reset of another connector’s ladder while a safety fault is open on the station', async () => {
    const desk = createDesk();
    desk.raise('safety-fault', { stationId: STATION, connectorId: 1, details: { errorCode: 'GroundFailure' } });
    const stuck = desk.raise('stuck-finishing', { stationId: STATION, connectorId: 2 });
    await desk.runUntil(() => desk.playbook.workOrders().length === 2, 60 * 60_000, 10_000);
    expect(desk.commandNames()).toEqual(['ChangeAvailability', 'UnlockConnector']);
    expect(desk.ticketOf(stuck)?.actions.map((a) => [a.step, a.skipped !== undefined])).toEqual([
      ['unlock-connector', false],
      ['soft-reset', true],
      ['hard-reset', true],
    ]);
  });

  it('closes the safety work order and ticket only when the repaired connector reports Available', async () => {
    const desk = createDesk();
    const issue = desk.raise('safety-fault', { stationId: STATION, connectorId: 1, details: { errorCode: 'GroundFailure' } });
    await desk.playbook.idle();
    desk.status(STATION, 1, 'Unavailable');
    expect(desk.ticketOf(issue)?.status).toBe('open');
    desk.status(STATION, 1, 'Available');
    desk.resolve(issue);
    expect(desk.playbook.workOrders()[0]?.status).toBe('closed');
    expect(desk.ticketOf(issue)).toMatchObject({ status: 'closed', resolution: 'field' });
  });

  it('acts on a GroundFailure the real detector raised from a StatusNotification, and never resets the station', async () => {
    const clock = new ManualClock();
    const detector = new Detector({ clock, heartbeatIntervalS: 60 });
    const calls: string[] = [];
    const playbook = new Playbook({
      clock,
      commands: { send: (_stationId, action) => (calls.push(action), Promise.resolve({ status: 'Accepted' })) },
      protocolOf: () => 'ocpp1.6',
    });
    playbook.attachDetector(detector);
    let seq = 0;
    const emit = (input: CsmsEventInput): void => {
      const event = { ...input, seq: ++seq, at: clock.now() } as CsmsEvent;
      detector.handle(event);
      playbook.handle(event);
    };
    emit({ type: 'connect', stationId: STATION, protocol: 'ocpp1.6', remoteAddress: '127.0.0.1' });
    emit({ type: 'status', stationId: STATION, connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure' });
    await playbook.idle();
    clock.advance(TEN_HOURS_MS);
    await playbook.idle();
    expect(calls).toEqual(['ChangeAvailability']);
    const safety = playbook.tickets().find((t) => t.issueType === 'safety-fault');
    expect(safety?.escalations.map((e) => e.target)).toEqual(['field-engineering', 'engineering', 'management']);
    // Ten silent hours also raise no-connectivity: its hard reset is held back by the open safety fault.
    const silent = playbook.tickets().find((t) => t.issueType === 'no-connectivity');
    expect(silent?.actions.map((a) => [a.command, a.skipped !== undefined])).toEqual([['Reset', true]]);
    playbook.stop();
    detector.stop();
  });
});
