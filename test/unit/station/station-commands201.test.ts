import { afterEach, describe, expect, it } from 'vitest';
import { createStationFixture, startAccepted, type StationFixture } from './station-fixture.js';

let fixture: StationFixture | undefined;
afterEach(async () => {
  const violations = fixture?.fake.violations ?? [];
  await fixture?.station.stop();
  fixture = undefined;
  expect(violations, 'payloads must follow the official schemas').toEqual([]);
});

const PLAN = { connectorId: 1, idTag: 'TAG-1', durationS: 3_600, powerW: 11_000, unplugAfterS: 10 };

async function accepted(): Promise<StationFixture> {
  const f = createStationFixture('ocpp2.0.1');
  await startAccepted(f);
  return f;
}

const started = (f: StationFixture) => f.fake.waitForCall('TransactionEvent', { match: (p) => p.eventType === 'Started' });
const ended = (f: StationFixture) => f.fake.waitForCall('TransactionEvent', { match: (p) => p.eventType === 'Ended' });

describe('2.0.1 CSMS commands', () => {
  it('Reset Immediate ends the transaction with ImmediateReset and boots with reason RemoteReset', async () => {
    fixture = await accepted();
    const { station, fake } = fixture;
    const session = station.runSession(PLAN);
    await started(fixture);
    await expect(fake.invoke('Reset', { type: 'Immediate' })).resolves.toEqual({ status: 'Accepted' });
    const end = await ended(fixture);
    expect(end.payload).toMatchObject({ triggerReason: 'ResetCommand', transactionInfo: { stoppedReason: 'ImmediateReset' } });
    expect(fake.callsOf('BootNotification').map((c) => c.payload.reason)).toEqual(['PowerUp', 'RemoteReset']);
    await expect(session).resolves.toMatchObject({ ok: true, stopReason: 'ImmediateReset' });
  });

  it('Reset OnIdle is Scheduled during a transaction and happens once it ends', async () => {
    fixture = await accepted();
    const { station, fake } = fixture;
    void station.runSession({ ...PLAN, durationS: 60 });
    await started(fixture);
    await expect(fake.invoke('Reset', { type: 'OnIdle' })).resolves.toEqual({ status: 'Scheduled' });
    expect(fake.callsOf('BootNotification')).toHaveLength(1);
    const reboot = await fake.waitForCall('BootNotification', { count: 2 });
    // The Ended event may still wait in the offline queue when the station reboots (it goes out after the new boot
    // is accepted); what matters is that the transaction ended, normally, before the reset.
    const end = await ended(fixture);
    expect(end.payload).toMatchObject({ eventType: 'Ended', transactionInfo: { stoppedReason: 'Local' } });
    expect(Date.parse(end.payload.timestamp as string)).toBeLessThanOrEqual(reboot.atMs);
    expect(fake.callsOf('TransactionEvent').filter((c) => c.payload.eventType === 'Ended')).toHaveLength(1);
  });

  it('UnlockConnector refuses under a running transaction and unlocks otherwise', async () => {
    fixture = await accepted();
    const { station, fake } = fixture;
    void station.runSession(PLAN);
    await started(fixture);
    await expect(fake.invoke('UnlockConnector', { evseId: 1, connectorId: 1 })).resolves.toEqual({ status: 'OngoingAuthorizedTransaction' });
    await expect(fake.invoke('UnlockConnector', { evseId: 2, connectorId: 1 })).resolves.toEqual({ status: 'Unlocked' });
    await expect(fake.invoke('UnlockConnector', { evseId: 7, connectorId: 1 })).resolves.toEqual({ status: 'UnknownConnector' });
  });

  it('RequestStartTransaction starts with RemoteStart and remoteStartId; RequestStopTransaction ends it', async () => {
    fixture = await accepted();
    const { fake } = fixture;
    const request = { idToken: { idToken: 'APP-1', type: 'Central' }, remoteStartId: 77, evseId: 2 };
    await expect(fake.invoke('RequestStartTransaction', request)).resolves.toEqual({ status: 'Accepted' });
    const start = await started(fixture);
    expect(start.payload).toMatchObject({ triggerReason: 'RemoteStart', evse: { id: 2 }, transactionInfo: { remoteStartId: 77 } });
    const transactionId = (start.payload.transactionInfo as { transactionId: string }).transactionId;
    await expect(fake.invoke('RequestStopTransaction', { transactionId: 'nope' })).resolves.toEqual({ status: 'Rejected' });
    await expect(fake.invoke('RequestStopTransaction', { transactionId })).resolves.toEqual({ status: 'Accepted' });
    const end = await ended(fixture);
    expect(end.payload).toMatchObject({ triggerReason: 'RemoteStop', transactionInfo: { transactionId, stoppedReason: 'Remote' } });
  });

  it('GetVariables and SetVariables answer per variable, with UnknownComponent / UnknownVariable', async () => {
    fixture = await accepted();
    const { fake } = fixture;
    const heartbeat = { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } };
    const got = await fake.invoke('GetVariables', {
      getVariableData: [heartbeat, { component: { name: 'Nope' }, variable: { name: 'X' } }, { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'X' } }],
    });
    expect(got.getVariableResult).toEqual([
      { ...heartbeat, attributeStatus: 'Accepted', attributeType: 'Actual', attributeValue: '300' },
      { component: { name: 'Nope' }, variable: { name: 'X' }, attributeStatus: 'UnknownComponent' },
      { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'X' }, attributeStatus: 'UnknownVariable' },
    ]);
    const set = await fake.invoke('SetVariables', {
      setVariableData: [
        { ...heartbeat, attributeValue: '60' },
        { ...heartbeat, attributeValue: 'often' },
      ],
    });
    expect((set.setVariableResult as { attributeStatus: string }[]).map((r) => r.attributeStatus)).toEqual(['Accepted', 'Rejected']);
    expect(fixture.station.config.get('HeartbeatInterval')?.value).toBe('60');
  });

  it('TriggerMessage BootNotification is Rejected once accepted; StatusNotification is sent', async () => {
    fixture = await accepted();
    const { fake } = fixture;
    await fake.waitForCall('StatusNotification', { count: 2 });
    const from = fake.sent.length;
    await expect(fake.invoke('TriggerMessage', { requestedMessage: 'BootNotification' })).resolves.toEqual({ status: 'Rejected' });
    await expect(fake.invoke('TriggerMessage', { requestedMessage: 'StatusNotification', evse: { id: 2, connectorId: 1 } })).resolves.toEqual({
      status: 'Accepted',
    });
    const status = await fake.waitForCall('StatusNotification', { from });
    expect(status.payload).toMatchObject({ evseId: 2, connectorId: 1, connectorStatus: 'Available' });
  });

  it('ChangeAvailability Inoperative for one EVSE makes it Unavailable', async () => {
    fixture = await accepted();
    const { fake } = fixture;
    await expect(fake.invoke('ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 2 } })).resolves.toEqual({ status: 'Accepted' });
    const status = await fake.waitForCall('StatusNotification', { match: (p) => p.connectorStatus === 'Unavailable' });
    expect(status.payload.evseId).toBe(2);
    await expect(fake.invoke('ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 9 } })).resolves.toEqual({ status: 'Rejected' });
  });
});
