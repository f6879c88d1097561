/** The HTTP API: station listing, remote commands through to a station, and the SSE event stream. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Csms } from '../../../harness/csms/server.js';
import { RawStation, boot16, boot201 } from './raw-station.js';

let csms: Csms;
beforeEach(async () => {
  csms = await Csms.start({ commandTimeoutMs: 300 });
});
afterEach(() => csms.close());

async function post(path: string, body: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${csms.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('GET /api/stations', () => {
  it('lists every station with its site, protocol, state and connectors', async () => {
    const a = await RawStation.connect(csms.ocppUrl, 'S1-CP1', 'ocpp1.6');
    await a.call('BootNotification', boot16);
    await a.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
    const b = await RawStation.connect(csms.ocppUrl, 'S2-CP4', 'ocpp2.0.1');
    await b.call('BootNotification', boot201);
    await b.call('StatusNotification', { timestamp: new Date().toISOString(), connectorStatus: 'Faulted', evseId: 1, connectorId: 1 });

    const res = await fetch(`${csms.url}/api/stations`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      {
        id: 'S1-CP1',
        siteId: 'S1',
        protocol: 'ocpp1.6',
        connected: true,
        bootStatus: 'Accepted',
        vendor: 'Acme',
        model: 'AC22',
        firmware: '1.0.0',
        lastSeenAt: expect.any(Number),
        connectors: [{ connectorId: 1, status: 'Available', errorCode: 'NoError', updatedAt: expect.any(Number) }],
      },
      {
        id: 'S2-CP4',
        siteId: 'S2',
        protocol: 'ocpp2.0.1',
        connected: true,
        bootStatus: 'Accepted',
        vendor: 'Acme',
        model: 'DC150',
        firmware: '2.0.0',
        lastSeenAt: expect.any(Number),
        connectors: [{ connectorId: 1, evseId: 1, status: 'Faulted', errorCode: null, updatedAt: expect.any(Number) }],
      },
    ]);
  });

  it('serves one station, its message log, and 404 for an unknown one', async () => {
    const a = await RawStation.connect(csms.ocppUrl, 'S1-CP1', 'ocpp1.6');
    await a.call('Heartbeat', {}, 'h-1');
    expect((await (await fetch(`${csms.url}/api/stations/S1-CP1`)).json()) as object).toMatchObject({ id: 'S1-CP1' });
    const log = (await (await fetch(`${csms.url}/api/stations/S1-CP1/messages?limit=1`)).json()) as object[];
    expect(log).toEqual([expect.objectContaining({ direction: 'out', messageId: 'h-1', action: 'Heartbeat' })]);
    const missing = await fetch(`${csms.url}/api/stations/S7-CP7`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'unknown station S7-CP7' });
  });

  it('answers 404 JSON to unknown routes and 405 to a wrong method', async () => {
    const notFound = await fetch(`${csms.url}/api/nope`);
    expect([notFound.status, await notFound.json()]).toEqual([404, { error: 'no route for /api/nope' }]);
    const wrongMethod = await fetch(`${csms.url}/api/stations`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
  });

  it('reports health', async () => {
    expect(await (await fetch(`${csms.url}/api/health`)).json()).toMatchObject({ status: 'ok', stations: 0, connected: 0 });
  });
});

describe('POST /api/stations/:id/commands/:action', () => {
  it("delivers the command to the station and returns the station's answer", async () => {
    const station = await RawStation.connect(csms.ocppUrl, 'S1-CP1', 'ocpp1.6');
    const received: unknown[] = [];
    station.onCall('Reset', (payload) => {
      received.push(payload);
      return { status: 'Accepted' };
    });
    const command = csms.once('command');
    const { status, json } = await post('/api/stations/S1-CP1/commands/Reset', '{"type":"Soft"}');
    expect([status, json]).toEqual([200, { status: 'Accepted' }]);
    expect(received).toEqual([{ type: 'Soft' }]);
    expect(await command).toMatchObject({ stationId: 'S1-CP1', action: 'Reset', request: { type: 'Soft' }, response: { status: 'Accepted' } });
  });

  it("uses the 2.0.1 action names for a 2.0.1 station", async () => {
    const station = await RawStation.connect(csms.ocppUrl, 'S1-CP2', 'ocpp2.0.1');
    station.onCall('RequestStartTransaction', () => ({ status: 'Accepted' }));
    const ok = await post('/api/stations/S1-CP2/commands/RequestStartTransaction', '{"idToken":{"idToken":"T1","type":"ISO14443"},"remoteStartId":1}');
    expect(ok).toEqual({ status: 200, json: { status: 'Accepted' } });
    const wrongVersion = await post('/api/stations/S1-CP2/commands/RemoteStartTransaction', '{"idTag":"T1"}');
    expect(wrongVersion.status).toBe(400);
    expect(wrongVersion.json.code).toBe('CSMS_UNSUPPORTED_COMMAND');
  });

  it('answers 404 for an unknown station and 409 for a station that is not connected', async () => {
    expect((await post('/api/stations/S9-CP9/commands/Reset', '{"type":"Soft"}')).status).toBe(404);
    const station = await RawStation.connect(csms.ocppUrl, 'S1-CP1', 'ocpp1.6');
    const gone = csms.once('disconnect');
    await station.close();
    await gone;
    expect((await post('/api/stations/S1-CP1/commands/Reset', '{"type":"Soft"}')).status).toBe(409);
  });

  it('answers 400 for invalid JSON and for a request that breaks the schema', async () => {
    await RawStation.connect(csms.ocppUrl, 'S1-CP1', 'ocpp1.6');
    const badJson = await post('/api/stations/S1-CP1/commands/Reset', '{"type":');
    expect(badJson.status).toBe(400);
    expect(badJson.json.error).toMatch(/invalid JSON/);
    const badSchema = await post('/api/stations/S1-CP1/commands/Reset', '{"type":"Sideways"}');
    expect(badSchema.status).toBe(400);
    expect(badSchema.json).toMatchObject({ code: 'CSMS_INVALID_COMMAND', error: expect.stringMatching(/allowed values/) });
  });

  it('answers 504 when the station never answers', async () => {
    await RawStation.connect(csms.ocppUrl, 'S1-CP1', 'ocpp1.6');
    const failed = csms.once('command');
    const { status, json } = await post('/api/stations/S1-CP1/commands/ClearCache', '{}');
    expect([status, json.code]).toEqual([504, 'CSMS_COMMAND_TIMEOUT']);
    expect(await failed).toMatchObject({ action: 'ClearCache', error: 'CSMS_COMMAND_TIMEOUT' });
  });

  it("answers 502 with the station's CALLERROR code", async () => {
    const station = await RawStation.connect(csms.ocppUrl, 'S1-CP1', 'ocpp1.6');
    const call = station.next((f) => f[0] === 2);
    const response = post('/api/stations/S1-CP1/commands/UnlockConnector', '{"connectorId":1}');
    const [, id] = await call;
    station.sendRaw(JSON.stringify([4, id, 'NotSupported', 'no lock', {}]));
    expect(await response).toMatchObject({ status: 502, json: { code: 'CSMS_STATION_ERROR', ocppCode: 'NotSupported' } });
  });
});

describe('GET /api/events', () => {
  it('streams a status event as a server-sent event, filtered by type', async () => {
    const station = await RawStation.connect(csms.ocppUrl, 'S1-CP1', 'ocpp1.6');
    const controller = new AbortController();
    const res = await fetch(`${csms.url}/api/events?types=status`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();

    await station.call('StatusNotification', { connectorId: 1, errorCode: 'HighTemperature', status: 'Faulted' });
    let text = '';
    const complete = (): boolean => text.includes('event: status') && text.includes('\n\n', text.indexOf('event: status'));
    while (!complete()) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    controller.abort();
    const block = text.slice(text.indexOf('id: '));
    const [idLine, eventLine, dataLine] = block.split('\n');
    expect(eventLine).toBe('event: status');
    const data = JSON.parse(dataLine!.slice('data: '.length)) as { seq: number };
    expect(idLine).toBe(`id: ${data.seq}`);
    expect(data).toMatchObject({ type: 'status', stationId: 'S1-CP1', status: 'Faulted', errorCode: 'HighTemperature' });
    // Only the requested type: the frames around the status never reached the stream.
    expect(text).not.toContain('event: frame');
  });
});
