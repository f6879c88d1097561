/**
 * Done-when (a): a GroundFailure during a session raises a safety-fault issue and a field-engineering
 * escalation; the connector is made Inoperative; no Reset is ever sent; the work order closes only once
 * the connector is back Available after the technician's repair.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import { DeskRig, TEST_DESK_CONFIG, commandNames } from './fixture.js';
import { DEFAULT_DETECTOR_CONFIG } from '../../../harness/detector/config.js';

let rig: DeskRig;
afterEach(() => rig?.close());

describe.each<OcppProtocol>(['ocpp1.6', 'ocpp2.0.1'])('a GroundFailure mid-session on %s', (protocol) => {
  it('raises a safety fault, dispatches field engineering, takes the connector out of service and never resets', async () => {
    rig = await DeskRig.start();
    const id = 'S1-CP1';
    const cp = await rig.station(id, protocol);
    const started = rig.waitFor('transaction-started', (e) => e.stationId === id, 60_000);
    void cp.station.runSession({ connectorId: 1, idTag: 'TAG-1', durationS: 3_600 });
    await started;

    cp.station.setConnectorFault(1, 'GroundFailure', 'RCD tripped');
    // 1.6 names the code in StatusNotification; 2.0.1 in NotifyEvent (classified within the grace).
    const raised = await rig.waitFor('issue-raised', (e) => e.issue.type === 'safety-fault', DEFAULT_DETECTOR_CONFIG.faultClassificationGraceMs);
    expect(raised.issue).toMatchObject({ stationId: id, connectorId: 1, severity: 'critical', details: { errorCode: 'GroundFailure' } });
    const escalation = await rig.waitFor('escalation', (e) => e.escalation.issueId === raised.issue.id, 0);
    expect(escalation.escalation.target).toBe('field-engineering');
    const workOrder = await rig.waitFor('work-order', (e) => e.workOrder.issueId === raised.issue.id && e.change === 'opened', 0);
    expect(workOrder.workOrder.part).toMatch(/RCD|ground/i);
    await rig.waitFor('command', (e) => e.stationId === id && e.action === 'ChangeAvailability' && e.response !== undefined, 0);
    const inoperative = cp.commands.find((c) => c.action === 'ChangeAvailability');
    expect(JSON.stringify(inoperative?.payload)).toContain('Inoperative');

    // A generic fault's ladder would reach a reset after its trigger-status and unlock windows: wait that long.
    const { verifyAvailableWithinMs } = TEST_DESK_CONFIG.playbook;
    await rig.pass(verifyAvailableWithinMs['trigger-status'] + verifyAvailableWithinMs['unlock-connector']);
    expect(rig.of('work-order', (e) => e.workOrder.id === workOrder.workOrder.id && e.change === 'closed')).toEqual([]);

    // The technician replaces the RCD; the operator puts the connector back in service.
    cp.station.clearConnectorFault(1);
    const operative = protocol === 'ocpp1.6' ? { connectorId: 1, type: 'Operative' } : { operationalStatus: 'Operative', evse: { id: 1, connectorId: 1 } };
    await rig.csms.sendCommand(id, 'ChangeAvailability', operative);
    const closed = await rig.waitFor('work-order', (e) => e.workOrder.id === workOrder.workOrder.id && e.change === 'closed', 60_000);
    expect(closed.workOrder.verifiedBy?.status).toBe('Available');
    await rig.waitFor('issue-resolved', (e) => e.issue.id === raised.issue.id, 0);
    const ticket = await rig.waitFor('ticket', (e) => e.ticket.issueId === raised.issue.id && e.change === 'closed', 0);
    expect(ticket.ticket.resolution).toBe('field');

    expect(commandNames(cp)).not.toContain('Reset');
    expect(rig.of('command', (e) => e.action === 'Reset')).toEqual([]);
    // One fault, one issue: no generic connector-faulted or anything else alongside.
    expect(rig.of('issue-raised').map((e) => e.issue.type)).toEqual(['safety-fault']);
  });
});
