/**
 * Token types on the wire against the real bundled CSMS: a remote start's Central token comes back typed
 * Central in every message of its session, and a malformed 2.0.1 idToken is refused as a strict CSMS does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CsmsEventOf } from '../../../harness/csms/events.js';
import { Csms } from '../../../harness/csms/server.js';
import { DeskRig } from '../desk/fixture.js';
import { RawStation, boot201 } from './raw-station.js';

const CENTRAL = { idToken: 'APP-7F3A2C91', type: 'Central' };

let rig: DeskRig | undefined;
let csms: Csms | undefined;
afterEach(async () => {
  await rig?.close();
  await csms?.close();
  rig = undefined;
  csms = undefined;
});

type Frame = CsmsEventOf<'frame'>;
const payloadOf = (frame: Frame) => frame.payload as Record<string, unknown>;

describe('a 2.0.1 remote start with a Central token', () => {
  it.each([false, true])('is echoed typed Central in Authorize (AuthorizeRemoteStart %s) and TransactionEvent Started, and its session runs without a CALLERROR', async (authorizeRemote) => {
    rig = await DeskRig.start({ desk: false });
    const live = rig;
    await live.station('S1-CP1', 'ocpp2.0.1');
    const set = await live.csms.sendCommand('S1-CP1', 'SetVariables', {
      setVariableData: [{ component: { name: 'AuthCtrlr' }, variable: { name: 'AuthorizeRemoteStart' }, attributeValue: String(authorizeRemote) }],
    });
    expect(set).toMatchObject({ setVariableResult: [{ attributeStatus: 'Accepted' }] });

    const answer = await live.csms.sendCommand('S1-CP1', 'RequestStartTransaction', { idToken: CENTRAL, remoteStartId: 42, evseId: 1 });
    expect(answer).toEqual({ status: 'Accepted' });
    const isEvent = (eventType: string) => (e: Frame) =>
      e.stationId === 'S1-CP1' && e.direction === 'in' && e.messageType === 2 && e.action === 'TransactionEvent' && payloadOf(e).eventType === eventType;
    const started = await live.waitFor('frame', isEvent('Started'), 60_000);
    expect(payloadOf(started)).toMatchObject({ triggerReason: 'RemoteStart', idToken: CENTRAL, transactionInfo: { remoteStartId: 42 } });
    const reply = await live.waitFor('frame', (e) => e.direction === 'out' && e.messageId === started.messageId, 10_000);
    expect(reply.messageType).toBe(3);
    expect(reply.payload).toEqual({ idTokenInfo: { status: 'Accepted' } });

    const authorizes = live.of('frame', (e) => e.direction === 'in' && e.messageType === 2 && e.action === 'Authorize');
    expect(authorizes.map((e) => payloadOf(e).idToken)).toEqual(authorizeRemote ? [CENTRAL] : []);

    const transactionId = (payloadOf(started).transactionInfo as { transactionId: string }).transactionId;
    await live.csms.sendCommand('S1-CP1', 'RequestStopTransaction', { transactionId });
    const ended = await live.waitFor('frame', isEvent('Ended'), 60_000);
    expect(payloadOf(ended)).toMatchObject({ triggerReason: 'RemoteStop', transactionInfo: { transactionId } });
    expect(live.of('frame', (e) => e.messageType === 4)).toEqual([]);
  });
});

describe('the bundled CSMS checks 2.0.1 token formats', () => {
  it('refuses an ISO14443 token that is no card UID with PropertyConstraintViolation naming the rule, and accepts a real UID', async () => {
    csms = await Csms.start({});
    const station = await RawStation.connect(csms.ocppUrl, 'S2-CP1', 'ocpp2.0.1');
    await station.call('BootNotification', boot201);
    const refused = await station.call('Authorize', { idToken: { idToken: 'TAG-204', type: 'ISO14443' } });
    expect(refused.slice(0, 4)).toEqual([
      4,
      refused[1],
      'PropertyConstraintViolation',
      'idToken: "TAG-204" is not a valid ISO14443 idToken: expected a 4- or 7-byte card UID as 8 or 14 hex digits',
    ]);
    const accepted = await station.call('Authorize', { idToken: { idToken: '04A3F29B1C5E80', type: 'ISO14443' } });
    expect(accepted[2]).toEqual({ idTokenInfo: { status: 'Accepted' } });
    const local = await station.call('Authorize', { idToken: { idToken: 'TAG-204', type: 'Local' } });
    expect(local[2]).toEqual({ idTokenInfo: { status: 'Accepted' } });
    await station.close();
  });

  it('refuses a TransactionEvent whose eMAID is malformed, before opening any transaction', async () => {
    csms = await Csms.start({});
    const station = await RawStation.connect(csms.ocppUrl, 'S2-CP2', 'ocpp2.0.1');
    await station.call('BootNotification', boot201);
    const refused = await station.call('TransactionEvent', {
      eventType: 'Started',
      timestamp: new Date().toISOString(),
      triggerReason: 'Authorized',
      seqNo: 0,
      transactionInfo: { transactionId: 'tx-1' },
      idToken: { idToken: 'DE8AA0012345', type: 'eMAID' },
      evse: { id: 1, connectorId: 1 },
    });
    expect(refused[0]).toBe(4);
    expect(refused[2]).toBe('PropertyConstraintViolation');
    expect(refused[3]).toMatch(/^idToken: "DE8AA0012345" is not a valid eMAID idToken: expected an ISO 15118 contract id/);
    expect(csms.store.transactions('S2-CP2')).toEqual([]);
    await station.close();
  });
});
