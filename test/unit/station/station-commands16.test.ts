import { afterEach, describe, expect, it } from 'vitest';
import { createStationFixture, describeCall, startAccepted, type StationFixture } from './station-fixture.js';

let fixture: StationFixture | undefined;
afterEach(async () => {
  const violations = fixture?.fake.violations ?? [];
  await fixture?.station.stop();
  fixture = undefined;
  expect(violations, 'payloads must follow the official schemas').toEqual([]);
});

const LONG_PLAN = { connectorId: 1, idTag: 'TAG-1', durationS: 3_600, powerW: 11_000, unplugAfterS: 30 };

async function chargingFixture(): Promise<StationFixture> {
  const f = createStationFixture('ocpp1.6');
  await startAccepted(f);
  return f;
}

/** Resolves once connector `connectorId` is in `status` (at once if it already is). */
function waitForStatus(f: StationFixture, connectorId: number, status: string): Promise<void> {
  return new Promise((resolve) => {
    if (f.station.connectorState(connectorId).status === status) return resolve();
    const listener = (id: number, s: string) => {
      if (id !== connectorId || s !== status) return;
      f.station.off('status', listener);
      resolve();
    };
    f.station.on('status', listener);
  });
}

describe('1.6 CSMS commands', () => {
  it('emits every command before handling it', async () => {
    fixture = await chargingFixture();
    const { station, fake } = fixture;
    const seen: [string, unknown, string | undefined][] = [];
    station.on('command', (action, payload) => seen.push([action, payload, station.config.get('HeartbeatInterval')?.value]));
    await expect(fake.invoke('ChangeConfiguration', { key: 'HeartbeatInterval', value: '120' })).resolves.toEqual({ status: 'Accepted' });
    expect(seen).toEqual([['ChangeConfiguration', { key: 'HeartbeatInterval', value: '120' }, '300']]);
    expect(station.config.get('HeartbeatInterval')?.value).toBe('120');
  });

  it('Reset Hard stops the running transaction with HardReset, drops the socket and boots again', async () => {
    fixture = await chargingFixture();
    const { station, fake } = fixture;
    const session = station.runSession(LONG_PLAN);
    await fake.waitForCall('StatusNotification', { match: (p) => p.status === 'Charging' });
    const from = fake.sent.length;

    await expect(fake.invoke('Reset', { type: 'Hard' })).resolves.toEqual({ status: 'Accepted' });
    const stop = await fake.waitForCall('StopTransaction', { from });
    await fake.waitForCall('StatusNotification', { from, count: 2 });

    expect(fake.dropCount).toBe(1);
    expect(stop.payload).toMatchObject({ reason: 'HardReset', transactionId: 1000 });
    // The StopTransaction waited offline and replays only after the new boot was accepted. (A Heartbeat or a
    // MeterValues may go out between the Charging status and the Reset: the timers keep running meanwhile.)
    const afterReset = fake.sent.slice(from).map(describeCall);
    const boot = afterReset.indexOf('BootNotification');
    expect(afterReset.slice(0, boot).filter((call) => call !== 'Heartbeat' && call !== 'MeterValues')).toEqual([]);
    // A MeterValues sampled before the reset but not yet delivered replays first, in order; none follows the stop.
    const stopAt = afterReset.indexOf('StopTransaction');
    expect(afterReset.slice(stopAt).filter((call) => call === 'MeterValues')).toEqual([]);
    expect(afterReset.slice(boot).filter((call) => call !== 'Heartbeat' && call !== 'MeterValues').slice(0, 4)).toEqual([
      'BootNotification',
      'StopTransaction',
      'StatusNotification:Available',
      'StatusNotification:Available',
    ]);
    await expect(session).resolves.toMatchObject({ ok: true, stopReason: 'HardReset' });
    expect(station.connectorState(1).status).toBe('Available');
  });

  it('Reset Soft stops the transaction with SoftReset first, then boots again on the same connection', async () => {
    fixture = await chargingFixture();
    const { station, fake } = fixture;
    void station.runSession(LONG_PLAN);
    await fake.waitForCall('StatusNotification', { match: (p) => p.status === 'Charging' });
    const from = fake.sent.length;
    await fake.invoke('Reset', { type: 'Soft' });
    await fake.waitForCall('BootNotification', { from });
    expect(fake.dropCount).toBe(0);
    expect(fake.sent.slice(from).map((c) => c.action).slice(0, 2)).toEqual(['StopTransaction', 'BootNotification']);
    expect(fake.callsOf('StopTransaction', from)[0]?.payload).toMatchObject({ reason: 'SoftReset' });
  });

  it('UnlockConnector releases a connector stuck in Finishing', async () => {
    fixture = await chargingFixture();
    const { station, fake } = fixture;
    station.behaviour.stuckInFinishing = true;
    await station.runSession({ ...LONG_PLAN, durationS: 60, unplugAfterS: 10 });
    expect(station.connectorState(1).status).toBe('Finishing');
    // The session has ended, but its Finishing StatusNotification may still wait behind the call in flight.
    await fake.waitForCall('StatusNotification', { match: (p) => p['status'] === 'Finishing' });
    const from = fake.sent.length;
    await expect(fake.invoke('UnlockConnector', { connectorId: 1 })).resolves.toEqual({ status: 'Unlocked' });
    const status = await fake.waitForCall('StatusNotification', { from });
    expect(status.payload).toMatchObject({ connectorId: 1, status: 'Available' });
  });

  it('UnlockConnector answers UnlockFailed when the lock refuses, NotSupported for an unknown connector', async () => {
    fixture = await chargingFixture();
    const { station, fake } = fixture;
    station.behaviour.refuseUnlock = true;
    await expect(fake.invoke('UnlockConnector', { connectorId: 1 })).resolves.toEqual({ status: 'UnlockFailed' });
    await expect(fake.invoke('UnlockConnector', { connectorId: 9 })).resolves.toEqual({ status: 'NotSupported' });
  });

  it('TriggerMessage StatusNotification is accepted, then the status is sent', async () => {
    fixture = await chargingFixture();
    const { fake } = fixture;
    await fake.waitForCall('StatusNotification', { count: 2 });
    const from = fake.sent.length;
    await expect(fake.invoke('TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 2 })).resolves.toEqual({
      status: 'Accepted',
    });
    const sent = await fake.waitForCall('StatusNotification', { from });
    expect(sent.payload).toMatchObject({ connectorId: 2, status: 'Available', errorCode: 'NoError' });
    // No upload in progress: the triggered DiagnosticsStatusNotification says Idle.
    const diagnosticsFrom = fake.sent.length;
    await expect(fake.invoke('TriggerMessage', { requestedMessage: 'DiagnosticsStatusNotification' })).resolves.toEqual({
      status: 'Accepted',
    });
    const diagnostics = await fake.waitForCall('DiagnosticsStatusNotification', { from: diagnosticsFrom });
    expect(diagnostics.payload).toEqual({ status: 'Idle' });
  });

  it('GetConfiguration lists unknown keys apart; ChangeConfiguration refuses unknown and read-only keys', async () => {
    fixture = await chargingFixture();
    const { fake } = fixture;
    await expect(fake.invoke('GetConfiguration', { key: ['HeartbeatInterval', 'NoSuchKey'] })).resolves.toEqual({
      configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }],
      unknownKey: ['NoSuchKey'],
    });
    const all = await fake.invoke('GetConfiguration', {});
    expect((all.configurationKey as unknown[]).length).toBeGreaterThan(5);
    await expect(fake.invoke('ChangeConfiguration', { key: 'NoSuchKey', value: '1' })).resolves.toEqual({ status: 'NotSupported' });
    await expect(fake.invoke('ChangeConfiguration', { key: 'NumberOfConnectors', value: '4' })).resolves.toEqual({ status: 'Rejected' });
    await expect(fake.invoke('ChangeConfiguration', { key: 'HeartbeatInterval', value: 'soon' })).resolves.toEqual({ status: 'Rejected' });
  });

  it('ChangeAvailability Inoperative is Scheduled during a transaction and applied when it ends', async () => {
    fixture = await chargingFixture();
    const { station, fake, statuses } = fixture;
    const session = station.runSession({ ...LONG_PLAN, durationS: 120, unplugAfterS: 10 });
    await waitForStatus(fixture, 1, 'Charging');
    await expect(fake.invoke('ChangeAvailability', { connectorId: 1, type: 'Inoperative' })).resolves.toEqual({ status: 'Scheduled' });
    await expect(fake.invoke('ChangeAvailability', { connectorId: 2, type: 'Inoperative' })).resolves.toEqual({ status: 'Accepted' });
    await session;
    expect(statuses.get(1)).toEqual(['Preparing', 'Charging', 'Finishing', 'Unavailable']);
    await waitForStatus(fixture, 2, 'Unavailable');
    await expect(station.runSession(LONG_PLAN)).resolves.toEqual({ ok: false, reason: 'connector 1 is Unavailable' });
  });

  it('RemoteStartTransaction starts a session; RemoteStopTransaction ends it with reason Remote', async () => {
    fixture = await chargingFixture();
    const { station, fake } = fixture;
    const ended = new Promise<unknown>((resolve) => station.once('session', (_id, result) => resolve(result)));
    await expect(fake.invoke('RemoteStartTransaction', { idTag: 'REMOTE', connectorId: 2 })).resolves.toEqual({ status: 'Accepted' });
    const start = await fake.waitForCall('StartTransaction');
    expect(start.payload).toMatchObject({ connectorId: 2, idTag: 'REMOTE' });
    expect(fake.callsOf('Authorize')).toHaveLength(0);
    // Sent after the StartTransaction answer (one call in flight), so the id is known by now.
    await fake.waitForCall('StatusNotification', { match: (p) => p.status === 'Charging' });
    await expect(fake.invoke('RemoteStopTransaction', { transactionId: 4242 })).resolves.toEqual({ status: 'Rejected' });
    await expect(fake.invoke('RemoteStopTransaction', { transactionId: 1000 })).resolves.toEqual({ status: 'Accepted' });
    const stop = await fake.waitForCall('StopTransaction');
    expect(stop.payload).toMatchObject({ transactionId: 1000, reason: 'Remote' });
    await expect(ended).resolves.toMatchObject({ ok: true, stopReason: 'Remote' });
  });

  it('DataTransfer answers UnknownVendorId and ClearCache Accepted', async () => {
    fixture = await chargingFixture();
    await expect(fixture.fake.invoke('DataTransfer', { vendorId: 'acme' })).resolves.toEqual({ status: 'UnknownVendorId' });
    await expect(fixture.fake.invoke('ClearCache', {})).resolves.toEqual({ status: 'Accepted' });
  });

  it('powerCycle stops the transaction with PowerLoss and reboots', async () => {
    fixture = await chargingFixture();
    const { station, fake } = fixture;
    void station.runSession(LONG_PLAN);
    await waitForStatus(fixture, 1, 'Charging');
    station.powerCycle();
    const stop = await fake.waitForCall('StopTransaction');
    expect(stop.payload).toMatchObject({ reason: 'PowerLoss' });
    expect(fake.callsOf('BootNotification')).toHaveLength(2);
  });
});
