/** 1.6 Local Auth List Management against the bundled CSMS: the list's versions, and the list in use. */
import { afterEach, describe, expect, it } from 'vitest';
import { startRig, type Rig } from '../faults/fault-rig.js';
import { command, goOffline, goOnline, nextAnswer, nextInbound, received } from './csms-rig.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const SHORT = { durationS: 120, powerW: 7_000, unplugAfterS: 10 };
const entry = (idTag: string, status: string, extra: Record<string, unknown> = {}) => ({ idTag, idTagInfo: { status, ...extra } });

describe('1.6 SendLocalList / GetLocalListVersion', () => {
  it('installs Full lists, applies newer Differential ones, and refuses stale or oversize updates', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    expect(await command(rig, 'GetLocalListVersion', {})).toEqual({ listVersion: 0 });
    const full = { listVersion: 3, updateType: 'Full', localAuthorizationList: [entry('TAG-A', 'Accepted'), entry('TAG-B', 'Blocked')] };
    expect(await command(rig, 'SendLocalList', full)).toEqual({ status: 'Accepted' });
    expect(await command(rig, 'GetLocalListVersion', {})).toEqual({ listVersion: 3 });

    const stale = { listVersion: 3, updateType: 'Differential', localAuthorizationList: [entry('TAG-C', 'Accepted')] };
    expect(await command(rig, 'SendLocalList', stale)).toEqual({ status: 'VersionMismatch' });
    // Differential: TAG-B (no idTagInfo) leaves, TAG-C joins.
    const diff = { listVersion: 4, updateType: 'Differential', localAuthorizationList: [{ idTag: 'TAG-B' }, entry('TAG-C', 'Accepted')] };
    expect(await command(rig, 'SendLocalList', diff)).toEqual({ status: 'Accepted' });
    expect(rig.station.authorization.lookup('TAG-B')).toBeUndefined();
    expect(rig.station.authorization.lookup('TAG-C')).toMatchObject({ status: 'Accepted', source: 'list' });

    const oversize = { listVersion: 9, updateType: 'Full', localAuthorizationList: Array.from({ length: 101 }, (_, i) => entry(`T${i}`, 'Accepted')) };
    expect(await command(rig, 'SendLocalList', oversize)).toEqual({ status: 'Failed' });
    expect(await command(rig, 'GetLocalListVersion', {})).toEqual({ listVersion: 4 });
    // A Full update with no entries empties the list: version 0 again.
    expect(await command(rig, 'SendLocalList', { listVersion: 5, updateType: 'Full' })).toEqual({ status: 'Accepted' });
    expect(await command(rig, 'GetLocalListVersion', {})).toEqual({ listVersion: 0 });
  });

  it('answers NotSupported and version -1 once LocalAuthListEnabled is false', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    expect(await command(rig, 'ChangeConfiguration', { key: 'LocalAuthListEnabled', value: 'false' })).toEqual({ status: 'Accepted' });
    const full = { listVersion: 1, updateType: 'Full', localAuthorizationList: [entry('TAG-A', 'Accepted')] };
    expect(await command(rig, 'SendLocalList', full)).toEqual({ status: 'NotSupported' });
    expect(await command(rig, 'GetLocalListVersion', {})).toEqual({ listVersion: -1 });
  });
});

describe('1.6 local authorization in use', () => {
  it('with LocalPreAuthorize starts a listed token without sending Authorize; an unlisted one is still asked about', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    await command(rig, 'ChangeConfiguration', { key: 'LocalPreAuthorize', value: 'true' });
    await command(rig, 'SendLocalList', { listVersion: 1, updateType: 'Full', localAuthorizationList: [entry('LISTED-1', 'Accepted')] });

    const started = nextInbound(rig, 'StartTransaction', (p) => p.idTag === 'LISTED-1');
    const session = rig.station.runSession({ connectorId: 1, idTag: 'LISTED-1', ...SHORT });
    expect(await started).toMatchObject({ connectorId: 1, idTag: 'LISTED-1' });
    await expect(session).resolves.toMatchObject({ ok: true });
    expect(received(rig, 'Authorize').map((p) => p.idTag)).not.toContain('LISTED-1');

    const asked = nextInbound(rig, 'Authorize', (p) => p.idTag === 'OTHER-1');
    await expect(rig.station.runSession({ connectorId: 2, idTag: 'OTHER-1', ...SHORT })).resolves.toMatchObject({ ok: true });
    await asked;
  });

  it('offline with LocalAuthorizeOffline charges a listed token, refuses a Blocked one, and delivers the transaction later', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    const list = [entry('GOOD-1', 'Accepted'), entry('STOLEN-1', 'Blocked')];
    await command(rig, 'SendLocalList', { listVersion: 1, updateType: 'Full', localAuthorizationList: list });
    goOffline(rig);

    await expect(rig.station.runSession({ connectorId: 2, idTag: 'STOLEN-1', ...SHORT })).resolves.toEqual({
      ok: false,
      reason: 'local authorization list: Blocked',
    });
    // Unknown tokens are refused offline unless AllowOfflineTxForUnknownId.
    await expect(rig.station.runSession({ connectorId: 2, idTag: 'NOBODY-1', ...SHORT })).resolves.toEqual({
      ok: false,
      reason: 'offline: token not authorized locally',
    });
    const result = await rig.station.runSession({ connectorId: 1, idTag: 'GOOD-1', ...SHORT });
    expect(result).toMatchObject({ ok: true, stopReason: 'Local' });
    expect(received(rig, 'StartTransaction')).toEqual([]);

    const started = nextInbound(rig, 'StartTransaction', (p) => p.idTag === 'GOOD-1');
    const stopped = nextInbound(rig, 'StopTransaction');
    const answer = nextAnswer(rig, 'StartTransaction');
    await goOnline(rig);
    expect(await started).toMatchObject({ connectorId: 1, idTag: 'GOOD-1' });
    expect(await answer).toMatchObject({ idTagInfo: { status: 'Accepted' } });
    expect(await stopped).toMatchObject({ reason: 'Local', transactionId: (await answer).transactionId });
    expect(received(rig, 'Authorize').map((p) => p.idTag)).toEqual([]);
  });

  it('keeps an authorization cache that authorizes offline, and ClearCache empties it', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    // Online: the CSMS accepts the token and the station caches the answer.
    await expect(rig.station.runSession({ connectorId: 1, idTag: 'CACHED-1', ...SHORT })).resolves.toMatchObject({ ok: true });
    goOffline(rig);
    await expect(rig.station.runSession({ connectorId: 1, idTag: 'CACHED-1', ...SHORT })).resolves.toMatchObject({ ok: true });

    await goOnline(rig);
    expect(await command(rig, 'ClearCache', {})).toEqual({ status: 'Accepted' });
    expect(rig.station.authorization.cacheSize).toBe(0);
    goOffline(rig);
    await expect(rig.station.runSession({ connectorId: 1, idTag: 'CACHED-1', ...SHORT })).resolves.toEqual({
      ok: false,
      reason: 'offline: token not authorized locally',
    });
  });
});
