/**
 * The chaos layer: specs parse or are refused naming the key, the same seed loses and duplicates the same
 * frames, added latency stays within [latency, latency + jitter] plus what the clock itself adds, a
 * duplicated CALLRESULT is ignored by the station, and lost frames end as call timeouts.
 */
import { EventEmitter } from 'node:events';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { OcppTimeoutError } from '../../../simulator/protocol/errors.js';
import { ChaosLayer, parseChaosSpec } from '../../../simulator/transport/chaos.js';
import type { CallOutcome } from '../../../simulator/transport/types.js';
import { WsOcppClient } from '../../../simulator/transport/ws-client.js';
import { ScriptedServer } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Enough of a ws socket for the layer: records what reaches the wire. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  readonly wire: string[] = [];
  terminated = false;
  send(data: string): void {
    this.wire.push(data);
  }
  pong(): void {}
  terminate(): void {
    this.terminated = true;
  }
}

function through(seed: number, frames: number): { out: string[]; in: string[] } {
  const layer = new ChaosLayer({ seed, dropOut: 0.3, dropIn: 0.3, duplicateOut: 0.2, duplicateIn: 0.2 });
  const socket = new FakeSocket();
  layer.attach(socket as unknown as WebSocket);
  const received: string[] = [];
  socket.on('message', (data: string) => received.push(data));
  for (let i = 0; i < frames; i++) {
    socket.send(`out-${i}`);
    socket.emit('message', `in-${i}`, false);
  }
  return { out: socket.wire, in: received };
}

describe('parseChaosSpec', () => {
  it('reads durations and percentages into ChaosOptions', () => {
    expect(parseChaosSpec('latency=50ms,jitter=20ms,drop=1%')).toEqual({ latencyMs: 50, jitterMs: 20, dropOut: 0.01, dropIn: 0.01 });
    expect(parseChaosSpec('duplicate-in=0.5, refuse-connect=10%, reconnect-delay=2s, half-open-after=1m, seed=9')).toEqual({
      duplicateIn: 0.5,
      refuseConnect: 0.1,
      reconnectDelayMs: 2_000,
      halfOpenAfterMs: 60_000,
      seed: 9,
    });
  });

  it('refuses what it cannot read, naming the key and what is allowed', () => {
    expect(() => parseChaosSpec('drop=150%')).toThrow(/drop: "150%" is not allowed \(allowed: a percentage like 1%/);
    expect(() => parseChaosSpec('latency=fast')).toThrow(/latency: "fast" is not allowed \(allowed: a duration like 50ms/);
    expect(() => parseChaosSpec('lag=5ms')).toThrow(/"lag" is not a chaos setting \(allowed: latency, jitter, drop/);
    expect(() => parseChaosSpec('latency')).toThrow(/"latency" is not key=value/);
    expect(() => parseChaosSpec('drop=1%,drop=2%')).toThrow(/"drop" is given twice/);
    expect(() => parseChaosSpec('')).toThrow(/no settings given/);
    expect(() => parseChaosSpec('half-open-after=0s')).toThrow(/half-open-after: must be greater than 0/);
  });
});

describe('ChaosLayer', () => {
  it('loses and duplicates the same frames for the same seed, other frames for another seed', () => {
    const a = through(42, 300);
    const b = through(42, 300);
    const c = through(43, 300);
    expect(a).toEqual(b);
    expect(c.out).not.toEqual(a.out);
    // About 30 % lost and 20 % of the rest doubled, in each direction; order kept.
    for (const frames of [a.out, a.in]) {
      expect(frames.length).toBeGreaterThan(300 * 0.7 * 1.2 - 40);
      expect(frames.length).toBeLessThan(300 * 0.7 * 1.2 + 40);
      const indexes = frames.map((f) => Number(f.split('-')[1]));
      expect(indexes).toEqual([...indexes].sort((x, y) => x - y));
      expect(new Set(indexes).size).toBeLessThan(frames.length);
    }
  });

  it('refuses connects inside the reconnect delay after a connection ended, and lets the next one through after it', async () => {
    const DELAY_MS = 40;
    const layer = new ChaosLayer({ seed: 1, reconnectDelayMs: DELAY_MS });
    const first = new FakeSocket();
    layer.attach(first as unknown as WebSocket);
    expect(first.terminated).toBe(false);
    first.emit('open');
    const lostAt = performance.now();
    first.emit('close', 1006, Buffer.alloc(0));
    const second = new FakeSocket();
    layer.attach(second as unknown as WebSocket);
    expect(second.terminated).toBe(true);
    // The refused attempt ending (here half-way through the delay) does not take the link down again.
    await new Promise((resolve) => setTimeout(resolve, DELAY_MS / 2));
    second.emit('close', 1006, Buffer.alloc(0));
    expect(layer.stats.refusedConnects).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, DELAY_MS - (performance.now() - lostAt) + 2));
    const third = new FakeSocket();
    layer.attach(third as unknown as WebSocket);
    expect(third.terminated).toBe(false);
    expect(layer.stats.refusedConnects).toBe(1);
  });

  it('adds between latency and latency + jitter to every frame, in order, as measured on the wire', async () => {
    const LATENCY = 40;
    const JITTER = 30;
    const server = await ScriptedServer.start();
    cleanups.push(() => server.close());
    const clean = new WsOcppClient({ url: server.url(), protocol: 'ocpp1.6' });
    const chaotic = new WsOcppClient({ url: server.url(), protocol: 'ocpp1.6', chaos: { seed: 5, latencyMs: LATENCY, jitterMs: JITTER } });
    cleanups.push(() => clean.close(), () => chaotic.close());
    (chaotic.chaos as ChaosLayer).recordDelays = true;
    const lag = monitorEventLoopDelay({ resolution: 1 });
    lag.enable();

    /** Real ms from call() to the server reading the frame, for `n` Heartbeats. */
    const transit = async (client: WsOcppClient, n: number): Promise<number[]> => {
      await client.connect();
      const connection = await server.nextConnection();
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const sent = performance.now();
        const answered = client.call('Heartbeat', {});
        await connection.answerNextCall({ currentTime: new Date().toISOString() });
        times.push(performance.now() - sent);
        await answered;
      }
      return times;
    };
    const baseline = await transit(clean, 10);
    const measured = await transit(chaotic, 20);
    lag.disable();

    const decided = (chaotic.chaos as ChaosLayer).stats.delaysMs;
    // Each decided delay (out and in) lies in [latency, latency + jitter]; the jitter is really drawn.
    expect(decided.length).toBeGreaterThanOrEqual(40);
    for (const d of decided) {
      expect(d).toBeGreaterThanOrEqual(LATENCY);
      expect(d).toBeLessThanOrEqual(LATENCY + JITTER);
    }
    expect(Math.max(...decided) - Math.min(...decided)).toBeGreaterThan(JITTER / 3);
    // On the wire: never less than the latency (Node timers may fire up to 1 ms early), never more than
    // latency + jitter + the slowest clean transit + the longest event-loop stall seen during the run.
    const slack = Math.max(...baseline) + lag.max / 1e6;
    for (const t of measured) {
      expect(t).toBeGreaterThanOrEqual(LATENCY - 1);
      expect(t).toBeLessThanOrEqual(LATENCY + JITTER + slack);
    }
  });

  it('makes a station ignore a duplicated CALLRESULT', async () => {
    const server = await ScriptedServer.start();
    cleanups.push(() => server.close());
    const client = new WsOcppClient({ url: server.url(), protocol: 'ocpp1.6', chaos: { seed: 3, duplicateIn: 1 } });
    cleanups.push(() => client.close());
    const errors: string[] = [];
    const outcomes: CallOutcome[] = [];
    client.on('protocolError', (reason) => errors.push(reason));
    client.on('callDone', (outcome) => outcomes.push(outcome));
    await client.connect();
    const connection = await server.nextConnection();
    for (let i = 0; i < 3; i++) {
      const answered = client.call('Heartbeat', {});
      const call = await connection.answerNextCall({ currentTime: `2025-01-01T00:00:0${i}.000Z` });
      await expect(answered).resolves.toEqual({ currentTime: `2025-01-01T00:00:0${i}.000Z` });
      expect(call[2]).toBe('Heartbeat');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true]);
    expect(errors).toHaveLength(3);
    expect(errors.every((e) => e.startsWith('CALLRESULT for unknown message id'))).toBe(true);
    expect((client.chaos as ChaosLayer).stats.duplicatedIn).toBe(3);
  });

  it('turns lost frames into call timeouts, counted as Timeout', async () => {
    const server = await ScriptedServer.start();
    cleanups.push(() => server.close());
    const client = new WsOcppClient({ url: server.url(), protocol: 'ocpp1.6', callTimeoutMs: 100, chaos: { seed: 3, dropOut: 1 } });
    cleanups.push(() => client.close());
    const outcomes: CallOutcome[] = [];
    client.on('callDone', (outcome) => outcomes.push(outcome));
    await client.connect();
    const connection = await server.nextConnection();
    await expect(client.call('Heartbeat', {})).rejects.toBeInstanceOf(OcppTimeoutError);
    expect(outcomes).toMatchObject([{ action: 'Heartbeat', ok: false, errorCode: 'Timeout' }]);
    expect(connection.unreadFrames).toBe(0);
    expect((client.chaos as ChaosLayer).stats.droppedOut).toBe(1);
  });

  it('goes half-open: calls time out without the socket closing, until it is cut and the station reconnects', async () => {
    const server = await ScriptedServer.start();
    cleanups.push(() => server.close());
    const client = new WsOcppClient({ url: server.url(), protocol: 'ocpp1.6', callTimeoutMs: 100, reconnectBaseMs: 10, reconnectMaxMs: 20, chaos: { seed: 8, halfOpenAfterMs: 20, halfOpenForMs: 400 } });
    cleanups.push(() => client.close());
    const closes: number[] = [];
    client.on('close', (code) => closes.push(code));
    await client.connect();
    const first = await server.nextConnection();
    const layer = client.chaos as ChaosLayer;
    while (layer.stats.halfOpens === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const halfOpenAt = performance.now();

    await expect(client.call('Heartbeat', {})).rejects.toBeInstanceOf(OcppTimeoutError);
    expect(client.state).toBe('open');
    expect(closes).toEqual([]);
    expect(first.unreadFrames).toBe(0);
    // A CSMS call gets no answer either.
    first.send([2, 'csms-1', 'ClearCache', {}]);

    const second = await server.nextConnection();
    expect(performance.now() - halfOpenAt).toBeGreaterThanOrEqual(400 - 1);
    expect(closes).toEqual([1006]);
    expect(first.unreadFrames).toBe(0);
    expect(second).not.toBe(first);
    expect(layer.stats.droppedOut).toBe(1);
    expect(layer.stats.droppedIn).toBe(1);
  });

  it('refuses connect attempts before they reach the CSMS, each one a failed attempt the backoff retries', async () => {
    const server = await ScriptedServer.start();
    cleanups.push(() => server.close());
    const client = new WsOcppClient({ url: server.url(), protocol: 'ocpp1.6', reconnectBaseMs: 5, reconnectMaxMs: 10, chaos: { seed: 1, refuseConnect: 1 } });
    const failures: number[] = [];
    client.on('connectFailed', (failure) => failures.push(failure.attempt));
    const connecting = client.connect().catch((error: unknown) => error);
    while (failures.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    await client.close();
    expect(await connecting).toBeInstanceOf(Error);
    expect(failures.slice(0, 3)).toEqual([1, 2, 3]);
    expect(server.handshakes).toEqual([]);
    expect((client.chaos as ChaosLayer).stats.refusedConnects).toBeGreaterThanOrEqual(3);
  });
});
