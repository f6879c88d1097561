/**
 * The fleet hears its stations through listeners shared by every station (no closures per station): each event must
 * still reach the counters of its own station's plan index, and the fleet's own events must name the right station.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../../simulator/clock.js';
import { Fleet } from '../../../simulator/fleet/fleet.js';
import { VirtualStation } from '../../../simulator/station/station.js';
import type { ConnectFailure } from '../../../simulator/transport/types.js';
import { FakeTransport } from '../station/fake-transport.js';

const fleets: Fleet[] = [];
afterEach(async () => {
  for (const fleet of fleets.splice(0)) await fleet.stop();
});

async function bootedFleet(): Promise<{ fleet: Fleet; fakes: Map<string, FakeTransport> }> {
  const clock = new ScaledClock({ timeScale: 1_000 });
  const fakes = new Map<string, FakeTransport>();
  const fleet = new Fleet({
    csmsUrl: 'ws://csms.test/ocpp',
    clock,
    stations: 3,
    sites: 1,
    protocol: 'ocpp1.6',
    seed: 4,
    rampPerS: 10_000,
    createStation: (config) =>
      new VirtualStation(config, {
        createTransport: (options) => {
          const fake = new FakeTransport(options, clock);
          fakes.set(config.id, fake);
          return fake;
        },
      }),
  });
  fleets.push(fleet);
  const booted = fleet.waitForBoot(5_000);
  await fleet.start();
  expect(await booted).toBe(true);
  for (const fake of fakes.values()) await fake.settled();
  return { fleet, fakes };
}

const failure = (statusCode: number): ConnectFailure => ({
  statusCode,
  error: new Error(`Unexpected server response: ${statusCode}`),
  kind: 'http',
  reason: `HTTP ${statusCode}`,
  attempt: 1,
  retryInMs: 100,
});

describe('fleet listeners', () => {
  it('counts every boot, open connection and call, and names the booted stations', async () => {
    const { fleet, fakes } = await bootedFleet();
    expect(fleet.metrics.bootedCount).toBe(3);
    expect(fleet.metrics.connections.snapshot().opened).toBe(3);
    expect(fleet.bootedAtMs.every((atMs) => Number.isFinite(atMs))).toBe(true);
    const sent = [...fakes.values()].reduce((n, fake) => n + fake.sent.length, 0);
    expect(sent).toBeGreaterThanOrEqual(6);
    expect(fleet.metrics.calls.finished).toBe(sent);
    const named: string[] = [];
    fleet.on('booted', (id: string) => named.push(id));
    const station = fleet.stationAt(1) as VirtualStation;
    station.powerCycle();
    await fakes.get(station.id)?.waitForCall('BootNotification', { count: 2 });
    await fakes.get(station.id)?.settled();
    expect(named).toEqual([station.id]);
  });

  it('books attempts, failures, losses and recoveries on the station they happened to', async () => {
    const { fleet, fakes } = await bootedFleet();
    const second = fleet.stationAt(1) as VirtualStation;
    const third = fleet.stationAt(2) as VirtualStation;
    const fake = fakes.get(third.id) as FakeTransport;
    const failedIds: string[] = [];
    fleet.on('connectFailed', (id: string) => failedIds.push(id));
    fake.emit('connecting');
    fake.emit('connectFailed', failure(404));
    const connections = fleet.metrics.connections;
    expect(connections.snapshot().attempts).toBe(1);
    expect(connections.snapshot().failed).toEqual({ 'http-404': 1 });
    expect([0, 1, 2].map((index) => connections.lastFailureOf(index))).toEqual([undefined, undefined, 'http-404']);
    expect(failedIds).toEqual([third.id]);
    // The CSMS closes the second station's connection; it comes back with its registration.
    (fakes.get(second.id) as FakeTransport).emit('close', 1001, 'going away');
    expect(connections.snapshot().closedByPeer).toEqual({ '1001': 1 });
    expect(connections.connected).toBe(2);
    (fakes.get(second.id) as FakeTransport).emit('open');
    expect(connections.connected).toBe(3);
    expect(connections.snapshot().recovered).toBe(1);
  });

  it('records a session result, and counts a cut call as an error unless the run is stopping its station', async () => {
    const { fleet } = await bootedFleet();
    const first = fleet.stationAt(0) as VirtualStation;
    const last = fleet.stationAt(2) as VirtualStation;
    first.emit('session', 1, { ok: false, reason: 'no car' });
    expect(fleet.metrics.sessions.snapshot().failed).toBe(1);
    const cut = { action: 'Heartbeat', ok: false, end: 'disconnected', errorCode: 'Disconnected', latencyMs: 2 } as const;
    const finished = fleet.metrics.calls.finished;
    first.callSink?.(cut);
    expect(fleet.metrics.calls.finished).toBe(finished + 1);
    expect(fleet.metrics.calls.errors).toBe(1);
    await fleet.rampTo(2, 0);
    expect(fleet.stationAt(2)).toBeUndefined();
    last.callSink?.(cut);
    expect(fleet.metrics.calls.finished).toBe(finished + 2);
    expect(fleet.metrics.calls.errors).toBe(1);
  });
});
