/**
 * 200 virtual stations, half OCPP 1.6 and half 2.0.1, against the bundled CSMS over real sockets: every
 * station boots, heartbeats and completes one charging session, and the CSMS's message log shows it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Csms } from '../../../harness/csms/server.js';
import { startReferenceCsms } from '../../../harness/reference-csms.js';
import type { MessageRow } from '../../../harness/csms/store-schema.js';
import { ScaledClock } from '../../../simulator/clock.js';
import { Fleet } from '../../../simulator/fleet/fleet.js';
import type { SessionResult } from '../../../simulator/station/types.js';
import { until } from '../../support/until.js';

const STATIONS = 200;
const HEARTBEAT_S = 60;
const TIME_SCALE = 60; // a simulated minute per real second: one heartbeat per real second
const SESSION_S = 150; // 2.5 simulated minutes: at least two MeterValues at the 60 s sample interval
const METER_INTERVAL_S = 60;

let csms: Csms;
let fleet: Fleet;
let sessions: SessionResult[];

beforeAll(async () => {
  const clock = new ScaledClock({ timeScale: TIME_SCALE });
  // Strict: a CALL that breaks a protocol rule is refused, and every violation is recorded.
  ({ csms } = await startReferenceCsms({ clock, heartbeatIntervalS: HEARTBEAT_S, strict: true }));
  fleet = new Fleet({ csmsUrl: csms.ocppUrl, clock, stations: STATIONS, sites: 20, protocol: 'mix', seed: 42, rampPerS: 400 });
  const booted = fleet.waitForBoot(30_000);
  await fleet.start();
  expect(await booted).toBe(true);
  sessions = await Promise.all(
    [...fleet.stations.values()].map((station, i) =>
      station.runSession({ connectorId: 1, idTag: `TAG-${i}`, durationS: SESSION_S, powerW: 11_000, unplugAfterS: 30 }),
    ),
  );
  // Every station has sent at least one Heartbeat: the interval has passed for all of them by now
  // (sessions take SESSION_S > HEARTBEAT_S simulated seconds), but wait on the log rather than assume.
  await until(() => [...fleet.stations.keys()].every((id) => actions(csms.store.messagesFor(id), 'in').includes('Heartbeat')), 20_000);
  await fleet.stop();
  csms.flush();
}, 120_000);

afterAll(async () => {
  await fleet?.stop();
  await csms?.close();
});

describe('a 200-station mixed fleet against the bundled CSMS', () => {
  it('boots every station, half on each protocol', () => {
    const stations = csms.stations();
    expect(stations).toHaveLength(STATIONS);
    expect(stations.filter((s) => s.protocol === 'ocpp1.6')).toHaveLength(STATIONS / 2);
    expect(stations.filter((s) => s.protocol === 'ocpp2.0.1')).toHaveLength(STATIONS / 2);
    expect(stations.every((s) => s.bootStatus === 'Accepted')).toBe(true);
  });

  it('completes one session per station with the energy the meter delivered', () => {
    expect(sessions.filter((s) => s.ok)).toHaveLength(STATIONS);
    // 11 kW for 150 simulated seconds is 458 Wh at least; late timers only lengthen a session.
    for (const s of sessions) if (s.ok) expect(s.energyWh).toBeGreaterThanOrEqual(450);
  });

  it('meters energy that matches power times the time between the start and stop readings', () => {
    for (const station of csms.stations().filter((s) => s.protocol === 'ocpp1.6')) {
      const log = csms.store.messagesFor(station.id).filter((m) => m.direction === 'in');
      const start = log.find((m) => m.action === 'StartTransaction')?.payload as { meterStart: number; timestamp: string };
      const stop = log.find((m) => m.action === 'StopTransaction')?.payload as { meterStop: number; timestamp: string };
      const hours = (Date.parse(stop.timestamp) - Date.parse(start.timestamp)) / 3_600_000;
      // The station stamps each reading with its own clock, so only whole-Wh rounding separates the two.
      expect((stop.meterStop - start.meterStart) / (11_000 * hours)).toBeCloseTo(1, 2);
    }
  });

  it('has every 1.6 station log boot, heartbeat, status and the whole session in order, all answered', () => {
    for (const station of csms.stations().filter((s) => s.protocol === 'ocpp1.6')) {
      const log = csms.store.messagesFor(station.id);
      expectAllAnswered(log);
      const inbound = actions(log, 'in');
      expect(inbound[0]).toBe('BootNotification');
      expect(inbound).toContain('Heartbeat');
      expect(inbound).toContain('StatusNotification');
      expectInOrder(inbound, ['BootNotification', 'Authorize', 'StartTransaction', 'MeterValues', 'StopTransaction']);
      expect(inbound.filter((a) => a === 'MeterValues').length).toBeGreaterThanOrEqual(Math.floor(SESSION_S / METER_INTERVAL_S));
      const [tx] = csms.store.transactions(station.id);
      expect(tx?.reason).toBe('Local'); // stopped at the station, then Finishing until unplugged
      expect((tx?.meterStopWh ?? 0) - (tx?.meterStartWh ?? 0)).toBeGreaterThanOrEqual(450);
    }
  });

  it('has every 2.0.1 station log boot, heartbeat, status and TransactionEvent Started, Updated, Ended', () => {
    for (const station of csms.stations().filter((s) => s.protocol === 'ocpp2.0.1')) {
      const log = csms.store.messagesFor(station.id);
      expectAllAnswered(log);
      const inbound = actions(log, 'in');
      expect(inbound[0]).toBe('BootNotification');
      expect(inbound).toContain('Heartbeat');
      expect(inbound).toContain('StatusNotification');
      const events = log
        .filter((m) => m.direction === 'in' && m.action === 'TransactionEvent')
        .map((m) => (m.payload as { eventType: string; seqNo: number }));
      expect(events[0]?.eventType).toBe('Started');
      expect(events.at(-1)?.eventType).toBe('Ended');
      expect(events.filter((e) => e.eventType === 'Updated').length).toBeGreaterThanOrEqual(Math.floor(SESSION_S / METER_INTERVAL_S));
      expect(events.map((e) => e.seqNo)).toEqual(events.map((_, i) => events[0]!.seqNo + i));
      const [tx] = csms.store.transactions(station.id);
      expect(tx?.stoppedAt).not.toBeNull();
    }
  });

  it('ends with every connector Available and no failed call in the fleet', () => {
    for (const station of csms.stations()) {
      expect(station.connectors.map((c) => c.status)).toEqual(['Available', 'Available']);
    }
    const snapshot = fleet.metrics.snapshot();
    expect(snapshot.errorsByCode).toEqual({});
    expect(snapshot.booted).toBe(STATIONS);
  });

  it('breaks no protocol rule of the strict CSMS, as its API reports', async () => {
    expect(csms.store.violations()).toEqual([]);
    const res = await fetch(`${csms.url}/api/violations`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
  });
});

function actions(log: MessageRow[], direction: 'in' | 'out'): string[] {
  return log.filter((m) => m.direction === direction && m.messageType === 2).map((m) => m.action ?? '');
}

/** Every CALL from the station got a CALLRESULT with the same id, and the CSMS sent no CALLERROR. */
function expectAllAnswered(log: MessageRow[]): void {
  const calls = log.filter((m) => m.direction === 'in' && m.messageType === 2).map((m) => m.messageId);
  const results = new Set(log.filter((m) => m.direction === 'out' && m.messageType === 3).map((m) => m.messageId));
  expect(calls.filter((id) => !results.has(id))).toEqual([]);
  expect(log.filter((m) => m.messageType === 4)).toEqual([]);
}

function expectInOrder(sequence: string[], expected: string[]): void {
  let from = 0;
  for (const action of expected) {
    const at = sequence.indexOf(action, from);
    expect(at, `${action} after position ${from} in ${sequence.join(',')}`).toBeGreaterThanOrEqual(0);
    from = at + 1;
  }
}
