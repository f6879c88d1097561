/**
 * Nothing hidden, and fail fast: the load engine against CSMSs that misbehave in the ways load testers meet,
 * on real WebSockets over loopback.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LoadInputError, runLoad, stagesFromFlags, type LoadOptions } from '../../../harness/load/engine.js';
import { startMiniCsms, type MiniCsms } from './mini-csms.js';

const servers: MiniCsms[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function mini(options: Parameters<typeof startMiniCsms>[0] = {}): Promise<MiniCsms> {
  const server = await startMiniCsms(options);
  servers.push(server);
  return server;
}

function options(url: string, overrides: Partial<LoadOptions> & { holdMs?: number; sessionsPerHour?: number } = {}): LoadOptions {
  const { holdMs = 500, sessionsPerHour = 0, ...rest } = overrides;
  return {
    url,
    sites: 1,
    protocol: 'ocpp1.6',
    seed: 3,
    timeScale: 1,
    stages: stagesFromFlags({ stations: 2, rampPerS: 100, durationMs: holdMs, sessionsPerHour }),
    bootTimeoutMs: 10_000,
    stopGraceMs: 200,
    ...rest,
  };
}

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the load engine', () => {
  it('counts calls the CSMS never answers as in flight at the end, shows their action, and fails the run', async () => {
    const csms = await mini({ unanswered: ['Authorize'] });
    // Sessions start at once (a mean gap of 1 simulated second at scale 600); the Authorize waits 5.5 s and more.
    const result = await runLoad(options(csms.url, { timeScale: 600, holdMs: 5_500, sessionsPerHour: 3_600 }));
    expect(csms.received.get('Authorize')).toBeGreaterThanOrEqual(2);
    const authorize = result.actions.find((a) => a.action === 'Authorize');
    expect(authorize).toMatchObject({ sent: 2, answered: 0, inFlightAtEnd: 2, unansweredAtEnd: 2, timedOut: 0 });
    expect(authorize?.latency.count).toBe(0);
    expect(result.calls.inFlightAtEnd).toBeGreaterThanOrEqual(2);
    expect(result.verdict).toBe('run-failed');
    expect(result.exitCode).toBe(1);
    expect(result.failures.join('\n')).toMatch(/2 calls got no answer .*: Authorize 2/);
  }, 30_000);

  it('stops within a few seconds when nothing can connect, and says why', async () => {
    const port = await closedPort();
    const began = performance.now();
    const result = await runLoad(options(`ws://127.0.0.1:${port}/ocpp`, { holdMs: 30_000 }));
    expect(performance.now() - began).toBeLessThan(5_000);
    expect(result.connections.opened).toBe(0);
    expect(result.connections.failed.refused).toBe(result.connections.attempts);
    expect(result.connections.firstFailure).toMatchObject({ reason: 'refused', message: 'ECONNREFUSED' });
    expect(result.verdict).toBe('run-failed');
    expect(result.failures[0]).toMatch(new RegExp(`^no station could connect to ws://127.0.0.1:${port}/ocpp: (\\d+) of \\1 attempts were refused \\(ECONNREFUSED\\); none of the \\d+ stations started has connected$`));
  }, 20_000);

  it('names a refused handshake by its HTTP status', async () => {
    const csms = await mini({ httpStatus: 404 });
    const result = await runLoad(options(csms.url, { holdMs: 30_000 }));
    expect(result.connections.failed['http-404']).toBeGreaterThanOrEqual(2);
    expect(result.connections.failed).toEqual({ 'http-404': result.connections.attempts });
    expect(result.failures[0]).toMatch(/attempts were answered HTTP 404 \(HTTP 404 Not Found\); none of the 2 stations started has connected$/);
  }, 20_000);

  it('counts the connections a vanished CSMS cut, by close code, and fails the run', async () => {
    const csms = await mini();
    const killed = new Promise<void>((resolve) => setTimeout(() => void csms.kill().then(resolve), 1_000));
    const result = await runLoad(options(csms.url, { holdMs: 2_500 }));
    await killed;
    expect(result.boots.accepted).toBe(2);
    expect(result.disconnects.disconnects).toBe(2);
    expect(result.connections.closedByPeer).toEqual({ 1006: 2 });
    expect(result.disconnects.recovered).toBe(0);
    expect(result.verdict).toBe('run-failed');
    expect(result.failures.join('\n')).toMatch(/2 connections were closed by the CSMS or the network \(close code 1006: 2\); allowed: 0/);
    // Allowed disconnects do not fail the run.
    const tolerant = await mini();
    setTimeout(() => void tolerant.kill(), 1_000);
    const allowed = await runLoad(options(tolerant.url, { holdMs: 2_500, maxDisconnects: 2 }));
    expect(allowed.disconnects.disconnects).toBe(2);
    expect(allowed.verdict).toBe('passed');
  }, 30_000);

  it('fails a station that is not booted within the boot timeout, at once, saying why', async () => {
    const csms = await mini({ unanswered: ['BootNotification'] });
    const began = performance.now();
    const result = await runLoad(options(csms.url, { holdMs: 30_000, bootTimeoutMs: 1_000 }));
    expect(performance.now() - began).toBeLessThan(5_000);
    expect(result.boots).toMatchObject({ accepted: 0, notBooted: 2 });
    expect(result.verdict).toBe('run-failed');
    // Stations start 10 ms apart: the check may catch the first alone overdue, but counts both as not booted.
    expect(result.failures[0]).toMatch(/^2 of 2 stations (did not boot within 1s of their start|had not booted when 1 of them passed 1s from their start) \(BootNotification unanswered 2\)$/);
  }, 20_000);

  it('records the time series and keeps every percentile at or below the max', async () => {
    const csms = await mini();
    const samples: number[] = [];
    const result = await runLoad(options(csms.url, { holdMs: 2_200, onSample: (point) => samples.push(point.t) }));
    expect(result.verdict).toBe('passed');
    expect(result.timeSeries.length).toBeGreaterThanOrEqual(2);
    expect(samples).toEqual(result.timeSeries.map((p) => p.t));
    expect(result.timeSeries.at(-1)).toMatchObject({ connected: 2, booted: 2 });
    for (const action of result.actions) {
      const l = action.latency;
      expect([l.p50, l.p90, l.p95, l.p99, l.p99_9, l.max]).toEqual([l.p50, l.p90, l.p95, l.p99, l.p99_9, l.max].sort((a, b) => a - b));
      expect(action.histogram.length).toBeGreaterThan(0);
    }
  }, 20_000);

  it('runs the stage mix: the heartbeat interval override beats the boot answer, swipes send Authorize without a session', async () => {
    const csms = await mini();
    // The mini CSMS answers every boot with a 300 s interval: at scale 60 that is one heartbeat per 5 real s.
    const mix = { heartbeatIntervalS: 10, authorizePerHour: 3_600 };
    const result = await runLoad(
      options(csms.url, { timeScale: 60, stages: [{ name: 'busy', durationMs: 2_000, target: 2, sessionsPerHour: 0, mix }] }),
    );
    expect(result.verdict).toBe('passed');
    // 10 simulated s at scale 60 is 167 real ms: about 12 per station in 2 s.
    expect(csms.received.get('Heartbeat')).toBeGreaterThanOrEqual(10);
    expect(csms.received.get('Authorize')).toBeGreaterThanOrEqual(10);
    expect(result.sessions.attempted).toBe(0);
    expect(csms.received.get('StartTransaction')).toBeUndefined();
  }, 20_000);

  it.each([
    [{ stages: [] }, /^a load run needs at least one stage$/],
    [{ stations: 2, stages: [{ name: 'big', durationMs: 0, target: 3, sessionsPerHour: 0 }] }, /^stage 1 \(big\): target must be a whole number from 0 to 2, got 3$/],
    [{ faults: [{ atMs: 0, stationIndex: 0, kind: 'melt-down', params: {}, expectedIssue: 'x' }] }, /^fault 1 \(melt-down\): unknown fault kind$/],
    [{ faults: [{ atMs: 0, stationIndex: 5, kind: 'connection-loss', params: {}, expectedIssue: 'no-connectivity' }] }, /^fault 1 \(connection-loss\): stationIndex must be a whole number from 0 to 1, got 5$/],
  ] as [Partial<LoadOptions>, RegExp][])('refuses options that make no run before anything starts: %j', async (bad, message) => {
    const attempt = runLoad({ ...options('ws://127.0.0.1:1/ocpp'), ...bad });
    await expect(attempt).rejects.toThrow(LoadInputError);
    await expect(attempt).rejects.toThrow(message);
  });
});
