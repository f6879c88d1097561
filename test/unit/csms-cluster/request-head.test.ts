import { createServer } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { rawRequestHead, stationOfUpgrade } from '../../../harness/csms-cluster/request-head.js';

describe('the station an upgrade is for', () => {
  it('is the decoded last segment of /ocpp/<stationId>, as ocpp-rpc decodes it', () => {
    expect(stationOfUpgrade('/ocpp/S1-CP1')).toBe('S1-CP1');
    expect(stationOfUpgrade('/ocpp/S1-CP1?x=1')).toBe('S1-CP1');
    expect(stationOfUpgrade('/ocpp/east%20S2-CP3')).toBe('east S2-CP3');
  });

  it('is undefined for any other path and for an id that is not valid percent-encoding', () => {
    expect(stationOfUpgrade('/api/events')).toBeUndefined();
    expect(stationOfUpgrade('/ocpp')).toBeUndefined();
    expect(stationOfUpgrade('/ocpp/S1/CP1')).toBeUndefined();
    expect(stationOfUpgrade(undefined)).toBeUndefined();
    expect(stationOfUpgrade('/ocpp/%E0%A4%A')).toBeUndefined();
  });
});

describe('the request head handed to a worker', () => {
  it('is the request line and the headers in order, names as sent, ending with a blank line', () => {
    const head = rawRequestHead({
      method: 'GET',
      url: '/ocpp/S1-CP1',
      httpVersion: '1.1',
      rawHeaders: ['Host', '127.0.0.1:9000', 'Upgrade', 'websocket', 'Sec-WebSocket-Protocol', 'ocpp2.0.1, ocpp1.6', 'X-Dup', 'a', 'X-Dup', 'b'],
    });
    expect(head.toString('latin1')).toBe(
      'GET /ocpp/S1-CP1 HTTP/1.1\r\nHost: 127.0.0.1:9000\r\nUpgrade: websocket\r\nSec-WebSocket-Protocol: ocpp2.0.1, ocpp1.6\r\nX-Dup: a\r\nX-Dup: b\r\n\r\n',
    );
  });

  it('parses back to the same request in another node:http server', async () => {
    const bytes = rawRequestHead({ method: 'GET', url: '/ocpp/S7-CP2?a=1', httpVersion: '1.1', rawHeaders: ['Host', 'csms', 'X-Station', 'S7-CP2', 'Sec-WebSocket-Protocol', 'ocpp1.6'] });
    const server = createServer((req, res) => {
      res.end();
      seen({ method: req.method, url: req.url, rawHeaders: req.rawHeaders });
    });
    let seen: (request: { method?: string; url?: string; rawHeaders: string[] }) => void = () => {};
    const parsed = new Promise<{ method?: string; url?: string; rawHeaders: string[] }>((resolve) => (seen = resolve));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1', () => socket.write(bytes));
    try {
      expect(await parsed).toEqual({ method: 'GET', url: '/ocpp/S7-CP2?a=1', rawHeaders: ['Host', 'csms', 'X-Station', 'S7-CP2', 'Sec-WebSocket-Protocol', 'ocpp1.6'] });
    } finally {
      socket.destroy();
      server.closeAllConnections();
      server.close();
    }
  });
});
