/**
 * A CALL that reaches the bundled CSMS twice (a duplicating network: the station's chaos layer, or a proxy)
 * is answered once. The ids of a sender's CALLs must be unique (docs/domain.md §2), so an identical copy
 * under the id of a CALL still in progress is a retransmission: answering it with RpcFrameworkError under
 * the same id, as ocpp-rpc does, made every duplicated call fail at the station, whose answer that error
 * reached first. A duplicated StartTransaction still makes one transaction.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CsmsEventOf } from '../../../harness/csms/events.js';
import { Csms } from '../../../harness/csms/server.js';
import { WsOcppClient } from '../../../simulator/transport/ws-client.js';
import type { ChaosLayer } from '../../../simulator/transport/chaos.js';
import { RawStation, boot16, boot201 } from './raw-station.js';

let csms: Csms;
let client: WsOcppClient | undefined;
beforeEach(async () => {
  csms = await Csms.start();
});
afterEach(async () => {
  await client?.close();
  client = undefined;
  await csms.close();
});

describe.each([
  { protocol: 'ocpp1.6' as const, boot: boot16 },
  { protocol: 'ocpp2.0.1' as const, boot: boot201 },
])('$protocol: duplicated CALLs', ({ protocol, boot }) => {
  it('answers each CALL once when the network delivers it twice, and the station gets its answers', async () => {
    const frames: CsmsEventOf<'frame'>[] = [];
    const reported: CsmsEventOf<'protocol-error'>[] = [];
    csms.on('frame', (e) => frames.push(e));
    csms.on('protocol-error', (e) => reported.push(e));
    client = new WsOcppClient({ url: `${csms.ocppUrl}/S1-CP1`, protocol, chaos: { seed: 2, duplicateOut: 1 } });
    await client.connect();

    await expect(client.call('BootNotification', boot)).resolves.toMatchObject({ status: 'Accepted' });
    await expect(client.call('Heartbeat', {})).resolves.toHaveProperty('currentTime');
    if (protocol === 'ocpp1.6') {
      const start = await client.call('StartTransaction', { connectorId: 1, idTag: 'AABBCCDD', meterStart: 0, timestamp: new Date().toISOString() });
      expect(start).toMatchObject({ idTagInfo: { status: 'Accepted' } });
    }
    csms.flush();

    const calls = protocol === 'ocpp1.6' ? 3 : 2;
    expect((client.chaos as ChaosLayer).stats.duplicatedOut).toBe(calls);
    const answers = frames.filter((f) => f.direction === 'out');
    expect(answers.map((f) => f.messageType)).toEqual(Array(calls).fill(3));
    expect(new Set(answers.map((f) => f.messageId)).size).toBe(calls);
    expect(reported.map((e) => e.code)).toEqual(Array(calls).fill('DuplicateCall'));
    if (protocol === 'ocpp1.6') {
      expect(csms.store.database.prepare('SELECT COUNT(*) AS n FROM transactions').get()).toEqual({ n: 1 });
    }
  });

  it('still refuses another CALL under the id of one in progress, and processes a copy sent after the answer', async () => {
    const station = await RawStation.connect(csms.ocppUrl, 'S2-CP1', protocol);
    expect((await station.call('BootNotification', boot, 'b-1'))[0]).toBe(3);
    // After its answer, the same text is a new CALL reusing the id: answered (lenient) as any CALL.
    expect((await station.call('BootNotification', boot, 'b-1'))[0]).toBe(3);
    await station.close();
  });
});
