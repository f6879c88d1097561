/**
 * Ending a run delivers what is already on its way: a session that ended just before the shutdown has its
 * StatusNotification Available still unanswered, and the station must not close until the CSMS has it (else the
 * CSMS keeps the connector in Finishing / Occupied and later calls it stuck).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../simulator/protocol/frames.js';
import { createStationFixture, describeCall, startAccepted, type StationFixture } from './station-fixture.js';

let fixture: StationFixture | undefined;
afterEach(async () => {
  await fixture?.station.stop();
  fixture = undefined;
});

const isAvailable = (payload: JsonObject) => payload['status'] === 'Available' || payload['connectorStatus'] === 'Available';

/** Real ms the CSMS takes to answer the held StatusNotification: long next to the fake's immediate answers. */
const HOLD_MS = 200;

describe('shutdown', () => {
  it.each(['ocpp1.6', 'ocpp2.0.1'] as const)('%s: waits for a status notification in flight and sends a Heartbeat behind it before closing', async (protocol) => {
    fixture = createStationFixture(protocol);
    const { station, fake } = fixture;
    await startAccepted(fixture);
    await fake.settled();
    let answered = false;
    fake.respond('StatusNotification', (payload: JsonObject) => {
      if (!isAvailable(payload)) return {};
      return new Promise<JsonObject>((resolve) => setTimeout(() => ((answered = true), resolve({})), HOLD_MS));
    });
    const before = fake.sent.length;
    await station.runSession({ connectorId: 1, idTag: 'TAG-1', durationS: 60, unplugAfterS: 10 });
    // The session is over once the connector is left; its last calls may still be queued behind each other.
    const available = await fake.waitForCall('StatusNotification', { from: before, match: isAvailable });
    expect(describeCall(available)).toMatch(/Available$/);
    const from = fake.sent.indexOf(available) + 1;

    await station.shutdown(5_000);
    const answeredBeforeClose = answered;

    // The Available was answered before the socket closed, and a Heartbeat went out behind it (a periodic
    // one may have come due meanwhile: only Heartbeats follow).
    expect(answeredBeforeClose).toBe(true);
    const after = fake.sent.slice(from).map((c) => c.action);
    expect(after.length).toBeGreaterThanOrEqual(1);
    expect(after.filter((action) => action !== 'Heartbeat')).toEqual([]);
  });

  it('closes at once when nothing is on its way', async () => {
    fixture = createStationFixture('ocpp1.6');
    const { station, fake } = fixture;
    await startAccepted(fixture);
    await fake.settled();
    const from = fake.sent.length;
    await station.shutdown(5_000);
    expect(fake.sent.slice(from)).toEqual([]);
  });
});
