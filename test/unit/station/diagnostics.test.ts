/**
 * 1.6 GetDiagnostics and 2.0.1 GetLog against the real bundled CSMS: the station uploads its journal as
 * a JSON file with HTTP PUT to a local server, and reports progress in order; unsupported schemes and
 * refused uploads end as UploadFailed (1.6) / UploadFailure (2.0.1).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { STATION_ID, TransferRig } from './file-transfer-rig.js';

let rig: TransferRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const BOUND_MS = 60_000;

interface LogFile {
  stationId: string;
  protocol: string;
  logType: string;
  firmwareVersion: string;
  connectors: { connectorId: number; status: string }[];
  entries: string[];
}

describe('1.6 GetDiagnostics', () => {
  it('answers a fileName, uploads the diagnostics file there with PUT and reports Uploading then Uploaded', async () => {
    rig = await TransferRig.start('ocpp1.6');
    const live = rig;
    const answer = await live.csms.sendCommand(STATION_ID, 'GetDiagnostics', { location: live.files.url('/upload/') });
    const fileName = String(answer.fileName);
    expect(fileName).toMatch(/^diagnostics-S1-CP1-\d{8}T\d{6}Z\.json$/);
    await live.waitFor(() => live.statuses('DiagnosticsStatusNotification').includes('Uploaded'), BOUND_MS, 'Uploaded');

    expect(live.statuses('DiagnosticsStatusNotification')).toEqual(['Uploading', 'Uploaded']);
    expect(live.files.uploads).toHaveLength(1);
    const upload = live.files.uploads[0];
    expect(upload?.path).toBe(`/upload/${fileName}`);
    expect(upload?.contentDisposition).toBe(`attachment; filename="${fileName}"`);
    const file = JSON.parse(upload?.body ?? '') as LogFile;
    expect(file).toMatchObject({ stationId: STATION_ID, protocol: 'ocpp1.6', logType: 'DiagnosticsLog', firmwareVersion: live.station.identity.firmwareVersion });
    expect(file.connectors.map((c) => [c.connectorId, c.status])).toEqual([
      [1, 'Available'],
      [2, 'Available'],
    ]);
    expect(file.entries.some((e) => e.endsWith('boot Accepted'))).toBe(true);
    expect(file.entries.some((e) => e.endsWith('received GetDiagnostics'))).toBe(true);
  });

  it('keeps only entries between startTime and stopTime', async () => {
    rig = await TransferRig.start('ocpp1.6');
    const live = rig;
    const future = live.clock.now() + 3_600_000;
    await live.csms.sendCommand(STATION_ID, 'GetDiagnostics', { location: live.files.url('/upload/'), startTime: new Date(future).toISOString() });
    await live.waitFor(() => live.files.uploads.length === 1, BOUND_MS, 'the upload');
    expect((JSON.parse(live.files.uploads[0]?.body ?? '') as LogFile).entries).toEqual([]);
  });

  it('reports UploadFailed for an ftp:// location, without an upload attempt', async () => {
    rig = await TransferRig.start('ocpp1.6');
    const live = rig;
    const answer = await live.csms.sendCommand(STATION_ID, 'GetDiagnostics', { location: 'ftp://user:pw@127.0.0.1/diag/' });
    expect(answer.fileName).toEqual(expect.stringMatching(/^diagnostics-/));
    await live.waitFor(() => live.statuses('DiagnosticsStatusNotification').length > 0, BOUND_MS, 'a status');
    expect(live.statuses('DiagnosticsStatusNotification')).toEqual(['UploadFailed']);
    expect(live.files.requests).toEqual([]);
  });

  it('reports UploadFailed after `retries` refused PUTs spaced by retryInterval', async () => {
    rig = await TransferRig.start('ocpp1.6');
    const live = rig;
    await live.csms.sendCommand(STATION_ID, 'GetDiagnostics', { location: live.files.url('/refuse/'), retries: 2, retryInterval: 40 });
    await live.waitFor(() => live.statuses('DiagnosticsStatusNotification').includes('UploadFailed'), 40_000 + BOUND_MS, 'UploadFailed');
    expect(live.statuses('DiagnosticsStatusNotification')).toEqual(['Uploading', 'UploadFailed']);
    const puts = live.files.requests.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(2);
    expect((puts[1]?.atMs ?? 0) - (puts[0]?.atMs ?? 0)).toBeGreaterThanOrEqual(40_000);
  });
});

describe('2.0.1 GetLog', () => {
  it('answers Accepted with a filename, uploads the DiagnosticsLog and reports Uploading then Uploaded with the requestId', async () => {
    rig = await TransferRig.start('ocpp2.0.1');
    const live = rig;
    const answer = await live.csms.sendCommand(STATION_ID, 'GetLog', { logType: 'DiagnosticsLog', requestId: 11, log: { remoteLocation: live.files.url('/logs/') } });
    expect(answer).toEqual({ status: 'Accepted', filename: expect.stringMatching(/^diagnostics-S1-CP1-.*\.json$/) });
    await live.waitFor(() => live.statuses('LogStatusNotification').includes('Uploaded'), BOUND_MS, 'Uploaded');

    expect(live.received('LogStatusNotification')).toEqual([
      { status: 'Uploading', requestId: 11 },
      { status: 'Uploaded', requestId: 11 },
    ]);
    expect(live.files.uploads.map((u) => u.path)).toEqual([`/logs/${String(answer.filename)}`]);
    const file = JSON.parse(live.files.uploads[0]?.body ?? '') as LogFile;
    expect(file).toMatchObject({ protocol: 'ocpp2.0.1', logType: 'DiagnosticsLog' });
    expect(file.entries.some((e) => e.endsWith('received GetLog'))).toBe(true);
  });

  it('uploads a SecurityLog with only connection and boot entries', async () => {
    rig = await TransferRig.start('ocpp2.0.1');
    const live = rig;
    const answer = await live.csms.sendCommand(STATION_ID, 'GetLog', { logType: 'SecurityLog', requestId: 12, log: { remoteLocation: live.files.url('/logs/security.json') } });
    expect(answer).toMatchObject({ status: 'Accepted', filename: expect.stringMatching(/^security-/) });
    await live.waitFor(() => live.files.uploads.length === 1, BOUND_MS, 'the upload');
    expect(live.files.uploads[0]?.path).toBe('/logs/security.json');
    const file = JSON.parse(live.files.uploads[0]?.body ?? '') as LogFile;
    expect(file.logType).toBe('SecurityLog');
    expect(file.entries.length).toBeGreaterThan(0);
    for (const entry of file.entries) expect(entry).toMatch(/ (connected|boot Accepted)$/);
  });

  it('reports UploadFailure for an unsupported scheme, and AcceptedCanceled when a new GetLog replaces a running one', async () => {
    rig = await TransferRig.start('ocpp2.0.1');
    const live = rig;
    await live.csms.sendCommand(STATION_ID, 'GetLog', { logType: 'DiagnosticsLog', requestId: 1, log: { remoteLocation: 'ftp://127.0.0.1/logs/' } });
    await live.waitFor(() => live.received('LogStatusNotification').length === 1, BOUND_MS, 'a status');
    expect(live.received('LogStatusNotification')).toEqual([{ status: 'UploadFailure', requestId: 1 }]);

    // The first upload is refused and waits an hour before its retry; the second replaces it.
    const first = await live.csms.sendCommand(STATION_ID, 'GetLog', { logType: 'DiagnosticsLog', requestId: 2, retries: 3, retryInterval: 3_600, log: { remoteLocation: live.files.url('/refuse/') } });
    expect(first.status).toBe('Accepted');
    await live.waitFor(() => live.files.requests.length === 1, BOUND_MS, 'the refused PUT');
    const second = await live.csms.sendCommand(STATION_ID, 'GetLog', { logType: 'DiagnosticsLog', requestId: 3, log: { remoteLocation: live.files.url('/logs/') } });
    expect(second.status).toBe('AcceptedCanceled');
    await live.waitFor(() => live.statuses('LogStatusNotification').includes('Uploaded'), BOUND_MS, 'Uploaded');
    expect(live.received('LogStatusNotification').slice(1)).toEqual([
      { status: 'Uploading', requestId: 2 },
      { status: 'Uploading', requestId: 3 },
      { status: 'Uploaded', requestId: 3 },
    ]);

    await live.csms.sendCommand(STATION_ID, 'TriggerMessage', { requestedMessage: 'LogStatusNotification' });
    await live.waitFor(() => live.received('LogStatusNotification').length === 5, BOUND_MS, 'the triggered status');
    expect(live.received('LogStatusNotification').at(-1)).toEqual({ status: 'Idle' });
  });
});
