/**
 * Done-when (b): a connector stuck in Finishing (2.0.1: Occupied without a transaction) is unlocked and the
 * ticket closes once it is Available; a station that does not recover after unlock and resets escalates
 * to field engineering with a work order that closes only after the technician's repair.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import type { JsonObject } from '../../../simulator/protocol/frames.js';
import { DeskRig, TEST_DESK_CONFIG, commandNames } from './fixture.js';

let rig: DeskRig;
afterEach(() => rig?.close());

const SESSION_S = 60;
const { stuckFinishingMs } = TEST_DESK_CONFIG.detector;
const verify = TEST_DESK_CONFIG.playbook.verifyAvailableWithinMs;

/** Charges SESSION_S, stops, and then the cable never leaves the socket. */
async function stuckSession(rig: DeskRig, id: string, protocol: OcppProtocol) {
  const cp = await rig.station(id, protocol);
  cp.station.behaviour.stuckInFinishing = true;
  void cp.station.runSession({ connectorId: 1, idTag: 'TAG-1', durationS: SESSION_S, unplugAfterS: 10 });
  const ended = await rig.waitFor('transaction-ended', (e) => e.stationId === id, SESSION_S * 1_000);
  const raised = await rig.waitFor('issue-raised', (e) => e.issue.type === 'stuck-finishing' && e.issue.stationId === id, stuckFinishingMs);
  // The threshold counts from the end of the session.
  expect(raised.issue.raisedAt.simMs).toBe(ended.at + stuckFinishingMs);
  return { cp, raised };
}

describe.each<OcppProtocol>(['ocpp1.6', 'ocpp2.0.1'])('a connector stuck in Finishing on %s', (protocol) => {
  it('is unlocked remotely, and the ticket closes as a remote fix once the connector is Available', async () => {
    rig = await DeskRig.start();
    const id = 'S1-CP1';
    const { cp, raised } = await stuckSession(rig, id, protocol);

    const back = await rig.waitFor('status', (e) => e.stationId === id && e.status === 'Available' && e.at > raised.at, verify['unlock-connector']);
    const ticket = await rig.waitFor('ticket', (e) => e.ticket.issueId === raised.issue.id && e.change === 'closed', verify['unlock-connector']);
    expect(commandNames(cp)).toEqual(['UnlockConnector']);
    expect(ticket.ticket).toMatchObject({ resolution: 'remote', workOrderIds: [], escalations: [] });
    expect(ticket.ticket.actions).toMatchObject([{ step: 'unlock-connector', response: { status: 'Unlocked' }, verified: true }]);
    expect((await rig.waitFor('issue-resolved', (e) => e.issue.id === raised.issue.id, 0)).issue.resolvedAt?.simMs).toBe(back.at);
    expect(rig.of('issue-raised').map((e) => e.issue.type)).toEqual(['stuck-finishing']);
  });

  it('escalates with a work order when neither unlock nor resets free it, and closes it only after the technician', async () => {
    rig = await DeskRig.start();
    const id = 'S2-CP1';
    const { cp, raised } = await stuckSession(rig, id, protocol);
    cp.station.behaviour.refuseUnlock = true;
    // Workaround: any reset of a VirtualStation settles every connector to Available (station.ts reboot()),
    // so "stays stuck after a reset" cannot be switched on. This station accepts Reset and stays as it is,
    // like one whose lock is mechanically jammed; the command is still recorded as the station saw it.
    cp.station.transport.handle('Reset', (payload: JsonObject) => {
      cp.commands.push({ action: 'Reset', payload, atSimMs: rig.clock.now() });
      return { status: 'Accepted' };
    });

    const ladderMs = verify['unlock-connector'] + verify['soft-reset'] + verify['hard-reset'];
    const escalation = await rig.waitFor('escalation', (e) => e.escalation.issueId === raised.issue.id, ladderMs);
    expect(escalation.escalation.target).toBe('field-engineering');
    expect(escalation.escalation.reason).toContain('remote recovery exhausted');
    const opened = await rig.waitFor('work-order', (e) => e.workOrder.issueId === raised.issue.id && e.change === 'opened', 0);
    const soft = protocol === 'ocpp1.6' ? 'Soft' : 'OnIdle';
    const hard = protocol === 'ocpp1.6' ? 'Hard' : 'Immediate';
    expect(cp.commands.map((c) => (c.action === 'Reset' ? `Reset:${String(c.payload['type'])}` : c.action))).toEqual(['UnlockConnector', `Reset:${soft}`, `Reset:${hard}`]);
    expect(opened.workOrder.actionsTried.map((a) => a.step)).toEqual(['unlock-connector', 'soft-reset', 'hard-reset']);

    // Nothing closes it on its own: wait another full ladder's worth of time.
    await rig.pass(ladderMs);
    expect(rig.of('work-order', (e) => e.workOrder.id === opened.workOrder.id && e.change === 'closed')).toEqual([]);

    // The technician frees the lock actuator and releases the cable from the console.
    cp.station.behaviour.refuseUnlock = false;
    cp.station.behaviour.stuckInFinishing = false;
    const technicianAt = rig.clock.now();
    const unlock = protocol === 'ocpp1.6' ? { connectorId: 1 } : { evseId: 1, connectorId: 1 };
    await rig.csms.sendCommand(id, 'UnlockConnector', unlock);
    const closed = await rig.waitFor('work-order', (e) => e.workOrder.id === opened.workOrder.id && e.change === 'closed', 60_000);
    expect(closed.workOrder.closedAt).toBeGreaterThanOrEqual(technicianAt);
    expect(closed.workOrder.verifiedBy?.status).toBe('Available');
    const ticket = await rig.waitFor('ticket', (e) => e.ticket.issueId === raised.issue.id && e.change === 'closed', 0);
    expect(ticket.ticket.resolution).toBe('field');
    expect(rig.of('issue-raised').map((e) => e.issue.type)).toEqual(['stuck-finishing']);
  });
});
