/** Token decisions: configured rules, ConcurrentTx across stations, and sites without a tariff. */
import { afterEach, describe, expect, it } from 'vitest';
import { Csms } from '../../../harness/csms/server.js';
import { RawStation, boot16, boot201 } from './raw-station.js';

let csms: Csms;
afterEach(() => csms.close());

const at = (): string => new Date().toISOString();

async function station16(id: string): Promise<RawStation> {
  const s = await RawStation.connect(csms.ocppUrl, id, 'ocpp1.6');
  await s.call('BootNotification', boot16);
  return s;
}

describe('token decisions', () => {
  it('answer Authorize from the configured lists', async () => {
    csms = await Csms.start({ idTags: { accepted: ['GOOD'], blocked: ['STOLEN'], expired: ['OLD'] } });
    const s = await station16('S1-CP1');
    const status = async (idTag: string) => ((await s.call('Authorize', { idTag }))[2] as { idTagInfo: { status: string } }).idTagInfo.status;
    expect([await status('GOOD'), await status('STOLEN'), await status('OLD'), await status('WHO')]).toEqual([
      'Accepted',
      'Blocked',
      'Expired',
      'Invalid',
    ]);
  });

  it('refuse a token already in a running transaction at another station with ConcurrentTx', async () => {
    csms = await Csms.start({});
    const first = await station16('S1-CP1');
    const second = await station16('S1-CP2');
    await first.call('StartTransaction', { connectorId: 1, idTag: 'TAG-7', meterStart: 0, timestamp: at() });

    const refused = csms.once('authorize', (e) => e.stationId === 'S1-CP2');
    expect((await second.call('Authorize', { idTag: 'TAG-7' }))[2]).toEqual({ idTagInfo: { status: 'ConcurrentTx' } });
    expect(await refused).toMatchObject({ status: 'ConcurrentTx', reason: 'concurrent-tx', action: 'Authorize' });
    const start = await second.call('StartTransaction', { connectorId: 1, idTag: 'TAG-7', meterStart: 0, timestamp: at() });
    expect(start[2]).toEqual({ idTagInfo: { status: 'ConcurrentTx' }, transactionId: 2 });
    // The same token at the station running its session is not concurrent use.
    expect((await first.call('Authorize', { idTag: 'TAG-7' }))[2]).toEqual({ idTagInfo: { status: 'Accepted' } });
  });

  it('release the token when the transaction stops', async () => {
    csms = await Csms.start({});
    const first = await station16('S1-CP1');
    const second = await station16('S1-CP2');
    await first.call('StartTransaction', { connectorId: 1, idTag: 'TAG-8', meterStart: 0, timestamp: at() });
    await first.call('StopTransaction', { transactionId: 1, meterStop: 10, timestamp: at() });
    expect((await second.call('Authorize', { idTag: 'TAG-8' }))[2]).toEqual({ idTagInfo: { status: 'Accepted' } });
  });

  it('refuse a 1.6 StartTransaction at a site without a tariff with Blocked, and say why in the event', async () => {
    csms = await Csms.start({ sitesWithoutTariff: ['S5'] });
    const s = await station16('S5-CP1');
    // Authorize checks the token only: the tariff belongs to the session.
    expect((await s.call('Authorize', { idTag: 'TAG-1' }))[2]).toEqual({ idTagInfo: { status: 'Accepted' } });
    const refused = csms.once('authorize', (e) => e.action === 'StartTransaction');
    const start = await s.call('StartTransaction', { connectorId: 1, idTag: 'TAG-1', meterStart: 0, timestamp: at() });
    expect(start[2]).toEqual({ idTagInfo: { status: 'Blocked' }, transactionId: 1 });
    expect(await refused).toMatchObject({ stationId: 'S5-CP1', status: 'Blocked', reason: 'no-tariff' });
  });

  it('refuse a 2.0.1 session at a site without a tariff with NotAtThisLocation', async () => {
    csms = await Csms.start({ sitesWithoutTariff: (site) => site === 'S6' });
    const s = await RawStation.connect(csms.ocppUrl, 'S6-CP1', 'ocpp2.0.1');
    await s.call('BootNotification', boot201);
    const answer = await s.call('TransactionEvent', {
      eventType: 'Started',
      timestamp: at(),
      triggerReason: 'Authorized',
      seqNo: 0,
      transactionInfo: { transactionId: 'tx-1' },
      idToken: { idToken: '04A3F29B1C5E80', type: 'ISO14443' },
      evse: { id: 1, connectorId: 1 },
    });
    expect(answer[2]).toEqual({ idTokenInfo: { status: 'NotAtThisLocation' } });
  });
});
