/** Who may open an OCPP connection, and on which path. */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Csms } from '../../../harness/csms/server.js';
import { RawStation } from './raw-station.js';

let csms: Csms;
afterEach(() => csms.close());

/** Resolves with the HTTP status the server answered an upgrade with. */
function refusedStatus(url: string, protocols: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols);
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once('open', () => reject(new Error('connection was accepted')));
    ws.once('error', () => {});
  });
}

describe('the OCPP handshake', () => {
  it('refuses a station missing from the allow list with 401 and a connect-refused event', async () => {
    csms = await Csms.start({ allowList: ['S1-CP1'] });
    const refused = csms.once('connect-refused');
    expect(await refusedStatus(`${csms.ocppUrl}/S1-CP9`, ['ocpp1.6'])).toBe(401);
    expect(await refused).toMatchObject({ stationId: 'S1-CP9', reason: expect.stringContaining('allow list') });
    const allowed = await RawStation.connect(csms.ocppUrl, 'S1-CP1', 'ocpp1.6');
    expect((await allowed.call('Heartbeat', {}))[0]).toBe(3);
  });

  it('answers 404 to an upgrade outside /ocpp/<stationId>', async () => {
    csms = await Csms.start({});
    expect(await refusedStatus(`${csms.url.replace('http', 'ws')}/elsewhere/S1-CP1`, ['ocpp1.6'])).toBe(404);
  });

  it('refuses a station that offers no supported subprotocol with 400', async () => {
    csms = await Csms.start({});
    const refused = csms.once('connect-refused');
    expect(await refusedStatus(`${csms.ocppUrl}/S1-CP1`, ['ocpp1.5'])).toBe(400);
    expect((await refused).reason).toMatch(/subprotocol/);
  });

  it('emits connect and disconnect events with the negotiated protocol', async () => {
    csms = await Csms.start({});
    const connected = csms.once('connect');
    const station = await RawStation.connect(csms.ocppUrl, 'S1-CP1', 'ocpp2.0.1');
    expect(await connected).toMatchObject({ stationId: 'S1-CP1', protocol: 'ocpp2.0.1' });
    const disconnected = csms.once('disconnect');
    await station.close();
    expect(await disconnected).toMatchObject({ stationId: 'S1-CP1' });
    expect(csms.isConnected('S1-CP1')).toBe(false);
  });
});

describe('a station that reconnects while its old socket is still open', () => {
  it('is served on the new connection, with disconnect reported before connect', async () => {
    csms = await Csms.start({});
    const old = await RawStation.connect(csms.ocppUrl, 'S1-CP1', 'ocpp1.6');
    const types: string[] = [];
    csms.onAny((e) => {
      if (e.type === 'connect' || e.type === 'disconnect') types.push(e.type);
    });
    const oldClosed = old.closed();
    const fresh = await RawStation.connect(csms.ocppUrl, 'S1-CP1', 'ocpp1.6');
    expect(await oldClosed).toBe(1000);
    expect((await fresh.call('Heartbeat', {}))[0]).toBe(3);
    expect(types).toEqual(['disconnect', 'connect']);
    expect(csms.isConnected('S1-CP1')).toBe(true);
  });
});
