import { describe, expect, it } from 'vitest';
import { createDesk, type Desk } from './desk.js';

const STATION = 'S1-CP1';

/** The fake station reports Available on `connectorId` after answering a command matching `recovers`. */
function recoverOn(desk: Desk, connectorId: number, recovers: (action: string, payload: Record<string, unknown>) => boolean, evseId?: number): void {
  desk.behave((call) =>
    recovers(call.action, call.payload) ? { then: () => void desk.status(STATION, connectorId, 'Available', evseId !== undefined ? { evseId } : {}) } : undefined,
  );
}

describe('remote-recovery ladder', () => {
  it('recovers a connector stuck in Finishing with UnlockConnector alone and closes the ticket as a first-contact resolution', async () => {
    const desk = createDesk();
    recoverOn(desk, 2, (action) => action === 'UnlockConnector');
    const issue = desk.raise('stuck-finishing', { stationId: STATION, connectorId: 2 });
    await desk.playbook.idle();

    expect(desk.calls.map((c) => [c.action, c.payload])).toEqual([['UnlockConnector', { connectorId: 2 }]]);
    expect(desk.ticketOf(issue)).toMatchObject({ status: 'closed', resolution: 'remote', assignedTo: 'desk', escalations: [] });
    expect(desk.escalations).toEqual([]);
    expect(desk.actions[0]).toMatchObject({ issueId: issue.id, stationId: STATION, step: 'unlock-connector', command: 'UnlockConnector', response: { status: 'Unlocked' } });
    expect(desk.playbook.metrics().firstContactResolutionRate).toBe(1);
  });

  it('moves on to a soft reset when the connector is not Available within the unlock window, and recovers with it', async () => {
    const desk = createDesk({ config: { verifyAvailableWithinMs: { 'unlock-connector': 60_000 } } });
    recoverOn(desk, 1, (action, payload) => action === 'Reset' && payload['type'] === 'Soft');
    const issue = desk.raise('stuck-finishing', { stationId: STATION, connectorId: 1 });

    await desk.runUntil(() => desk.ticketOf(issue)?.status === 'closed', 10 * 60_000);

    expect(desk.commandNames()).toEqual(['UnlockConnector', 'Reset:Soft']);
    // The soft reset waited out the whole unlock window: no earlier, no later.
    expect((desk.calls[1]?.atMs ?? 0) - (desk.calls[0]?.atMs ?? 0)).toBe(60_000);
    expect(desk.ticketOf(issue)).toMatchObject({ resolution: 'remote', escalations: [] });
    expect(desk.ticketOf(issue)?.actions.map((a) => a.verified)).toEqual([false, true]);
  });

  it('climbs to a hard reset, then escalates to field engineering with a work order that closes only once the connector is Available', async () => {
    const desk = createDesk();
    const issue = desk.raise('stuck-finishing', { stationId: STATION, connectorId: 1 });

    await desk.runUntil(() => desk.escalations.length > 0, 60 * 60_000, 10_000);

    expect(desk.commandNames()).toEqual(['UnlockConnector', 'Reset:Soft', 'Reset:Hard']);
    expect(desk.escalations).toEqual([expect.objectContaining({ issueId: issue.id, target: 'field-engineering' })]);
    const [workOrder] = desk.playbook.workOrders();
    expect(workOrder).toMatchObject({ status: 'open', stationId: STATION, connectorId: 1, part: 'connector and cable inspection' });
    expect(workOrder?.actionsTried.map((a) => a.command)).toEqual(['UnlockConnector', 'Reset', 'Reset']);
    expect(workOrder?.messageLog).toHaveLength(3);
    expect(workOrder?.technicianDueAt).toBe((workOrder?.openedAt ?? 0) + desk.playbook.config.technicianTravelMs);

    desk.status(STATION, 1, 'Faulted', { errorCode: 'OtherError' });
    desk.status(STATION, 2, 'Available');
    expect(desk.playbook.workOrders()[0]?.status).toBe('open');

    const technicianBack = desk.status(STATION, 1, 'Available');
    desk.resolve(issue);
    expect(desk.playbook.workOrders()[0]).toMatchObject({ status: 'closed', verifiedBy: { seq: technicianBack.seq, connectorId: 1, status: 'Available' } });
    expect(desk.ticketOf(issue)).toMatchObject({ status: 'closed', resolution: 'field' });
    expect(desk.playbook.metrics().firstContactResolutionRate).toBe(0);
  });

  it('keeps the ticket open while its work order is open, even when the issue resolves', async () => {
    const desk = createDesk({ config: { ladders: { 'power-meter-failure': [] } } });
    const issue = desk.raise('power-meter-failure', { stationId: STATION, connectorId: 1, details: { errorCode: 'PowerMeterFailure' } });
    await desk.playbook.idle();
    desk.resolve(issue);
    expect(desk.ticketOf(issue)?.status).toBe('open');
    desk.status(STATION, 1, 'Available');
    expect(desk.ticketOf(issue)).toMatchObject({ status: 'closed', resolution: 'field' });
  });

  it('tries a soft reset on a power meter failure, then dispatches the field with an energy meter', async () => {
    const desk = createDesk();
    desk.raise('power-meter-failure', { stationId: STATION, connectorId: 1, details: { errorCode: 'PowerMeterFailure' } });
    await desk.runUntil(() => desk.escalations.length > 0, 60 * 60_000, 10_000);
    expect(desk.commandNames()).toEqual(['Reset:Soft']);
    expect(desk.escalations[0]?.target).toBe('field-engineering');
    expect(desk.playbook.workOrders()[0]?.part).toBe('energy meter');
  });

  it('speaks 2.0.1 to a 2.0.1 station: unlock by EVSE, OnIdle reset, and a lock actuator for a ConnectorLockFailure', async () => {
    const desk = createDesk({ protocol: 'ocpp2.0.1' });
    desk.raise('connector-faulted', { stationId: STATION, evseId: 2, connectorId: 1, details: { errorCode: 'ConnectorLockFailure' } });
    await desk.runUntil(() => desk.escalations.length > 0, 60 * 60_000, 10_000);
    expect(desk.calls.map((c) => [c.action, c.payload])).toEqual([
      ['UnlockConnector', { evseId: 2, connectorId: 1 }],
      ['Reset', { type: 'OnIdle' }],
    ]);
    expect(desk.playbook.workOrders()[0]).toMatchObject({ part: 'lock actuator', evseId: 2, connectorId: 1 });
  });

  it('starts a generic fault with a TriggerMessage that can show the connector is already back', async () => {
    const desk = createDesk();
    recoverOn(desk, 1, (action) => action === 'TriggerMessage');
    const issue = desk.raise('connector-faulted', { stationId: STATION, connectorId: 1, details: { errorCode: 'OtherError' } });
    await desk.playbook.idle();
    expect(desk.calls.map((c) => [c.action, c.payload])).toEqual([['TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 1 }]]);
    expect(desk.ticketOf(issue)?.resolution).toBe('remote');
  });

  it('moves on at once when the station rejects a step or the command fails, recording why', async () => {
    const desk = createDesk({ config: { ladders: { 'stuck-finishing': ['unlock-connector', 'soft-reset', 'hard-reset'] } } });
    desk.behave((call) => {
      if (call.action === 'UnlockConnector') return { response: { status: 'UnlockFailed' } };
      if (call.payload['type'] === 'Soft') return { error: Object.assign(new Error('station S1-CP1 is not connected'), { code: 'CSMS_STATION_NOT_CONNECTED' }) };
      return { then: () => void desk.status(STATION, 1, 'Available') };
    });
    const issue = desk.raise('stuck-finishing', { stationId: STATION, connectorId: 1 });
    await desk.playbook.idle();
    const actions = desk.ticketOf(issue)?.actions ?? [];
    expect(actions.map((a) => [a.step, a.response ?? a.error, a.verified])).toEqual([
      ['unlock-connector', { status: 'UnlockFailed' }, false],
      ['soft-reset', 'CSMS_STATION_NOT_CONNECTED: station S1-CP1 is not connected', false],
      ['hard-reset', { status: 'Accepted' }, true],
    ]);
    // No verification window was waited for the two failed steps.
    expect(new Set(desk.calls.map((c) => c.atMs)).size).toBe(1);
  });

  it('proves the recovery with a test session when configured', async () => {
    const desk = createDesk({ config: { testSessionAfterRecovery: true } });
    desk.behave((call) => {
      if (call.action === 'UnlockConnector') return { then: () => void desk.status(STATION, 1, 'Available') };
      if (call.action === 'RemoteStartTransaction') {
        return { then: () => void desk.emit({ type: 'transaction-started', stationId: STATION, transactionId: '77', connectorId: 1, idTag: 'DESK-TEST', meterStartWh: 0 }) };
      }
      return undefined;
    });
    const issue = desk.raise('stuck-finishing', { stationId: STATION, connectorId: 1 });
    await desk.playbook.idle();
    expect(desk.calls.map((c) => [c.action, c.payload])).toEqual([
      ['UnlockConnector', { connectorId: 1 }],
      ['RemoteStartTransaction', { idTag: 'DESK-TEST', connectorId: 1 }],
      ['RemoteStopTransaction', { transactionId: 77 }],
    ]);
    expect(desk.ticketOf(issue)?.resolution).toBe('remote');
  });

  it('acts once per issue, however often the issue is announced', async () => {
    const desk = createDesk();
    recoverOn(desk, 1, (action) => action === 'UnlockConnector');
    const issue = desk.issue('stuck-finishing', { stationId: STATION, connectorId: 1 });
    desk.playbook.issueRaised(issue);
    desk.playbook.issueRaised(issue);
    await desk.playbook.idle();
    desk.playbook.issueRaised(issue);
    await desk.playbook.idle();
    expect(desk.calls).toHaveLength(1);
    expect(desk.playbook.tickets()).toHaveLength(1);
  });

  it('credits the desk when the issue resolves while its command is being verified', async () => {
    const desk = createDesk();
    const issue = desk.raise('stuck-finishing', { stationId: STATION, connectorId: 1 });
    desk.resolve(issue);
    await desk.playbook.idle();
    expect(desk.commandNames()).toEqual(['UnlockConnector']);
    expect(desk.ticketOf(issue)).toMatchObject({ status: 'closed', resolution: 'remote' });
  });
});
