/**
 * The fuzzer's frames come from the seed: the same seed sends the same hostile frames (only the run's id
 * tag differs), another seed other frames.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { runFuzz } from '../../../harness/fuzz/run-fuzz.js';

let wss: WebSocketServer;
let url: string;
let received: string[] = [];

beforeEach(async () => {
  received = [];
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (offered) => [...offered][0] ?? false });
  wss.on('connection', (ws) =>
    ws.on('message', (data) => {
      const text = String(data);
      received.push(text);
      // Answers what reads as a CALL, so boots and sentinels go through quickly.
      const match = /^\[2,("[^"]*")/.exec(text);
      if (match) ws.send(`[3,${match[1] as string},{"status":"Accepted","currentTime":"2025-01-01T00:00:00Z","interval":60}]`);
    }),
  );
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ocpp`;
});

afterEach(async () => {
  for (const client of wss.clients) client.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
});

/**
 * The frames of one run with what is not drawn from the seed taken out: the run's id tag (five characters after
 * `fz`, also where a truncated frame cuts it) and timestamps; boots and sentinel Heartbeats are left out.
 */
async function framesOf(seed: number): Promise<string[]> {
  received = [];
  await runFuzz({ csmsUrl: url, protocol: 'ocpp1.6', seed, frames: 40, controlStations: 0, answerTimeoutMs: 200, cases: ['invalid-json', 'wrong-element-types', 'schema-violation'] });
  return received
    .filter((text) => !/^\[2,"[^"]*","Heartbeat",\{\}\]$/.test(text) && !text.includes('"chargePointVendor":"Chargedrill"'))
    .map((text) => text.replace(/fz[0-9a-z]{1,5}/gi, 'fz#').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'TIME'));
}

describe('fuzz seeds', () => {
  it('sends the same frames for the same seed and other frames for another', async () => {
    const first = await framesOf(5);
    const again = await framesOf(5);
    const other = await framesOf(6);
    expect(first.length).toBeGreaterThan(40);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  }, 60_000);
});
