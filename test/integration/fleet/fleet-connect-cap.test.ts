/**
 * A ramp keeps at most `maxConnecting` WebSocket handshakes in flight: against a CSMS that takes its time to
 * accept, the stations that are due wait (and the wait is reported) instead of piling up half-open sockets.
 * The server counts the upgrades it holds at once; the fleet's own count can only be higher (a handshake ends
 * for the fleet when the client sees it open, after the server let it go), so the bound is exact, not timed.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { ScaledClock } from '../../../simulator/clock.js';
import { defaultMaxConnecting, Fleet } from '../../../simulator/fleet/fleet.js';
import { until } from '../../support/until.js';

/** Real ms the server holds each upgrade before accepting it. */
const HOLD_MS = 150;
const STATIONS = 30;

interface SlowCsms {
  url: string;
  /** Upgrades held at once, at most, so far. */
  maxHeld(): number;
  close(): Promise<void>;
}

/** Accepts every upgrade after HOLD_MS; answers BootNotification Accepted and every other call with `{}`. */
async function slowCsms(): Promise<SlowCsms> {
  const wss = new WebSocketServer({ noServer: true });
  let held = 0;
  let maxHeld = 0;
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const [, id, action] = JSON.parse(String(data)) as [number, string, string];
      const payload = action === 'BootNotification' ? { status: 'Accepted', currentTime: new Date().toISOString(), interval: 300 } : {};
      ws.send(JSON.stringify([3, id, payload]));
    });
  });
  const server: Server = createServer();
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    held++;
    maxHeld = Math.max(maxHeld, held);
    setTimeout(() => {
      held--;
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
    }, HOLD_MS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/ocpp`,
    maxHeld: () => maxHeld,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function bootAll(maxConnecting: number | undefined): Promise<{ csms: SlowCsms; fleet: Fleet }> {
  const csms = await slowCsms();
  cleanups.push(() => csms.close());
  // 30 stations in 30 ms: every one is due long before the first upgrade is let go.
  const fleet = new Fleet({ csmsUrl: csms.url, clock: new ScaledClock(), stations: STATIONS, sites: 3, protocol: 'ocpp1.6', seed: 3, rampPerS: 1_000, stopGraceMs: 0, ...(maxConnecting !== undefined && { maxConnecting }) });
  cleanups.push(() => fleet.stop());
  const booted = fleet.waitForBoot(20_000);
  await fleet.start();
  expect(await booted).toBe(true);
  return { csms, fleet };
}

describe('the connect cap of a ramp', () => {
  it('never lets more than maxConnecting handshakes be in flight, boots every station and reports the wait', async () => {
    const { csms, fleet } = await bootAll(5);
    expect(csms.maxHeld()).toBeGreaterThan(0);
    expect(csms.maxHeld()).toBeLessThanOrEqual(5);
    const connections = fleet.metrics.snapshot().connections;
    expect(connections.opened).toBe(STATIONS);
    // Six rounds of five held upgrades: the ramp waited for most of them.
    expect(connections.rampHeld?.maxConnecting).toBe(5);
    expect(connections.rampHeld?.ms).toBeGreaterThan(HOLD_MS);
    expect(fleet.metrics.connections.handshaking).toBe(0);
  }, 30_000);

  it('without a cap that bites, the same ramp has them all in flight at once and reports no wait', async () => {
    const { csms, fleet } = await bootAll(1_000);
    // The assertion above can fail: here the server holds more than five at a time.
    expect(csms.maxHeld()).toBeGreaterThan(5);
    expect(fleet.metrics.snapshot().connections.rampHeld).toBeUndefined();
  }, 30_000);

  it('stops counting the wait once the ramp is cut short while held back (the run stopped)', async () => {
    const csms = await slowCsms();
    cleanups.push(() => csms.close());
    const fleet = new Fleet({ csmsUrl: csms.url, clock: new ScaledClock(), stations: 10, sites: 1, protocol: 'ocpp1.6', seed: 3, rampPerS: 1_000, stopGraceMs: 0, maxConnecting: 2 });
    cleanups.push(() => fleet.stop());
    void fleet.start();
    await until(() => fleet.metrics.connections.handshaking === 2, 5_000, 'two handshakes in flight');
    // Held back from the second step on: eight stations are due and two handshakes are under way for HOLD_MS.
    await until(() => (fleet.metrics.snapshot().connections.rampHeld?.ms ?? 0) > 0, 5_000, 'the ramp held back');
    await fleet.stop();
    const heldAtStop = fleet.metrics.snapshot().connections.rampHeld?.ms;
    await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
    expect(fleet.metrics.snapshot().connections.rampHeld?.ms).toBe(heldAtStop);
  }, 30_000);

  it('forgets the handshakes of stations taken off before they opened', async () => {
    const csms = await slowCsms();
    cleanups.push(() => csms.close());
    const fleet = new Fleet({ csmsUrl: csms.url, clock: new ScaledClock(), stations: 10, sites: 1, protocol: 'ocpp1.6', seed: 3, rampPerS: 1_000, stopGraceMs: 0, maxConnecting: 10 });
    cleanups.push(() => fleet.stop());
    void fleet.rampTo(10, 0);
    await until(() => fleet.metrics.connections.handshaking === 10, 5_000, 'ten handshakes in flight');
    await fleet.rampTo(0, 0);
    expect(fleet.metrics.connections.handshaking).toBe(0);
  }, 30_000);

  it('defaults to the stations a timed ramp starts in 100 ms, at least 512', () => {
    expect(defaultMaxConnecting(2_000)).toBe(512);
    expect(defaultMaxConnecting(100)).toBe(512);
    expect(defaultMaxConnecting(8_000)).toBe(800);
    expect(defaultMaxConnecting(20_001)).toBe(2_001);
  });

  it('refuses a limit that is not a whole number of at least 1', () => {
    const options = { csmsUrl: 'ws://127.0.0.1:1/ocpp', clock: new ScaledClock(), stations: 1, sites: 1, protocol: 'ocpp1.6' as const, seed: 1, rampPerS: 1 };
    expect(() => new Fleet({ ...options, maxConnecting: 0 })).toThrow('maxConnecting must be a whole number >= 1, got 0');
    expect(() => new Fleet({ ...options, maxConnecting: 2.5 })).toThrow(/got 2\.5/);
  });
});
