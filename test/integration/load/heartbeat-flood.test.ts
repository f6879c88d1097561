/**
 * The heartbeat flood (`mix.heartbeatFlood`): a closed loop, one Heartbeat in flight per station, the next sent when
 * the last is answered, so the CSMS's answer time sets the rate. On real WebSockets against a CSMS that answers
 * every call after a fixed delay, which bounds how many calls a closed loop can make in the run's real time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runLoad, type LoadOptions } from '../../../harness/load/engine.js';
import type { StageSpec } from '../../../harness/load/result.js';
import { startMiniCsms, type MiniCsms } from './mini-csms.js';

const ANSWER_DELAY_MS = 20;
const STATIONS = 2;

const servers: MiniCsms[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function delayedCsms(): Promise<MiniCsms> {
  const server = await startMiniCsms({ answerDelayMs: ANSWER_DELAY_MS });
  servers.push(server);
  return server;
}

function options(url: string, stages: StageSpec[]): LoadOptions {
  return { url, sites: 1, protocol: 'ocpp1.6', seed: 5, timeScale: 1, stages, bootTimeoutMs: 10_000, stopGraceMs: 200 };
}

const ramp: StageSpec = { name: 'ramp', durationMs: 20, target: STATIONS, sessionsPerHour: 0 };

describe('the heartbeat flood', () => {
  it('keeps one Heartbeat in flight per station and sends the next when the last is answered', async () => {
    const csms = await delayedCsms();
    const began = performance.now();
    const result = await runLoad(options(csms.url, [ramp, { name: 'flood', durationMs: 1_000, target: STATIONS, sessionsPerHour: 0, mix: { heartbeatFlood: true } }]));
    const elapsedMs = performance.now() - began;
    expect(result.verdict).toBe('passed');
    expect(csms.connections).toHaveLength(STATIONS);
    for (const connection of csms.connections) {
      expect(connection.maxInFlight).toBe(1);
      const heartbeats = connection.calls.get('Heartbeat') ?? 0;
      // A closed loop waits out every answer: no more calls than the run's real time holds answer delays.
      expect(heartbeats).toBeLessThanOrEqual(Math.floor(elapsedMs / ANSWER_DELAY_MS) + 1);
      // The boot answer's interval is 300 s: without the flood there would be none at all.
      expect(heartbeats).toBeGreaterThanOrEqual(3);
    }
    const heartbeat = result.actions.find((a) => a.action === 'Heartbeat');
    expect(heartbeat?.sent).toBe(csms.received.get('Heartbeat'));
    expect((heartbeat?.answered ?? 0) + (heartbeat?.inFlightAtEnd ?? 0)).toBe(heartbeat?.sent);
  }, 30_000);

  it('sends no Heartbeat beyond the interval when the mix does not flood', async () => {
    const csms = await delayedCsms();
    const result = await runLoad(options(csms.url, [ramp, { name: 'hold', durationMs: 500, target: STATIONS, sessionsPerHour: 0 }]));
    expect(result.verdict).toBe('passed');
    expect(csms.received.get('BootNotification')).toBe(STATIONS);
    expect(csms.received.get('Heartbeat') ?? 0).toBe(0);
  }, 30_000);

  it('pauses while a station is offline and resumes on its next connection', async () => {
    const csms = await delayedCsms();
    const flood = { heartbeatFlood: true };
    const result = await runLoad(
      options(csms.url, [
        ramp,
        { name: 'flood', durationMs: 400, target: STATIONS, sessionsPerHour: 0, mix: flood },
        { name: 'blip', durationMs: 1_000, target: STATIONS, sessionsPerHour: 0, mix: flood, disconnect: { share: 1, offlineMs: 100, spreadMs: 0 } },
      ]),
    );
    expect(result.failures).toEqual([]);
    // Each station's second connection is a plain reconnect (no boot), and the flood goes on over it.
    for (const station of new Set(csms.connections.map((c) => c.station))) {
      const [first, second] = csms.connections.filter((c) => c.station === station);
      expect(first?.calls.get('Heartbeat') ?? 0).toBeGreaterThanOrEqual(1);
      expect(second?.calls.get('BootNotification') ?? 0).toBe(0);
      expect(second?.calls.get('Heartbeat') ?? 0).toBeGreaterThanOrEqual(1);
      expect(second?.maxInFlight).toBe(1);
    }
  }, 30_000);
});
