/**
 * The end of a fleet run stops its transactions before closing: sessions cut short by the run's end
 * send StopTransaction / TransactionEvent Ended (reason Local) and the CSMS answers them, so its store
 * holds no open transaction and the next run with the same drivers is not refused ConcurrentTx.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Csms } from '../../../harness/csms/server.js';
import { runLoad, stagesFromFlags } from '../../../harness/load/engine.js';
import { toSummaryText } from '../../../reports/load/summary-text.js';
import { ScaledClock } from '../../../simulator/clock.js';
import { Fleet } from '../../../simulator/fleet/fleet.js';
import { planFleet } from '../../../simulator/fleet/plan.js';
import { until } from '../../support/until.js';

const TIME_SCALE = 300;
const SEED = 5;
const STATIONS = 6;
/** Real ms to wait for every station to be charging; sessions last 20 to 90 simulated minutes (4 to 18 s real). */
const ALL_CHARGING_WITHIN_MS = 20_000;
/** Real ms of the refusal run: 450 simulated seconds, about 15 session attempts per station at 120 per hour. */
const REFUSAL_RUN_MS = 1_500;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function runOnce(csms: Csms, clock: ScaledClock, sites: number): Promise<Fleet> {
  const fleet = new Fleet({
    csmsUrl: csms.ocppUrl,
    clock,
    stations: STATIONS,
    sites,
    protocol: 'mix',
    seed: SEED,
    rampPerS: 1_000,
    // A session every 30 simulated seconds on average: all have begun well before the run ends.
    sessionsPerHour: 120,
  });
  cleanups.push(() => fleet.stop());
  const booted = fleet.waitForBoot(10_000);
  await fleet.start();
  expect(await booted).toBe(true);
  // Stop once every station has a transaction running (not after a fixed sleep: a busy machine starts them later).
  const charging = () => [...fleet.stations.values()].every((station) => station.slots().some((slot) => slot.tx !== undefined));
  await until(charging, ALL_CHARGING_WITHIN_MS, 'a transaction on every station');
  await fleet.stop();
  return fleet;
}

describe('the end of a fleet run', () => {
  it('stops every running transaction and leaves none open in the CSMS store', async () => {
    const clock = new ScaledClock({ timeScale: TIME_SCALE });
    const csms = await Csms.start({ clock });
    cleanups.push(() => csms.close());
    const first = await runOnce(csms, clock, 2);
    const sessions = first.metrics.snapshot().sessions;
    expect(sessions.stoppedAtEnd).toBe(STATIONS);
    expect(sessions.openAtEnd).toBe(0);
    expect(csms.store.openTransactions()).toEqual([]);
    // The drivers unplugged before the stations went: no connector is left looking stuck in Finishing (2.0.1 Occupied).
    const statuses = csms.stations().flatMap((station) => station.connectors.map((c) => `${station.id}/${c.connectorId} ${c.status}`));
    expect(statuses.filter((s) => !s.endsWith(' Available'))).toEqual([]);
    expect(statuses.length).toBeGreaterThanOrEqual(STATIONS);
    // The stops say why: the simulated driver ended the session at the charger (1.6 reason / 2.0.1 stoppedReason Local).
    for (const id of first.stations.keys()) {
      const stop = csms.store.messagesFor(id).find((m) => m.direction === 'in' && (m.action === 'StopTransaction' || (m.action === 'TransactionEvent' && (m.payload as { eventType: string }).eventType === 'Ended')));
      const payload = stop?.payload as { reason?: string; transactionInfo?: { stoppedReason?: string } } | undefined;
      expect(payload?.reason ?? payload?.transactionInfo?.stoppedReason).toBe('Local');
    }

    // Same seed, so the same drivers' tokens, dealt to stations with other ids (sites 3 instead of 2):
    // a token still held by a transaction of the first run would be refused ConcurrentTx here.
    const second = await runOnce(csms, clock, 3);
    const again = second.metrics.snapshot().sessions;
    expect(again.started).toBeGreaterThanOrEqual(STATIONS);
    expect(again.refusedByStatus).toEqual({});
    expect(csms.store.openTransactions()).toEqual([]);
  }, 40_000);

  it('closes after the grace when the CSMS never answers the stops, and counts those sessions as still open', async () => {
    const clock = new ScaledClock({ timeScale: TIME_SCALE });
    const csms = await Csms.start({ clock });
    cleanups.push(() => csms.close());
    const fleet = new Fleet({ csmsUrl: csms.ocppUrl, clock, stations: 2, sites: 1, protocol: 'ocpp1.6', seed: SEED, rampPerS: 1_000, stopGraceMs: 300 });
    cleanups.push(() => fleet.stop());
    const booted = fleet.waitForBoot(10_000);
    await fleet.start();
    expect(await booted).toBe(true);
    const stations = [...fleet.stations.values()];
    stations.forEach((station, i) => void station.runSession({ connectorId: 1, idTag: `04A1B2C3D4E5F${i}`, durationS: 3_600 }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The link goes half-open: nothing the stations send arrives any more.
    await csms.close();
    const began = performance.now();
    await fleet.stop();
    const tookMs = performance.now() - began;
    expect(tookMs).toBeGreaterThanOrEqual(290);
    expect(tookMs).toBeLessThan(3_000);
    const sessions = fleet.metrics.snapshot().sessions;
    expect(sessions.stoppedAtEnd).toBe(2);
    expect(sessions.openAtEnd).toBe(2);
  }, 20_000);
});

describe('the fleet summary', () => {
  it('counts sessions the CSMS refused, with its reasons', async () => {
    const stations = 8;
    const plan = planFleet({ stations, sites: 2, protocol: 'ocpp1.6', seed: SEED });
    // Every token of the first four stations is blocked, the others are accepted.
    const blocked = plan.slice(0, 4).flatMap((s) => s.tokens.map((t) => t.idToken));
    const accepted = plan.slice(4).flatMap((s) => s.tokens.map((t) => t.idToken));
    const clock = new ScaledClock({ timeScale: TIME_SCALE });
    const csms = await Csms.start({ clock, idTags: { blocked, accepted } });
    cleanups.push(() => csms.close());
    const result = await runLoad({
      url: csms.ocppUrl,
      sites: 2,
      protocol: 'ocpp1.6',
      stages: stagesFromFlags({ stations, rampPerS: 1_000, durationMs: REFUSAL_RUN_MS, sessionsPerHour: 120 }),
      bootTimeoutMs: 10_000,
      seed: SEED,
      timeScale: TIME_SCALE,
    });
    const sessions = result.sessions;
    expect(sessions.refusedByStatus.Blocked).toBeGreaterThanOrEqual(4);
    expect(Object.keys(sessions.refusedByStatus)).toEqual(['Blocked']);
    expect(sessions.refused).toBe(sessions.refusedByStatus.Blocked);
    expect(sessions.stoppedAtEnd).toBe(4);
    const text = toSummaryText(result);
    expect(text).toMatch(new RegExp(`${sessions.refused} refused \\(Blocked ${sessions.refused}\\)`));
    expect(text).toMatch(/, 4 stopped at end,/);
  }, 30_000);
});
