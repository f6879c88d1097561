/**
 * Done-when (e): what must raise nothing. A normal session whose Finishing ends in time, a reconnect inside
 * the silence threshold, and one rejected Authorize, on both protocols: no issue, no ticket, no command.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DETECTOR_CONFIG } from '../../../harness/detector/config.js';
import { DeskRig, HEARTBEAT_S, TEST_DESK_CONFIG } from './fixture.js';

let rig: DeskRig;
afterEach(() => rig?.close());

const d = DEFAULT_DETECTOR_CONFIG;
const THRESHOLD_MS = d.noConnectivityHeartbeatMultiple * HEARTBEAT_S * 1_000;
/** Long enough for any rule these cases could trip to have fired: the longest threshold involved, plus a heartbeat. */
const QUIET_WATCH_MS = Math.max(THRESHOLD_MS, TEST_DESK_CONFIG.detector.stuckFinishingMs, d.faultClassificationGraceMs) + HEARTBEAT_S * 1_000;

describe('ordinary traffic', () => {
  it('raises nothing for a normal session, a quick reconnect and one rejected Authorize, on 1.6 and 2.0.1', async () => {
    rig = await DeskRig.start({ idTags: { invalid: ['BAD-TAG'] } });
    const a = await rig.station('S1-CP1', 'ocpp1.6');
    const b = await rig.station('S2-CP1', 'ocpp2.0.1');

    for (const { station } of [a, b]) {
      // Finishing lasts 30 simulated s, well inside the stuck threshold.
      const session = await station.runSession({ connectorId: 1, idTag: 'TAG-1', durationS: 120, unplugAfterS: 30 });
      expect(session.ok).toBe(true);
      const refused = await station.runSession({ connectorId: 2, idTag: 'BAD-TAG', durationS: 60 });
      expect(refused).toEqual({ ok: false, reason: 'Authorize Invalid', refusedStatus: 'Invalid' });
      const droppedAt = rig.clock.now();
      const back = rig.waitFor('connect', (e) => e.stationId === station.id && e.at >= droppedAt, THRESHOLD_MS);
      station.transport.drop({ reconnect: true });
      await back;
    }
    expect(a.station.connectorState(1).status).toBe('Available');
    await rig.pass(QUIET_WATCH_MS);

    expect(rig.of('issue-raised')).toEqual([]);
    expect(rig.desk.tickets()).toEqual([]);
    expect(rig.of('command')).toEqual([]);
    expect(a.commands).toEqual([]);
    expect(b.commands).toEqual([]);
  });
});
