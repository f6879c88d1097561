import { afterEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../simulator/protocol/frames.js';
import { watchLoopLag, type LoopLag } from '../../support/loop-lag.js';
import { createStationFixture, describeCall, startAccepted, TEST_TIME_SCALE, type StationFixture } from './station-fixture.js';

let fixture: StationFixture | undefined;
afterEach(async () => {
  const violations = fixture?.fake.violations ?? [];
  await fixture?.station.stop();
  fixture = undefined;
  expect(violations, 'payloads must follow the official schemas').toEqual([]);
});

const POWER_W = 11_000;
/** 300 ms real at the test time scale: half of it is the margin that keeps the sample count exact under load. */
const INTERVAL_S = 300;
/** Ends half an interval after the 5th sample, so exactly 5 periodic samples fall inside. */
const DURATION_S = 5 * INTERVAL_S + INTERVAL_S / 2;
const CARD_UID = '04A3F29B1C5E80';
const PLAN = { connectorId: 1, idTag: 'TAG-1', durationS: DURATION_S, powerW: POWER_W, unplugAfterS: 30 };
const SHORT_INTERVAL_S = 60;

/**
 * How many periodic samples the session holds: exactly 5 when timers fire on time (it ends half an interval after
 * the 5th). Samples and the end are due on a fixed schedule, but a stall of the event loop delays whichever is
 * due, and at the test's time scale a real millisecond is a simulated second: each stall of half an interval or
 * more (measured while the session ran) allows one sample more or fewer, never a guessed margin.
 */
function samplesWithin(count: number, lag: LoopLag): void {
  const stallS = (lag.maxMs() * TEST_TIME_SCALE) / 1_000;
  const spread = Math.floor((INTERVAL_S / 2 + stallS) / INTERVAL_S);
  expect(count, `periodic samples with a stall of ${stallS.toFixed(0)} simulated s`).toBeGreaterThanOrEqual(5 - spread);
  expect(count, `periodic samples with a stall of ${stallS.toFixed(0)} simulated s`).toBeLessThanOrEqual(5 + spread);
}

const energy16 = (meterValue: unknown): number => {
  const values = (meterValue as { sampledValue: { measurand: string; value: string }[] }[])[0]?.sampledValue ?? [];
  return Number(values.find((v) => v.measurand === 'Energy.Active.Import.Register')?.value);
};
const energy201 = (payload: JsonObject): number => {
  const values = (payload.meterValue as { sampledValue: { measurand: string; value: number }[] }[])[0]?.sampledValue ?? [];
  return values.find((v) => v.measurand === 'Energy.Active.Import.Register')?.value as number;
};
const toMs = (iso: unknown) => Date.parse(iso as string);

describe('a full 1.6 session', () => {
  it('sends Authorize, StartTransaction, MeterValues… and StopTransaction with coherent energy', async () => {
    fixture = createStationFixture('ocpp1.6', { meterValueIntervalS: INTERVAL_S });
    const { station, fake, statuses } = fixture;
    await startAccepted(fixture);
    await fake.waitForCall('StatusNotification', { count: 2 });
    const from = fake.sent.length;

    const lag = watchLoopLag();
    const result = await station.runSession(PLAN);
    // The session is over once the connector is left; its last calls may still be on their way.
    await fake.settled();
    lag.stop();

    const calls = fake.sent.slice(from).filter((c) => c.action !== 'Heartbeat');
    const sampled = calls.filter((c) => c.action === 'MeterValues').length;
    samplesWithin(sampled, lag);
    expect(calls.map(describeCall)).toEqual([
      'StatusNotification:Preparing',
      'Authorize',
      'StartTransaction',
      'StatusNotification:Charging',
      ...Array<string>(sampled).fill('MeterValues'),
      'StopTransaction',
      'StatusNotification:Finishing',
      'StatusNotification:Available',
    ]);
    expect(statuses.get(1)).toEqual(['Preparing', 'Charging', 'Finishing', 'Available']);
    expect(calls.filter((c) => c.durable).map((c) => c.action)).toEqual([
      'StartTransaction',
      ...Array<string>(sampled).fill('MeterValues'),
      'StopTransaction',
    ]);

    const start = fake.callsOf('StartTransaction', from)[0]?.payload as JsonObject;
    const stop = fake.callsOf('StopTransaction', from)[0]?.payload as JsonObject;
    const samples = fake.callsOf('MeterValues', from).map((c) => c.payload);
    expect(samples.every((p) => p.transactionId === 1000 && p.connectorId === 1)).toBe(true);
    expect(stop).toMatchObject({ transactionId: 1000, idTag: 'TAG-1', reason: 'Local' });

    const registers = [start.meterStart as number, ...samples.map((p) => energy16(p.meterValue)), stop.meterStop as number];
    for (let i = 1; i < registers.length; i++) expect(registers[i]).toBeGreaterThanOrEqual(registers[i - 1] as number);

    const elapsedMs = toMs(stop.timestamp) - toMs(start.timestamp);
    expect(elapsedMs).toBeGreaterThanOrEqual(DURATION_S * 1_000);
    const expectedWh = (POWER_W * elapsedMs) / 3_600_000;
    // Registers are whole Wh on the wire.
    expect(Math.abs((stop.meterStop as number) - (start.meterStart as number) - expectedWh)).toBeLessThanOrEqual(1);
    expect(result).toMatchObject({ ok: true, transactionId: '1000', stopReason: 'Local' });
    if (result.ok) expect(result.energyWh).toBeCloseTo(expectedWh, 0);
  });

  it('returns to Available and reports ok:false when Authorize is refused', async () => {
    fixture = createStationFixture('ocpp1.6');
    const { station, fake, statuses } = fixture;
    fake.respond('Authorize', () => ({ idTagInfo: { status: 'Invalid' } }));
    await startAccepted(fixture);
    await expect(station.runSession(PLAN)).resolves.toEqual({ ok: false, reason: 'Authorize Invalid', refusedStatus: 'Invalid' });
    expect(statuses.get(1)).toEqual(['Preparing', 'Available']);
    expect(fake.callsOf('StartTransaction')).toHaveLength(0);
  });

  it('keeps transaction messages while offline and replays them with the transactionId once back', async () => {
    fixture = createStationFixture('ocpp1.6', { meterValueIntervalS: SHORT_INTERVAL_S });
    const { station, fake } = fixture;
    await startAccepted(fixture);
    const session = station.runSession({ ...PLAN, durationS: 3 * SHORT_INTERVAL_S + 30 });
    await fake.waitForCall('MeterValues');
    fake.drop({ reconnect: false });
    await new Promise<void>((resolve) => station.on('status', (_id, status) => status === 'Finishing' && resolve()));
    expect(fake.queuedCount).toBeGreaterThanOrEqual(2);
    fake.reconnect();
    const stop = await fake.waitForCall('StopTransaction');
    expect(stop.payload.transactionId).toBe(1000);
    expect(fake.callsOf('MeterValues').every((c) => c.payload.transactionId === 1000)).toBe(true);
    await expect(session).resolves.toMatchObject({ ok: true });
  });
});

describe('a full 2.0.1 session', () => {
  it('sends TransactionEvent Started, Updated…, Ended with increasing seqNo and one transactionId', async () => {
    fixture = createStationFixture('ocpp2.0.1', { meterValueIntervalS: INTERVAL_S });
    const { station, fake, statuses } = fixture;
    await startAccepted(fixture);
    await fake.waitForCall('StatusNotification', { count: 2 });
    const from = fake.sent.length;

    // A card UID, as a real reader sends it: typed ISO14443 in every message that carries it.
    const lag = watchLoopLag();
    const result = await station.runSession({ ...PLAN, idTag: CARD_UID });
    await fake.settled();
    lag.stop();

    const calls = fake.sent.slice(from).filter((c) => c.action !== 'Heartbeat');
    const sampled = calls.filter((c) => describeCall(c) === 'TransactionEvent:Updated').length;
    samplesWithin(sampled, lag);
    // Preparing…Finishing are all Occupied in 2.0.1: one StatusNotification in, one out.
    expect(calls.map(describeCall)).toEqual([
      'StatusNotification:Occupied',
      'Authorize',
      'TransactionEvent:Started',
      ...Array<string>(sampled).fill('TransactionEvent:Updated'),
      'TransactionEvent:Ended',
      'StatusNotification:Available',
    ]);
    expect(statuses.get(1)).toEqual(['Preparing', 'Charging', 'Finishing', 'Available']);
    expect(fake.callsOf('Authorize', from)[0]?.payload).toEqual({ idToken: { idToken: CARD_UID, type: 'ISO14443' } });

    const events = fake.callsOf('TransactionEvent', from).map((c) => c.payload);
    expect(events.map((e) => e.seqNo)).toEqual(events.map((_, i) => i));
    expect(events).toHaveLength(sampled + 2);
    const ids = new Set(events.map((e) => (e.transactionInfo as JsonObject).transactionId));
    expect(ids.size).toBe(1);
    const [transactionId] = [...ids] as string[];
    expect(transactionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(events[0]).toMatchObject({ triggerReason: 'Authorized', evse: { id: 1, connectorId: 1 }, idToken: { idToken: CARD_UID, type: 'ISO14443' } });
    expect(events[1]).toMatchObject({ triggerReason: 'MeterValuePeriodic' });
    expect(events.at(-1)).toMatchObject({ triggerReason: 'StopAuthorized', transactionInfo: { stoppedReason: 'Local' }, idToken: { idToken: CARD_UID, type: 'ISO14443' } });

    const registers = events.map(energy201);
    for (let i = 1; i < registers.length; i++) expect(registers[i]).toBeGreaterThanOrEqual(registers[i - 1] as number);
    const elapsedMs = toMs(events.at(-1)?.timestamp) - toMs(events[0]?.timestamp);
    const expectedWh = (POWER_W * elapsedMs) / 3_600_000;
    expect(Math.abs((registers.at(-1) as number) - (registers[0] as number) - expectedWh)).toBeLessThanOrEqual(1);
    expect(result).toMatchObject({ ok: true, transactionId });
  });

  it('generates the same transaction ids for the same seed', async () => {
    const ids: string[] = [];
    for (let run = 0; run < 2; run++) {
      fixture = createStationFixture('ocpp2.0.1', { seed: 99 });
      await startAccepted(fixture);
      const result = await fixture.station.runSession({ ...PLAN, durationS: 10, unplugAfterS: 1 });
      if (result.ok) ids.push(result.transactionId);
      await fixture.station.stop();
    }
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });
});

describe('connector faults', () => {
  it('a GroundFailure mid-session reports Faulted and stops the transaction (2.0.1: GroundFault + NotifyEvent)', async () => {
    fixture = createStationFixture('ocpp2.0.1');
    const { station, fake } = fixture;
    await startAccepted(fixture);
    const session = station.runSession({ ...PLAN, durationS: 3_600 });
    await fake.waitForCall('TransactionEvent');
    station.setConnectorFault(1, 'GroundFailure', 'RCD tripped', 'E-17');
    const ended = await fake.waitForCall('TransactionEvent', { match: (p) => p.eventType === 'Ended' });
    expect(ended.payload).toMatchObject({ triggerReason: 'AbnormalCondition', transactionInfo: { stoppedReason: 'GroundFault' } });
    expect(fake.callsOf('StatusNotification').at(-1)?.payload).toMatchObject({ connectorStatus: 'Faulted' });
    expect(fake.callsOf('NotifyEvent')[0]?.payload).toMatchObject({
      eventData: [{ component: { name: 'Connector', evse: { id: 1 } }, variable: { name: 'Problem' }, techCode: 'GroundFailure' }],
    });
    await expect(session).resolves.toMatchObject({ ok: true, stopReason: 'GroundFault' });
    expect(station.connectorState(1)).toMatchObject({ status: 'Faulted', errorCode: 'GroundFailure', info: 'RCD tripped' });
    station.clearConnectorFault(1);
    expect(station.connectorState(1)).toEqual({ status: 'Available', errorCode: 'NoError' });
  });
});

describe('a shutdown while a session is starting', () => {
  it.each(['ocpp1.6', 'ocpp2.0.1'] as const)('%s: an Authorize answered after the shutdown began starts no transaction', async (protocol) => {
    fixture = createStationFixture(protocol);
    const { station, fake } = fixture;
    await startAccepted(fixture);
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    fake.respond('Authorize', async () => {
      await answered;
      return protocol === 'ocpp1.6' ? { idTagInfo: { status: 'Accepted' } } : { idTokenInfo: { status: 'Accepted' } };
    });
    const session = station.runSession(PLAN);
    await fake.waitForCall('Authorize');
    const shutdown = station.shutdown(1_000);
    answer();
    await shutdown;
    expect(await session).toEqual({ ok: false, reason: 'station stopped' });
    expect(fake.callsOf(protocol === 'ocpp1.6' ? 'StartTransaction' : 'TransactionEvent')).toEqual([]);
  });
});
