/** Builds a VirtualStation on a fast ScaledClock wired to a FakeTransport. */
import { ScaledClock } from '../../../simulator/clock.js';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import { VirtualStation } from '../../../simulator/station/station.js';
import type { StationConfig } from '../../../simulator/station/types.js';
import { FakeTransport } from './fake-transport.js';

export interface StationFixture {
  station: VirtualStation;
  fake: FakeTransport;
  clock: ScaledClock;
  /** 1.6 `status` values the station emitted per connector, in order. */
  statuses: Map<number, string[]>;
}

/** 1000 simulated ms per real ms: a 60 s heartbeat takes 60 real ms. */
export const TEST_TIME_SCALE = 1_000;

export function createStationFixture(protocol: OcppProtocol, overrides: Partial<StationConfig> = {}): StationFixture {
  const clock = new ScaledClock({ timeScale: TEST_TIME_SCALE, startEpochMs: Date.UTC(2025, 0, 1) });
  let fake: FakeTransport | undefined;
  const station = new VirtualStation(
    { id: 'CP-TEST', siteId: 'S1', protocol, csmsUrl: 'ws://csms.test/ocpp', clock, seed: 42, ...overrides },
    { createTransport: (options) => (fake = new FakeTransport(options, clock)) },
  );
  const statuses = new Map<number, string[]>();
  station.on('status', (connectorId, status) => statuses.set(connectorId, [...(statuses.get(connectorId) ?? []), status]));
  return { station, fake: fake as FakeTransport, clock, statuses };
}

/** Starts the station and waits until its boot is accepted. */
export async function startAccepted(fixture: StationFixture): Promise<void> {
  const accepted = new Promise<void>((resolve) => {
    const listener = (status: string) => {
      if (status !== 'Accepted') return;
      fixture.station.off('booted', listener);
      resolve();
    };
    fixture.station.on('booted', listener);
  });
  await fixture.station.start();
  await accepted;
}

/** A compact view of a call sequence: `StatusNotification:Charging`, `MeterValues`, ... */
export function describeCall(call: { action: string; payload: Record<string, unknown> }): string {
  if (call.action === 'StatusNotification') return `StatusNotification:${String(call.payload.status ?? call.payload.connectorStatus)}`;
  if (call.action === 'TransactionEvent') return `TransactionEvent:${String(call.payload.eventType)}`;
  return call.action;
}
