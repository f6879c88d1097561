/**
 * OCPP 1.6 UpdateFirmware against the real bundled CSMS: a real download from a local HTTP server, the
 * status notifications in order, the reboot into the new firmware version, and the failure variants.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FIRMWARE_DEFAULTS } from '../../../simulator/station/firmware.js';
import { STATION_ID, TransferRig } from './file-transfer-rig.js';

let rig: TransferRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const IMAGE = 'chargedrill-firmware v9.1.0\n\u0000binary payload follows';
/** Bound for a whole update: the default download and install times plus retries and reconnects. */
const UPDATE_BOUND_MS = (FIRMWARE_DEFAULTS.downloadS + FIRMWARE_DEFAULTS.installS + 600) * 1_000;

const iso = (ms: number) => new Date(ms).toISOString();

describe('1.6 UpdateFirmware', () => {
  it('downloads at retrieveDate, installs, reboots and boots again with the new firmwareVersion; then reports Idle', async () => {
    rig = await TransferRig.start('ocpp1.6');
    const live = rig;
    live.files.files.set('/fw/v9.bin', IMAGE);
    const before = live.station.identity.firmwareVersion;
    const retrieveAt = live.clock.now() + 120_000;
    const from = live.frames.length;

    const answer = await live.csms.sendCommand(STATION_ID, 'UpdateFirmware', { location: live.files.url('/fw/v9.bin'), retrieveDate: iso(retrieveAt) });
    expect(answer).toEqual({});
    await live.waitFor(() => live.statuses('FirmwareStatusNotification').includes('Installed'), 120_000 + UPDATE_BOUND_MS, 'Installed');

    expect(live.statuses('FirmwareStatusNotification')).toEqual(['Downloading', 'Downloaded', 'Installing', 'Installed']);
    const gets = live.files.requests.filter((r) => r.method === 'GET');
    expect(gets.map((r) => r.path)).toEqual(['/fw/v9.bin']);
    expect(gets[0]?.atMs).toBeGreaterThanOrEqual(retrieveAt);
    // Installing, then the reboot (a new BootNotification on a new socket), then Installed.
    const sequence = live.actionsSince(from).filter((a) => a.startsWith('Firmware:') || a === 'BootNotification');
    expect(sequence).toEqual(['Firmware:Downloading', 'Firmware:Downloaded', 'Firmware:Installing', 'BootNotification', 'Firmware:Installed']);
    expect(live.boots.map((b) => b.payload.firmwareVersion)).toEqual([before, 'v9.1.0']);
    expect(before).not.toBe('v9.1.0');
    expect(live.station.identity.firmwareVersion).toBe('v9.1.0');

    const triggered = await live.csms.sendCommand(STATION_ID, 'TriggerMessage', { requestedMessage: 'FirmwareStatusNotification' });
    expect(triggered).toEqual({ status: 'Accepted' });
    await live.waitFor(() => live.statuses('FirmwareStatusNotification').length === 5, 10_000, 'the triggered status');
    expect(live.statuses('FirmwareStatusNotification').at(-1)).toBe('Idle');
  });

  it('reports DownloadFailed after `retries` GETs spaced by retryInterval when the file is missing (404), and does not reboot', async () => {
    rig = await TransferRig.start('ocpp1.6');
    const live = rig;
    await live.csms.sendCommand(STATION_ID, 'UpdateFirmware', {
      location: live.files.url('/fw/missing.bin'),
      retrieveDate: iso(live.clock.now()),
      retries: 3,
      retryInterval: 45,
    });
    await live.waitFor(() => live.statuses('FirmwareStatusNotification').includes('DownloadFailed'), 3 * 45_000 + UPDATE_BOUND_MS, 'DownloadFailed');

    expect(live.statuses('FirmwareStatusNotification')).toEqual(['Downloading', 'DownloadFailed']);
    const gets = live.files.requests.filter((r) => r.method === 'GET').map((r) => r.atMs);
    expect(gets).toHaveLength(3);
    for (let i = 1; i < gets.length; i++) expect((gets[i] as number) - (gets[i - 1] as number)).toBeGreaterThanOrEqual(45_000);
    expect(live.boots).toHaveLength(1);
  });

  it('reports DownloadFailed when the server is unreachable', async () => {
    rig = await TransferRig.start('ocpp1.6');
    const live = rig;
    // Nothing listens on port 1 of the loopback: the connection is refused.
    await live.csms.sendCommand(STATION_ID, 'UpdateFirmware', { location: 'http://127.0.0.1:1/fw.bin', retrieveDate: iso(live.clock.now()), retries: 1 });
    await live.waitFor(() => live.statuses('FirmwareStatusNotification').includes('DownloadFailed'), UPDATE_BOUND_MS, 'DownloadFailed');
    expect(live.statuses('FirmwareStatusNotification')).toEqual(['Downloading', 'DownloadFailed']);
  });

  it('reports InstallationFailed for a file that is no firmware image, keeps its version and does not reboot', async () => {
    rig = await TransferRig.start('ocpp1.6');
    const live = rig;
    live.files.files.set('/fw/garbage.bin', 'this is not a firmware image');
    const before = live.station.identity.firmwareVersion;
    await live.csms.sendCommand(STATION_ID, 'UpdateFirmware', { location: live.files.url('/fw/garbage.bin'), retrieveDate: iso(live.clock.now()) });
    await live.waitFor(() => live.statuses('FirmwareStatusNotification').includes('InstallationFailed'), UPDATE_BOUND_MS, 'InstallationFailed');

    expect(live.statuses('FirmwareStatusNotification')).toEqual(['Downloading', 'Downloaded', 'Installing', 'InstallationFailed']);
    expect(live.boots).toHaveLength(1);
    expect(live.station.identity.firmwareVersion).toBe(before);
    await live.csms.sendCommand(STATION_ID, 'TriggerMessage', { requestedMessage: 'FirmwareStatusNotification' });
    await live.waitFor(() => live.statuses('FirmwareStatusNotification').length === 5, 10_000, 'the triggered status');
    expect(live.statuses('FirmwareStatusNotification').at(-1)).toBe('Idle');
  });

  it('waits for a running transaction to end before installing (spec recommendation)', async () => {
    rig = await TransferRig.start('ocpp1.6');
    const live = rig;
    live.files.files.set('/fw/v9.bin', IMAGE);
    const session = live.station.runSession({ connectorId: 1, idTag: 'TAG-1', durationS: 300, powerW: 11_000, unplugAfterS: 10 });
    await live.waitFor(() => live.received('StartTransaction').length === 1, 60_000, 'StartTransaction');
    await live.csms.sendCommand(STATION_ID, 'UpdateFirmware', { location: live.files.url('/fw/v9.bin'), retrieveDate: iso(live.clock.now()) });
    await live.waitFor(() => live.statuses('FirmwareStatusNotification').includes('Installed'), 300_000 + UPDATE_BOUND_MS, 'Installed');

    await expect(session).resolves.toMatchObject({ ok: true, stopReason: 'Local' });
    const order = live.actionsSince(0).filter((a) => a === 'StopTransaction' || a.startsWith('Firmware:Install'));
    expect(order).toEqual(['StopTransaction', 'Firmware:Installing', 'Firmware:Installed']);
    expect(live.received('StopTransaction')[0]).toMatchObject({ reason: 'Local' });
  });

  it('with installWhileCharging installs at once: the reboot stops the transaction with reason Reboot', async () => {
    rig = await TransferRig.start('ocpp1.6', { firmware: { installWhileCharging: true } });
    const live = rig;
    live.files.files.set('/fw/v9.bin', IMAGE);
    const session = live.station.runSession({ connectorId: 1, idTag: 'TAG-1', durationS: 7_200, powerW: 11_000 });
    await live.waitFor(() => live.received('StartTransaction').length === 1, 60_000, 'StartTransaction');
    await live.csms.sendCommand(STATION_ID, 'UpdateFirmware', { location: live.files.url('/fw/v9.bin'), retrieveDate: iso(live.clock.now()) });
    await live.waitFor(() => live.statuses('FirmwareStatusNotification').includes('Installed'), UPDATE_BOUND_MS, 'Installed');

    await expect(session).resolves.toMatchObject({ ok: true, stopReason: 'Reboot' });
    expect(live.received('StopTransaction')[0]).toMatchObject({ reason: 'Reboot' });
    const order = live.actionsSince(0).filter((a) => ['StopTransaction', 'BootNotification', 'Firmware:Installing', 'Firmware:Installed'].includes(a));
    expect(order).toEqual(['BootNotification', 'Firmware:Installing', 'BootNotification', 'StopTransaction', 'Firmware:Installed']);
    expect(live.boots.at(-1)?.payload.firmwareVersion).toBe('v9.1.0');
  });
});
