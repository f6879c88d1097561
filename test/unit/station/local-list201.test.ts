/** 2.0.1 Local Authorization List (D01/D02) and Authorization Cache against the bundled CSMS. */
import { afterEach, describe, expect, it } from 'vitest';
import { startRig, type Rig } from '../faults/fault-rig.js';
import { command, goOffline, goOnline, nextInbound, received } from './csms-rig.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const SHORT = { durationS: 120, powerW: 7_000, unplugAfterS: 10 };
const entry = (idToken: string, status: string) => ({ idToken: { idToken, type: 'Local' }, idTokenInfo: { status } });
const setVariable = (component: string, variable: string, attributeValue: string) => ({
  setVariableData: [{ component: { name: component }, variable: { name: variable }, attributeValue }],
});

describe('2.0.1 SendLocalList / GetLocalListVersion', () => {
  it('installs Full lists, applies newer Differential ones and refuses stale ones with VersionMismatch', async () => {
    rig = await startRig({ protocol: 'ocpp2.0.1' });
    expect(await command(rig, 'GetLocalListVersion', {})).toEqual({ versionNumber: 0 });
    const full = { versionNumber: 7, updateType: 'Full', localAuthorizationList: [entry('TOKEN-A', 'Accepted')] };
    expect(await command(rig, 'SendLocalList', full)).toEqual({ status: 'Accepted' });
    expect(await command(rig, 'GetLocalListVersion', {})).toEqual({ versionNumber: 7 });
    const stale = { versionNumber: 6, updateType: 'Differential', localAuthorizationList: [entry('TOKEN-B', 'Accepted')] };
    expect(await command(rig, 'SendLocalList', stale)).toEqual({ status: 'VersionMismatch' });
    const diff = { versionNumber: 8, updateType: 'Differential', localAuthorizationList: [{ idToken: { idToken: 'TOKEN-A', type: 'Local' } }, entry('TOKEN-B', 'Blocked')] };
    expect(await command(rig, 'SendLocalList', diff)).toEqual({ status: 'Accepted' });
    expect(rig.station.authorization.lookup('TOKEN-A')).toBeUndefined();
    expect(rig.station.authorization.lookup('TOKEN-B')).toMatchObject({ status: 'Blocked', source: 'list' });
    expect(await command(rig, 'GetLocalListVersion', {})).toEqual({ versionNumber: 8 });
  });

  it('fails updates and reports version 0 when LocalAuthListCtrlr.Enabled is false', async () => {
    rig = await startRig({ protocol: 'ocpp2.0.1' });
    const set = await command(rig, 'SetVariables', setVariable('LocalAuthListCtrlr', 'Enabled', 'false'));
    expect(set).toMatchObject({ setVariableResult: [{ attributeStatus: 'Accepted' }] });
    const full = { versionNumber: 1, updateType: 'Full', localAuthorizationList: [entry('TOKEN-A', 'Accepted')] };
    expect(await command(rig, 'SendLocalList', full)).toMatchObject({ status: 'Failed' });
    expect(await command(rig, 'GetLocalListVersion', {})).toEqual({ versionNumber: 0 });
  });
});

describe('2.0.1 local authorization in use', () => {
  it('offline authorizes from the list, refuses a Blocked token, and the TransactionEvents arrive later marked offline', async () => {
    rig = await startRig({ protocol: 'ocpp2.0.1' });
    const list = [entry('GOOD-2', 'Accepted'), entry('STOLEN-2', 'Blocked')];
    await command(rig, 'SendLocalList', { versionNumber: 1, updateType: 'Full', localAuthorizationList: list });
    goOffline(rig);
    await expect(rig.station.runSession({ connectorId: 2, idTag: 'STOLEN-2', idTokenType: 'Local', ...SHORT })).resolves.toEqual({
      ok: false,
      reason: 'local authorization list: Blocked',
    });
    await expect(rig.station.runSession({ connectorId: 1, idTag: 'GOOD-2', idTokenType: 'Local', ...SHORT })).resolves.toMatchObject({ ok: true });
    expect(received(rig, 'TransactionEvent')).toEqual([]);

    const started = nextInbound(rig, 'TransactionEvent', (p) => p.eventType === 'Started');
    const ended = nextInbound(rig, 'TransactionEvent', (p) => p.eventType === 'Ended');
    await goOnline(rig);
    expect(await started).toMatchObject({ offline: true, idToken: { idToken: 'GOOD-2' }, evse: { id: 1 } });
    expect(await ended).toMatchObject({ offline: true });
    expect(received(rig, 'Authorize')).toEqual([]);
  });

  it('ClearCache empties the cache, and is Rejected while AuthCacheCtrlr.Enabled is false', async () => {
    rig = await startRig({ protocol: 'ocpp2.0.1' });
    await expect(rig.station.runSession({ connectorId: 1, idTag: 'CACHED-2', idTokenType: 'Local', ...SHORT })).resolves.toMatchObject({ ok: true });
    expect(rig.station.authorization.lookup('CACHED-2')).toMatchObject({ status: 'Accepted', source: 'cache' });
    expect(await command(rig, 'ClearCache', {})).toEqual({ status: 'Accepted' });
    expect(rig.station.authorization.lookup('CACHED-2')).toBeUndefined();
    await command(rig, 'SetVariables', setVariable('AuthCacheCtrlr', 'Enabled', 'false'));
    expect(await command(rig, 'ClearCache', {})).toEqual({ status: 'Rejected' });
  });
});
