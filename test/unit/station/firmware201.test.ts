/**
 * OCPP 2.0.1 UpdateFirmware against the real bundled CSMS: the L01 status sequence with requestId, a
 * signed image verified for real, the reboot with reason FirmwareUpdate, the failure variants and
 * AcceptedCanceled. The "signingCertificate" the tests send is a PEM public key: the station accepts a
 * certificate or a bare key (creating an X.509 certificate would need a tool outside Node).
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { FIRMWARE_DEFAULTS } from '../../../simulator/station/firmware.js';
import { STATION_ID, TransferRig } from './file-transfer-rig.js';

let rig: TransferRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const IMAGE = Buffer.from('chargedrill-firmware v10.0.2\n\u0000binary payload follows');
const UPDATE_BOUND_MS = (FIRMWARE_DEFAULTS.downloadS + FIRMWARE_DEFAULTS.installS + 600) * 1_000;
const iso = (ms: number) => new Date(ms).toISOString();

function signer() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    certificate: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    signature: (data: Buffer) => sign(null, data, privateKey).toString('base64'),
  };
}

const firmwareStatuses = (live: TransferRig) => live.received('FirmwareStatusNotification');

describe('2.0.1 UpdateFirmware', () => {
  it('verifies the signature, installs, sends InstallRebooting, reboots with reason FirmwareUpdate and reports Installed with the requestId', async () => {
    rig = await TransferRig.start('ocpp2.0.1');
    const live = rig;
    live.files.files.set('/fw/v10.bin', IMAGE);
    const keys = signer();
    const answer = await live.csms.sendCommand(STATION_ID, 'UpdateFirmware', {
      requestId: 41,
      firmware: { location: live.files.url('/fw/v10.bin'), retrieveDateTime: iso(live.clock.now()), signingCertificate: keys.certificate, signature: keys.signature(IMAGE) },
    });
    expect(answer).toEqual({ status: 'Accepted' });
    await live.waitFor(() => live.statuses('FirmwareStatusNotification').includes('Installed'), UPDATE_BOUND_MS, 'Installed');

    expect(firmwareStatuses(live)).toEqual(
      ['Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'InstallRebooting', 'Installed'].map((status) => ({ status, requestId: 41 })),
    );
    const sequence = live.actionsSince(0).filter((a) => a === 'BootNotification' || a.startsWith('Firmware:Install'));
    expect(sequence).toEqual(['BootNotification', 'Firmware:Installing', 'Firmware:InstallRebooting', 'BootNotification', 'Firmware:Installed']);
    expect(live.boots.map((b) => b.payload.reason)).toEqual(['PowerUp', 'FirmwareUpdate']);
    expect((live.boots[1]?.payload.chargingStation as { firmwareVersion: string }).firmwareVersion).toBe('v10.0.2');
  });

  it('reports InvalidSignature for an image the signature does not match, and installs nothing', async () => {
    rig = await TransferRig.start('ocpp2.0.1');
    const live = rig;
    live.files.files.set('/fw/v10.bin', IMAGE);
    const keys = signer();
    await live.csms.sendCommand(STATION_ID, 'UpdateFirmware', {
      requestId: 42,
      firmware: {
        location: live.files.url('/fw/v10.bin'),
        retrieveDateTime: iso(live.clock.now()),
        signingCertificate: keys.certificate,
        signature: keys.signature(Buffer.from('some other image')),
      },
    });
    await live.waitFor(() => live.statuses('FirmwareStatusNotification').includes('InvalidSignature'), UPDATE_BOUND_MS, 'InvalidSignature');
    expect(live.statuses('FirmwareStatusNotification')).toEqual(['Downloading', 'Downloaded', 'InvalidSignature']);
    expect(live.boots).toHaveLength(1);
  });

  it('reports DownloadFailed after the retries for a missing file, and InstallationFailed for a file that is no image', async () => {
    rig = await TransferRig.start('ocpp2.0.1');
    const live = rig;
    await live.csms.sendCommand(STATION_ID, 'UpdateFirmware', {
      requestId: 1,
      retries: 2,
      retryInterval: 30,
      firmware: { location: live.files.url('/fw/missing.bin'), retrieveDateTime: iso(live.clock.now()) },
    });
    await live.waitFor(() => live.statuses('FirmwareStatusNotification').includes('DownloadFailed'), 60_000 + UPDATE_BOUND_MS, 'DownloadFailed');
    expect(firmwareStatuses(live)).toEqual([{ status: 'Downloading', requestId: 1 }, { status: 'DownloadFailed', requestId: 1 }]);
    expect(live.files.requests.filter((r) => r.method === 'GET')).toHaveLength(2);

    live.files.files.set('/fw/garbage.bin', 'not firmware');
    await live.csms.sendCommand(STATION_ID, 'UpdateFirmware', { requestId: 2, firmware: { location: live.files.url('/fw/garbage.bin'), retrieveDateTime: iso(live.clock.now()) } });
    await live.waitFor(() => live.statuses('FirmwareStatusNotification').includes('InstallationFailed'), UPDATE_BOUND_MS, 'InstallationFailed');
    expect(firmwareStatuses(live).slice(2)).toEqual(['Downloading', 'Downloaded', 'Installing', 'InstallationFailed'].map((status) => ({ status, requestId: 2 })));
    expect(live.boots).toHaveLength(1);
  });

  it('answers AcceptedCanceled to a second request while one is scheduled, cancels the first and runs the second', async () => {
    rig = await TransferRig.start('ocpp2.0.1');
    const live = rig;
    live.files.files.set('/fw/v10.bin', IMAGE);
    const first = await live.csms.sendCommand(STATION_ID, 'UpdateFirmware', {
      requestId: 7,
      firmware: { location: live.files.url('/fw/old.bin'), retrieveDateTime: iso(live.clock.now() + 3_600_000) },
    });
    expect(first).toEqual({ status: 'Accepted' });
    await live.waitFor(() => live.statuses('FirmwareStatusNotification').includes('DownloadScheduled'), 10_000, 'DownloadScheduled');

    // While scheduled, a triggered notification reports that step with its requestId.
    expect(await live.csms.sendCommand(STATION_ID, 'TriggerMessage', { requestedMessage: 'FirmwareStatusNotification' })).toEqual({ status: 'Accepted' });
    await live.waitFor(() => firmwareStatuses(live).length === 2, 10_000, 'the triggered status');
    expect(firmwareStatuses(live)).toEqual([{ status: 'DownloadScheduled', requestId: 7 }, { status: 'DownloadScheduled', requestId: 7 }]);

    const second = await live.csms.sendCommand(STATION_ID, 'UpdateFirmware', { requestId: 8, firmware: { location: live.files.url('/fw/v10.bin'), retrieveDateTime: iso(live.clock.now()) } });
    expect(second).toEqual({ status: 'AcceptedCanceled' });
    await live.waitFor(() => live.statuses('FirmwareStatusNotification').includes('Installed'), UPDATE_BOUND_MS, 'Installed');
    expect(firmwareStatuses(live).slice(2)).toEqual(['Downloading', 'Downloaded', 'Installing', 'InstallRebooting', 'Installed'].map((status) => ({ status, requestId: 8 })));
    expect(live.files.requests.map((r) => r.path)).toEqual(['/fw/v10.bin']);

    // Done: a triggered notification says Idle, without a requestId.
    await live.csms.sendCommand(STATION_ID, 'TriggerMessage', { requestedMessage: 'FirmwareStatusNotification' });
    await live.waitFor(() => firmwareStatuses(live).length === 8, 10_000, 'the triggered status');
    expect(firmwareStatuses(live).at(-1)).toEqual({ status: 'Idle' });
  });
});
