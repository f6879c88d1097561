import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveSeed } from '../../../simulator/random.js';
import { createIdentity } from '../../../simulator/station/identity.js';
import { createStationFixture, describeCall, startAccepted, type StationFixture } from './station-fixture.js';

let fixture: StationFixture | undefined;
afterEach(async () => {
  const violations = fixture?.fake.violations ?? [];
  await fixture?.station.stop();
  fixture = undefined;
  expect(violations, 'payloads must follow the official schemas').toEqual([]);
});

function bootStatuses(f: StationFixture): string[] {
  const seen: string[] = [];
  f.station.on('booted', (status) => seen.push(status));
  return seen;
}

describe('VirtualStation boot', () => {
  it('connects to <csmsUrl>/<id> with its protocol', () => {
    fixture = createStationFixture('ocpp1.6');
    expect(fixture.fake.options.url).toBe('ws://csms.test/ocpp/CP-TEST');
    expect(fixture.fake.options.protocol).toBe('ocpp1.6');
  });

  it('seeds its reconnect jitter from its own seed, unless the transport options bring a random source', async () => {
    fixture = createStationFixture('ocpp1.6');
    expect(fixture.fake.options.randomSeed).toBe(deriveSeed(42, 2));
    expect(fixture.fake.options.random).toBeUndefined();
    await fixture.station.stop();
    const random = (): number => 0.5;
    fixture = createStationFixture('ocpp1.6', { transport: { random } });
    expect(fixture.fake.options.random).toBe(random);
    expect(fixture.fake.options.randomSeed).toBeUndefined();
  });

  it('on Accepted sends a StatusNotification for every connector, then heartbeats at the interval', async () => {
    fixture = createStationFixture('ocpp1.6', { connectors: 3 });
    const { fake, clock } = fixture;
    const intervalS = 100;
    // Ticks are a full interval apart (the clock guarantees it); a send is stamped a moment after its tick, and
    // a process held off the CPU between the two shifts one stamp. That delay is measured, not guessed.
    const lag = monitorEventLoopDelay({ resolution: 1 });
    lag.enable();
    fake.respond('BootNotification', () => ({ status: 'Accepted', interval: intervalS, currentTime: new Date(clock.now()).toISOString() }));
    await startAccepted(fixture);
    const third = await fake.waitForCall('Heartbeat', { count: 3 });

    const sequence = fake.sent.slice(0, 5).map(describeCall);
    expect(sequence).toEqual([
      'BootNotification',
      'StatusNotification:Available',
      'StatusNotification:Available',
      'StatusNotification:Available',
      'Heartbeat',
    ]);
    expect(fake.callsOf('StatusNotification').map((c) => c.payload.connectorId)).toEqual([1, 2, 3]);
    expect(fake.releaseCount).toBe(1);
    const beats = fake.callsOf('Heartbeat').map((c) => c.atMs);
    expect(beats.at(-1)).toBe(third.atMs);
    lag.disable();
    // The longest stall seen (ns → ms), plus the histogram's 1 ms resolution, in simulated time.
    const slackMs = clock.toSimMs(lag.max / 1e6 + 1);
    for (let i = 1; i < beats.length; i++) {
      const gapMs = (beats[i] as number) - (beats[i - 1] as number);
      expect(gapMs).toBeGreaterThanOrEqual(intervalS * 1_000 - slackMs);
      expect(gapMs).toBeLessThan(intervalS * 1_000 + slackMs + clock.toSimMs(20));
    }
  });

  it('sends the identity in BootNotification (1.6 and 2.0.1 shapes)', async () => {
    fixture = createStationFixture('ocpp1.6');
    await startAccepted(fixture);
    expect(fixture.fake.sent[0]?.payload).toMatchObject({
      chargePointVendor: fixture.station.identity.vendor,
      chargePointModel: fixture.station.identity.model,
      firmwareVersion: fixture.station.identity.firmwareVersion,
    });
    await fixture.station.stop();

    fixture = createStationFixture('ocpp2.0.1');
    await startAccepted(fixture);
    expect(fixture.fake.sent[0]?.payload).toMatchObject({
      reason: 'PowerUp',
      chargingStation: { model: fixture.station.identity.model, vendorName: fixture.station.identity.vendor },
    });
    expect(fixture.fake.callsOf('StatusNotification')[0]?.payload).toMatchObject({ connectorStatus: 'Available', evseId: 1, connectorId: 1 });
  });

  it('boots with the identity its seed gives, read afresh each time, and keeps an identity it is given as it is', async () => {
    fixture = createStationFixture('ocpp1.6');
    const id = createIdentity(42);
    expect(fixture.station.identity).toEqual(id);
    await startAccepted(fixture);
    expect(fixture.fake.sent[0]?.payload).toEqual({
      chargePointVendor: id.vendor,
      chargePointModel: id.model,
      chargePointSerialNumber: id.serialNumber,
      chargeBoxSerialNumber: id.serialNumber,
      firmwareVersion: id.firmwareVersion,
      iccid: id.iccid,
      imsi: id.imsi,
    });
    await fixture.station.stop();

    const given = { vendor: 'Given Vendor', model: 'GV-1', serialNumber: 'GV000000001', firmwareVersion: 'v1.0.0' };
    fixture = createStationFixture('ocpp1.6', { identity: given });
    expect(fixture.station.identity).toBe(given);
  });

  it('retries after the interval while Pending, answers the CSMS meanwhile, then runs once Accepted', async () => {
    fixture = createStationFixture('ocpp1.6');
    const { fake, station, clock } = fixture;
    const seen = bootStatuses(fixture);
    let boots = 0;
    const pendingS = 20;
    fake.respond('BootNotification', () => ({
      status: ++boots < 3 ? 'Pending' : 'Accepted',
      interval: boots < 3 ? pendingS : 60,
      currentTime: new Date(clock.now()).toISOString(),
    }));
    await station.start();
    await fake.waitForCall('BootNotification');
    await expect(fake.invoke('GetConfiguration', { key: ['HeartbeatInterval'] })).resolves.toMatchObject({
      configurationKey: [{ key: 'HeartbeatInterval' }],
    });
    await fake.waitForCall('StatusNotification', { count: 2 });

    expect(seen).toEqual(['Pending', 'Pending', 'Accepted']);
    const bootTimes = fake.callsOf('BootNotification').map((c) => c.atMs);
    expect((bootTimes[1] as number) - (bootTimes[0] as number)).toBeGreaterThanOrEqual(pendingS * 1_000 * 0.95);
    // Nothing but BootNotification before the accept.
    expect(fake.sent.slice(0, 3).map((c) => c.action)).toEqual(['BootNotification', 'BootNotification', 'BootNotification']);
  });

  it('sends nothing but BootNotification while Rejected', async () => {
    fixture = createStationFixture('ocpp1.6');
    const { fake, station, clock } = fixture;
    const seen = bootStatuses(fixture);
    fake.respond('BootNotification', () => ({ status: 'Rejected', interval: 10, currentTime: new Date(clock.now()).toISOString() }));
    await station.start();
    await fake.waitForCall('BootNotification', { count: 4 });
    expect(new Set(fake.sent.map((c) => c.action))).toEqual(new Set(['BootNotification']));
    expect(seen.slice(0, 3)).toEqual(['Rejected', 'Rejected', 'Rejected']);
    expect(station.registration).toBe('Rejected');
    await expect(station.runSession({ connectorId: 1, idTag: 'T', durationS: 60 })).resolves.toMatchObject({ ok: false });
    expect(new Set(fake.sent.map((c) => c.action))).toEqual(new Set(['BootNotification']));
  });

  it('after a plain reconnect resumes without booting: replays its queue, then re-sends every status', async () => {
    fixture = createStationFixture('ocpp1.6');
    const { fake, station } = fixture;
    await startAccepted(fixture);
    const events: string[] = [];
    station.on('disconnected', () => events.push('disconnected'));
    station.on('connected', () => events.push('connected'));
    const before = fake.sent.length;
    fake.drop({ reconnect: false });
    fake.reconnect();
    await fake.waitForCall('StatusNotification', { from: before, count: 2 });
    expect(events).toEqual(['disconnected', 'connected']);
    expect(fake.callsOf('BootNotification')).toHaveLength(1);
    expect(fake.releaseCount).toBe(2);
  });
});
