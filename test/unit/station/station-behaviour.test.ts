/** Vendor behaviour profiles: each flag changes what the station does, and 'reference' is today's station. */
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../simulator/protocol/frames.js';
import { BEHAVIOUR_PROFILES, resolveBehaviour } from '../../../simulator/station/behaviour.js';
import type { StationConfig } from '../../../simulator/station/types.js';
import { createStationFixture, describeCall, startAccepted, type StationFixture } from './station-fixture.js';
import { watchLoopLag } from '../../support/loop-lag.js';

let fixture: StationFixture | undefined;
afterEach(async () => {
  const violations = fixture?.fake.violations ?? [];
  await fixture?.station.stop();
  fixture = undefined;
  expect(violations, 'payloads must follow the official schemas').toEqual([]);
});

const INTERVAL_S = 300;
const PLAN = { connectorId: 1, idTag: 'TAG-1', durationS: 60, powerW: 11_000, unplugAfterS: 30 };

async function sessionCalls(protocol: 'ocpp1.6' | 'ocpp2.0.1', overrides: Partial<StationConfig>, plan = PLAN): Promise<{ calls: string[]; statuses: string[]; payloads: { action: string; payload: JsonObject }[] }> {
  fixture = createStationFixture(protocol, overrides);
  const { station, fake, statuses } = fixture;
  await startAccepted(fixture);
  await fake.waitForCall('StatusNotification', { count: 2 });
  const from = fake.sent.length;
  await station.runSession(plan);
  // The last status goes out after the session resolves; wait for the connector's closing Available.
  await fake.waitForCall('StatusNotification', { from, match: (p) => p.status === 'Available' || p.connectorStatus === 'Available' });
  const sent = fake.sent.slice(from).filter((c) => c.action !== 'Heartbeat');
  return { calls: sent.map(describeCall), statuses: statuses.get(1) ?? [], payloads: sent };
}

describe('behaviour flag finishing', () => {
  it('reference stays in Finishing until the EV is unplugged', async () => {
    const { statuses } = await sessionCalls('ocpp1.6', {});
    expect(statuses).toEqual(['Preparing', 'Charging', 'Finishing', 'Available']);
  });

  it('straight-to-available reports Available as soon as the transaction stops', async () => {
    const { statuses, calls } = await sessionCalls('ocpp1.6', { behaviour: { finishing: 'straight-to-available' } });
    expect(statuses).toEqual(['Preparing', 'Charging', 'Available']);
    expect(calls.slice(-2)).toEqual(['StopTransaction', 'StatusNotification:Available']);
  });
});

describe('behaviour flag preparingOnPlugIn', () => {
  it('false: the connector stays Available through Authorize and goes to Charging directly', async () => {
    const { statuses, calls } = await sessionCalls('ocpp1.6', { behaviour: { preparingOnPlugIn: false } });
    expect(statuses).toEqual(['Charging', 'Finishing', 'Available']);
    expect(calls.slice(0, 3)).toEqual(['Authorize', 'StartTransaction', 'StatusNotification:Charging']);
  });

  it('true (reference): Preparing goes out before Authorize', async () => {
    const { calls } = await sessionCalls('ocpp1.6', { behaviour: 'reference' });
    expect(calls.slice(0, 2)).toEqual(['StatusNotification:Preparing', 'Authorize']);
  });
});

describe('behaviour flag reconnectOnSoftReset', () => {
  for (const [reconnect, drops] of [[false, 0], [true, 1]] as const) {
    it(`${String(reconnect)}: a 1.6 soft reset ${reconnect ? 'drops and reopens' : 'keeps'} the socket and boots again`, async () => {
      fixture = createStationFixture('ocpp1.6', { behaviour: { reconnectOnSoftReset: reconnect } });
      const { fake } = fixture;
      await startAccepted(fixture);
      const from = fake.sent.length;
      await fake.invoke('Reset', { type: 'Soft' });
      await fake.waitForCall('BootNotification', { from });
      expect(fake.dropCount).toBe(drops);
    });
  }
});

describe('behaviour flag meterValues', () => {
  const plan = { ...PLAN, durationS: 3 * INTERVAL_S };

  it('clock-aligned: 1.6 samples fall on interval boundaries of the clock, as Sample.Clock', async () => {
    const { payloads } = await sessionCalls('ocpp1.6', { meterValueIntervalS: INTERVAL_S, behaviour: { meterValues: 'clock-aligned' } }, plan);
    const samples = payloads.filter((c) => c.action === 'MeterValues').map((c) => (c.payload.meterValue as { timestamp: string; sampledValue: { context: string }[] }[])[0]);
    expect(samples.length).toBeGreaterThanOrEqual(2);
    for (const sample of samples) {
      expect(Date.parse(sample?.timestamp as string) % (INTERVAL_S * 1_000)).toBe(0);
      expect(sample?.sampledValue.every((v) => v.context === 'Sample.Clock')).toBe(true);
    }
    expect(fixture?.station.config.get('ClockAlignedDataInterval')?.value).toBe(String(INTERVAL_S));
  });

  it('clock-aligned: 2.0.1 sends TransactionEvent Updated with trigger MeterValueClock', async () => {
    const { payloads } = await sessionCalls('ocpp2.0.1', { meterValueIntervalS: INTERVAL_S, behaviour: 'vendor-b' }, plan);
    const updates = payloads.filter((c) => c.action === 'TransactionEvent' && c.payload.eventType === 'Updated');
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(updates.every((u) => u.payload.triggerReason === 'MeterValueClock')).toBe(true);
  });

  it('from-session-start (reference): the first sample is one interval after the start, as Sample.Periodic', async () => {
    const lag = watchLoopLag();
    const { payloads } = await sessionCalls('ocpp1.6', { meterValueIntervalS: INTERVAL_S }, plan);
    lag.stop();
    const start = Date.parse((payloads.find((c) => c.action === 'StartTransaction')?.payload.timestamp as string));
    const first = (payloads.find((c) => c.action === 'MeterValues')?.payload.meterValue as { timestamp: string; sampledValue: { context: string }[] }[])[0];
    // Never before the interval; later only by a stall of this process (one real ms is a simulated second here).
    const sinceStart = Date.parse(first?.timestamp as string) - start;
    expect(sinceStart).toBeGreaterThanOrEqual(INTERVAL_S * 1_000);
    expect(sinceStart).toBeLessThanOrEqual(INTERVAL_S * 1_000 + (fixture as StationFixture).clock.toSimMs(lag.maxMs()));
    expect(Date.parse(first?.timestamp as string) % (INTERVAL_S * 1_000)).not.toBe(0);
    expect(first?.sampledValue[0]?.context).toBe('Sample.Periodic');
    // ClockAlignedDataInterval is a required 1.6 Core key; the reference station keeps it at 0 (no clock-aligned data).
    expect(fixture?.station.config.get('ClockAlignedDataInterval')?.value).toBe('0');
  });
});

describe('behaviour flag statusNotifications', () => {
  it('visible-changes (reference): a 2.0.1 session reports Occupied once and Available at the end', async () => {
    const { calls } = await sessionCalls('ocpp2.0.1', {});
    expect(calls.filter((c) => c.startsWith('StatusNotification'))).toEqual(['StatusNotification:Occupied', 'StatusNotification:Available']);
  });

  it('every-change: a 2.0.1 session reports every internal change, Occupied for Preparing, Charging and Finishing', async () => {
    const { calls } = await sessionCalls('ocpp2.0.1', { behaviour: { statusNotifications: 'every-change' } });
    expect(calls.filter((c) => c.startsWith('StatusNotification'))).toEqual([
      'StatusNotification:Occupied',
      'StatusNotification:Occupied',
      'StatusNotification:Occupied',
      'StatusNotification:Available',
    ]);
  });
});

describe('resolveBehaviour', () => {
  it('gives the named profile, with overrides on top', () => {
    expect(resolveBehaviour(undefined)).toEqual(BEHAVIOUR_PROFILES.reference);
    expect(resolveBehaviour('vendor-a')).toEqual(BEHAVIOUR_PROFILES['vendor-a']);
    expect(resolveBehaviour({ profile: 'vendor-a', preparingOnPlugIn: true })).toEqual({ ...BEHAVIOUR_PROFILES['vendor-a'], preparingOnPlugIn: true });
  });

  it('shares one frozen object per named profile, and makes a new one for overrides', () => {
    expect(resolveBehaviour('vendor-b')).toBe(resolveBehaviour('vendor-b'));
    expect(resolveBehaviour(undefined)).toBe(resolveBehaviour('reference'));
    expect(Object.isFrozen(resolveBehaviour(undefined))).toBe(true);
    const overridden = resolveBehaviour({ profile: 'vendor-b', finishing: 'straight-to-available' });
    expect(overridden).not.toBe(resolveBehaviour({ profile: 'vendor-b', finishing: 'straight-to-available' }));
    expect(BEHAVIOUR_PROFILES['vendor-b'].finishing).toBe('until-unplug');
  });

  it('names the place, the bad value and what is allowed', () => {
    expect(() => resolveBehaviour('vendor-z' as never, 'station X behaviour')).toThrow('station X behaviour must be one of reference, vendor-a, vendor-b, got "vendor-z"');
    expect(() => resolveBehaviour({ finishing: 'never' } as never)).toThrow('behaviour.finishing must be one of "until-unplug", "straight-to-available", got "never"');
    expect(() => resolveBehaviour({ colour: 'red' } as never)).toThrow(/behaviour: unknown flag "colour"; allowed: profile, finishing, preparingOnPlugIn/);
  });
});
