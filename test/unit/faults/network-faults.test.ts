/**
 * Faults of the connection: heartbeat loss with the socket open, connection loss with the offline queue
 * replayed in order, and a site uplink outage dropping a whole site at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { faultParams, injectFault } from '../../../simulator/faults/registry.js';
import { csmsEvents, HEARTBEAT_S, inboundCalls, nextCsmsEvent, payloadOf, startRig, type Rig } from './fault-rig.js';
import { watchLoopLag } from '../../support/loop-lag.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('heartbeat-loss', () => {
  it('stops the heartbeats while the socket stays open, and a hard reset revives them', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    const r = rig;
    const fault = injectFault('heartbeat-loss', { stations: [r.station] }, faultParams('heartbeat-loss'), { clock: r.clock });
    // Three heartbeat intervals: what the detector waits before it calls a station silent.
    await r.clock.sleep(3 * HEARTBEAT_S * 1_000);
    expect(inboundCalls(r, 'S1-CP1', 'Heartbeat').filter((row) => row.at > fault.injectedAtMs + 1_000)).toEqual([]);
    expect(r.csms.isConnected('S1-CP1')).toBe(true);
    const heartbeat = nextCsmsEvent(r, 'frame', (e) => e.direction === 'in' && e.action === 'Heartbeat', 3 * HEARTBEAT_S);
    expect(await r.csms.sendCommand('S1-CP1', 'Reset', { type: 'Hard' })).toEqual({ status: 'Accepted' });
    await heartbeat;
    expect(fault.clearance?.reason).toBe('remote-hard-reset');
  });

  it('when unreachable leaves a Reset unanswered, so it clears nothing', async () => {
    rig = await startRig({ protocol: 'ocpp2.0.1', csms: { commandTimeoutMs: 300 } });
    const r = rig;
    const fault = injectFault('heartbeat-loss', { stations: [r.station] }, faultParams('heartbeat-loss', { reachable: false }), { clock: r.clock });
    await expect(r.csms.sendCommand('S1-CP1', 'Reset', { type: 'Immediate' })).rejects.toThrow();
    expect(fault.active).toBe(true);
    expect(r.csms.isConnected('S1-CP1')).toBe(true);
  });
});

describe('connection-loss', () => {
  it('keeps charging offline and replays the queued transaction messages in order on return, without a new boot', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    const r = rig;
    const outageS = 600;
    const sessionS = 300;
    // Charging is reported only after the StartTransaction answer arrived (one call in flight): the start is settled.
    const charging = nextCsmsEvent(r, 'status', (e) => e.connectorId === 1 && e.status === 'Charging', 60);
    const session = r.station.runSession({ connectorId: 1, idTag: 'DRIVER-7', durationS: sessionS });
    await charging;
    const disconnected = nextCsmsEvent(r, 'disconnect', () => true, 60);
    // Nothing reaches the CSMS while offline: the next two statuses are the ones re-sent on return.
    const statusesBack = csmsEvents(r, 'status', () => true, 2, outageS + 120);
    const ended = nextCsmsEvent(r, 'transaction-ended', () => true, outageS + 120);
    const lag = watchLoopLag();
    const fault = injectFault('connection-loss', { stations: [r.station] }, faultParams('connection-loss', { durationS: outageS }), { clock: r.clock });
    const lostAt = (await disconnected).at;
    const reconnected = await nextCsmsEvent(r, 'connect', () => true, outageS + 60);
    lag.stop();
    // The CSMS stamps the loss when it notices it (a few loopback turns, 50 real ms at most, each of which a stall
    // of this process can hold up), so its gap may fall short of the outage by that much.
    expect(reconnected.at - lostAt).toBeGreaterThanOrEqual(outageS * 1_000 - r.clock.toSimMs(50 + 2 * lag.maxMs()));
    expect(fault.clearance?.reason).toBe('network-recovered');
    expect(await session).toMatchObject({ ok: true });
    await ended;
    await statusesBack;
    const afterReturn = inboundCalls(r, 'S1-CP1').filter((row) => row.at >= reconnected.at);
    const actions = afterReturn.map((row) => row.action);
    expect(actions).not.toContain('BootNotification');
    const stopIndex = actions.indexOf('StopTransaction');
    // Every sample taken offline, then the stop, then the present statuses.
    expect(actions.slice(0, stopIndex).every((action) => action === 'MeterValues')).toBe(true);
    expect(stopIndex).toBeGreaterThanOrEqual(Math.floor(sessionS / 60) - 1);
    expect(actions.slice(stopIndex + 1)).toContain('StatusNotification');
    const stamps = afterReturn
      .slice(0, stopIndex + 1)
      .map((row) => Date.parse((payloadOf<{ meterValue?: { timestamp: string }[]; timestamp?: string }>(row).meterValue?.[0]?.timestamp ?? payloadOf<{ timestamp: string }>(row).timestamp)));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(stamps.every((stamp) => stamp < reconnected.at)).toBe(true);
  });
});

describe('site-uplink-outage', () => {
  it('drops every station of the site at the same moment and brings them back after the outage', async () => {
    const ids = ['S1-CP1', 'S1-CP2', 'S1-CP3'];
    rig = await startRig({ protocol: 'ocpp1.6', stationIds: ids });
    const r = rig;
    const outageS = 300;
    const jitterS = 30;
    const drops = csmsEvents(r, 'disconnect', () => true, ids.length, 60);
    const returns = csmsEvents(r, 'connect', () => true, ids.length, outageS + jitterS + 60);
    const lag = watchLoopLag();
    const fault = injectFault('site-uplink-outage', { stations: r.stations }, faultParams('site-uplink-outage', { durationS: outageS, reconnectJitterS: jitterS }), { clock: r.clock });
    const dropTimes = (await drops).map((e) => e.at);
    expect(new Set((await drops).map((e) => e.stationId))).toEqual(new Set(ids));
    const backs = await returns;
    lag.stop();
    const slackMs = r.clock.toSimMs(2 * lag.maxMs());
    expect(Math.max(...dropTimes) - Math.min(...dropTimes)).toBeLessThanOrEqual(r.clock.toSimMs(100) + slackMs);
    for (const back of backs) expect(back.at - Math.min(...dropTimes)).toBeGreaterThanOrEqual(outageS * 1_000 - r.clock.toSimMs(50) - slackMs);
    expect(fault.clearance?.reason).toBe('network-recovered');
  });
});
