/**
 * Malformed input from one station: the CSMS answers with the CALLERROR the station's version
 * spells, reports a protocol-error, and every other station carries on.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CsmsEventOf } from '../../../harness/csms/events.js';
import { Csms } from '../../../harness/csms/server.js';
import { RawStation, boot16, boot201 } from './raw-station.js';

type Protocol = 'ocpp1.6' | 'ocpp2.0.1';

const VERSIONS = [
  {
    protocol: 'ocpp1.6' as Protocol,
    boot: boot16,
    invalidBoot: { chargePointModel: 'AC22' },
    wrongTypeBoot: { chargePointVendor: 42, chargePointModel: 'AC22' },
    codes: {
      unreadable: 'FormationViolation',
      messageType: 'FormationViolation',
      occurrence: 'OccurenceConstraintViolation',
      duplicate: 'FormationViolation',
    },
  },
  {
    protocol: 'ocpp2.0.1' as Protocol,
    boot: boot201,
    invalidBoot: { reason: 'PowerUp' },
    wrongTypeBoot: { reason: 'PowerUp', chargingStation: { vendorName: 42, model: 'DC150' } },
    codes: {
      unreadable: 'RpcFrameworkError',
      messageType: 'MessageTypeNotSupported',
      occurrence: 'OccurrenceConstraintViolation',
      duplicate: 'RpcFrameworkError',
    },
  },
];

let csms: Csms;
let bystander: RawStation;
/** BootNotification answers of station `S9-CP1` wait for this gate (to keep a call in progress). */
let releaseHeldBoot: () => void = () => {};

beforeEach(async () => {
  const held = new Promise<void>((resolve) => (releaseHeldBoot = resolve));
  csms = await Csms.start({
    maxPayloadBytes: 4096,
    maxBadMessages: 3,
    bootStatus: async (id): Promise<'Accepted'> => {
      if (id === 'S9-CP1') await held;
      return 'Accepted';
    },
  });
  bystander = await RawStation.connect(csms.ocppUrl, 'S2-CP1', 'ocpp1.6');
});

afterEach(async () => {
  releaseHeldBoot();
  await csms.close();
});

async function expectBystanderStillServed(): Promise<void> {
  const answer = await bystander.call('Heartbeat', {});
  expect(answer[0]).toBe(3);
  expect(answer[2]).toEqual({ currentTime: expect.any(String) });
}

function nextProtocolError(stationId: string): Promise<CsmsEventOf<'protocol-error'>> {
  return csms.once('protocol-error', (e) => e.stationId === stationId);
}

describe.each(VERSIONS)('a $protocol station sending malformed frames', ({ protocol, boot, invalidBoot, wrongTypeBoot, codes }) => {
  let station: RawStation;

  beforeEach(async () => {
    station = await RawStation.connect(csms.ocppUrl, 'S1-CP1', protocol);
  });

  it('gets a CALLERROR with id "-1" for text that is not JSON, because no message id can be read', async () => {
    const reported = nextProtocolError('S1-CP1');
    const answer = station.next((f) => f[0] === 4);
    station.sendRaw('[2, "m-1", "Heartbeat", {');
    expect(await answer).toEqual([4, '-1', codes.unreadable, 'Message must be a JSON structure', {}]);
    expect(await reported).toMatchObject({ code: codes.unreadable });
    await expectBystanderStillServed();
  });

  it('gets a CALLERROR with id "-1" when the message id is not a string', async () => {
    const answer = station.next((f) => f[0] === 4);
    station.sendRaw('[2, 42, "Heartbeat", {}]');
    expect(await answer).toEqual([4, '-1', codes.unreadable, 'Message ID must be a string', {}]);
    await expectBystanderStillServed();
  });

  it('gets a CALLERROR carrying its own message id for an unknown message type id', async () => {
    const reported = nextProtocolError('S1-CP1');
    const answer = station.next((f) => f[0] === 4);
    station.sendRaw('[7, "m-7", "Heartbeat", {}]');
    expect(await answer).toEqual([4, 'm-7', codes.messageType, 'Unrecognised message type', {}]);
    expect(await reported).toMatchObject({ code: codes.messageType });
    await expectBystanderStillServed();
  });

  it('gets NotImplemented for an action the CSMS does not handle', async () => {
    const reported = nextProtocolError('S1-CP1');
    expect(await station.call('FlyToTheMoon', {}, 'm-2')).toEqual([4, 'm-2', 'NotImplemented', "Unable to handle 'FlyToTheMoon' calls", {}]);
    expect(await reported).toMatchObject({ code: 'NotImplemented' });
    await expectBystanderStillServed();
  });

  it("gets its version's occurrence-constraint spelling when a required field is missing", async () => {
    const reported = nextProtocolError('S1-CP1');
    const answer = await station.call('BootNotification', invalidBoot, 'm-3');
    expect(answer.slice(0, 3)).toEqual([4, 'm-3', codes.occurrence]);
    expect(answer[3]).toMatch(/must have required property/);
    expect(await reported).toMatchObject({ code: codes.occurrence });
    await expectBystanderStillServed();
  });

  it('gets TypeConstraintViolation when a field has the wrong type', async () => {
    const answer = await station.call('BootNotification', wrongTypeBoot, 'm-4');
    expect(answer.slice(0, 3)).toEqual([4, 'm-4', 'TypeConstraintViolation']);
    await expectBystanderStillServed();
  });

  it('gets a CALLERROR for another CALL under the message id of a call still being processed', async () => {
    const held = await RawStation.connect(csms.ocppUrl, 'S9-CP1', protocol);
    const booted = csms.once('frame', (e) => e.stationId === 'S9-CP1' && e.direction === 'in');
    const first = held.next((f) => f[0] === 3 && f[1] === 'dup-1');
    held.sendRaw(JSON.stringify([2, 'dup-1', 'BootNotification', boot]));
    await booted;
    const duplicate = held.next((f) => f[0] === 4 && f[1] === 'dup-1');
    // Not a copy (an identical copy is a retransmission, answered once: duplicate-call.test.ts).
    held.sendRaw(JSON.stringify([2, 'dup-1', 'Heartbeat', {}]));
    expect(await duplicate).toEqual([4, 'dup-1', codes.duplicate, 'Already processing a call with message ID: dup-1', {}]);
    releaseHeldBoot();
    expect((await first)[2]).toMatchObject({ status: 'Accepted' });
    await expectBystanderStillServed();
  });

  it('has its socket closed with 1009 when a frame exceeds maxPayloadBytes', async () => {
    const reported = nextProtocolError('S1-CP1');
    const closed = station.closed();
    station.sendRaw(JSON.stringify([2, 'big', 'DataTransfer', { vendorId: 'x', data: 'x'.repeat(8192) }]));
    expect(await closed).toBe(1009);
    expect(await reported).toMatchObject({ code: 'MessageTooBig' });
    await expectBystanderStillServed();
  });

  it('has its socket closed with 1002 after more than maxBadMessages unreadable frames in a row', async () => {
    const closed = station.closed();
    for (let i = 0; i < 4; i++) station.sendRaw('garbage');
    expect(await closed).toBe(1002);
    await expectBystanderStillServed();
  });
});
