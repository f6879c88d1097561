/**
 * The simulated field technician: arrives after the travel time, repairs after the repair time (clearing
 * the station's faults through their handles and power-cycling it), proves it with a test session, leaves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { faultParams, injectFault } from '../../../simulator/faults/registry.js';
import { TECHNICIAN_DEFAULTS } from '../../../simulator/technician/defaults.js';
import { dispatch } from '../../../simulator/technician/dispatch.js';
import type { TechnicianEvent } from '../../../simulator/technician/types.js';
import { HEARTBEAT_S, nextCsmsEvent, startRig, within, type Rig } from './fault-rig.js';
import { watchLoopLag } from '../../support/loop-lag.js';

const TRAVEL_S = 600;
const REPAIR_S = 300;
let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

function visitBudgetS(): number {
  return TRAVEL_S + REPAIR_S + TECHNICIAN_DEFAULTS.testSessionS + 600;
}

describe('a technician visit', () => {
  it('clears a ground failure that a reset could not, and proves it with a test session, all as timed events', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    const r = rig;
    const faulted = nextCsmsEvent(r, 'status', (e) => e.errorCode === 'GroundFailure', 60);
    const fault = injectFault('ground-failure', { stations: [r.station], connectorId: 1 }, faultParams('ground-failure'), { clock: r.clock, activeFaults: r.activeFaults });
    await faulted;
    const available = nextCsmsEvent(r, 'status', (e) => e.connectorId === 1 && e.status === 'Available', visitBudgetS());
    const testStarted = nextCsmsEvent(r, 'transaction-started', (e) => e.idTag === TECHNICIAN_DEFAULTS.idTag, visitBudgetS());
    const dispatchedAt = r.clock.now();
    const visit = dispatch({ stationId: 'S1-CP1', connectorId: 1, workOrderId: 'WO-1', part: 'RCD / ground-fault module' }, r.station, {
      clock: r.clock,
      activeFaults: r.activeFaults,
      travelTimeS: TRAVEL_S,
      repairTimeS: REPAIR_S,
      testSession: true,
    });
    const seen: TechnicianEvent[] = [];
    visit.on('event', (event) => seen.push(event));
    const report = await within(r.clock, visitBudgetS(), 'technician visit', visit.done);

    expect(seen.map((event) => event.type)).toEqual(['technician-arrived', 'technician-repaired', 'technician-test-session', 'technician-left']);
    expect(report.events).toEqual(seen);
    const [arrived, repaired, tested] = seen as [TechnicianEvent, TechnicianEvent, TechnicianEvent];
    expect(arrived).toMatchObject({ stationId: 'S1-CP1', workOrderId: 'WO-1', connectorId: 1, part: 'RCD / ground-fault module' });
    expect(arrived.atMs - dispatchedAt).toBeGreaterThanOrEqual(TRAVEL_S * 1_000);
    expect(repaired.atMs - arrived.atMs).toBeGreaterThanOrEqual(REPAIR_S * 1_000);
    expect(tested.atMs - repaired.atMs).toBeGreaterThanOrEqual(TECHNICIAN_DEFAULTS.testSessionS * 1_000);
    expect(report).toMatchObject({ clearedFaults: [{ id: fault.id, kind: 'ground-failure' }], backOnline: true, testPassed: true });
    expect(fault.clearance?.reason).toBe('technician');
    await available;
    await testStarted;
    expect(r.activeFaults.forStation('S1-CP1')).toEqual([]);
  });

  it('puts a connector the CSMS made Inoperative back in service as its own step, so the test session can run', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    const r = rig;
    const faulted = nextCsmsEvent(r, 'status', (e) => e.errorCode === 'GroundFailure', 60);
    injectFault('ground-failure', { stations: [r.station], connectorId: 1 }, faultParams('ground-failure', {}), { clock: r.clock, activeFaults: r.activeFaults });
    await faulted;
    expect(await r.csms.sendCommand('S1-CP1', 'ChangeAvailability', { connectorId: 1, type: 'Inoperative' })).toEqual({ status: 'Accepted' });
    expect(r.station.slot(1)?.connector.operative).toBe(false);
    const visit = dispatch({ stationId: 'S1-CP1', connectorId: 1, workOrderId: 'WO-6' }, r.station, {
      clock: r.clock,
      activeFaults: r.activeFaults,
      travelTimeS: TRAVEL_S,
      repairTimeS: REPAIR_S,
      testSession: true,
    });
    const lag = watchLoopLag();
    const report = await within(r.clock, visitBudgetS(), 'technician visit', visit.done);
    lag.stop();
    expect(report.events.map((event) => event.type)).toEqual(['technician-arrived', 'technician-repaired', 'technician-recommissioned', 'technician-test-session', 'technician-left']);
    const [, repaired, recommissioned] = report.events as [TechnicianEvent, TechnicianEvent, TechnicianEvent];
    expect(recommissioned).toMatchObject({ type: 'technician-recommissioned', connectorIds: [1] });
    // Right after the repair, within the same simulated second (the clock runs on while the step executes),
    // plus the longest stall of this process meanwhile.
    expect(recommissioned.atMs - repaired.atMs).toBeGreaterThanOrEqual(0);
    expect(recommissioned.atMs - repaired.atMs).toBeLessThan(1_000 + r.clock.toSimMs(lag.maxMs()));
    expect(r.station.slot(1)?.connector.operative).toBe(true);
    expect(report.testPassed).toBe(true);
  });

  it('restores a connection that never came back by itself', async () => {
    rig = await startRig({ protocol: 'ocpp2.0.1' });
    const r = rig;
    const dropped = nextCsmsEvent(r, 'disconnect', () => true, 60);
    const fault = injectFault('connection-loss', { stations: [r.station] }, faultParams('connection-loss', { recovers: false }), { clock: r.clock, activeFaults: r.activeFaults });
    await dropped;
    const back = nextCsmsEvent(r, 'boot', (e) => e.payload.reason === 'PowerUp', TRAVEL_S + REPAIR_S + 300);
    const visit = dispatch({ stationId: 'S1-CP1', workOrderId: 'WO-2' }, r.station, {
      clock: r.clock,
      activeFaults: r.activeFaults,
      travelTimeS: TRAVEL_S,
      repairTimeS: REPAIR_S,
      testSession: false,
    });
    await back;
    const report = await within(r.clock, 300, 'technician left', visit.done);
    expect(report).toMatchObject({ backOnline: true, testPassed: undefined, clearedFaults: [{ kind: 'connection-loss' }] });
    expect(fault.clearance?.reason).toBe('technician');
  });

  it('revives an unreachable station with a heartbeat loss, which then heartbeats again', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    const r = rig;
    const fault = injectFault('heartbeat-loss', { stations: [r.station] }, faultParams('heartbeat-loss', { reachable: false }), { clock: r.clock, activeFaults: r.activeFaults });
    const visit = dispatch({ stationId: 'S1-CP1', workOrderId: 'WO-3' }, r.station, {
      clock: r.clock,
      activeFaults: r.activeFaults,
      travelTimeS: 60,
      repairTimeS: 60,
      testSession: false,
    });
    await within(r.clock, 120 + 300, 'technician left', visit.done);
    expect(fault.clearance?.reason).toBe('technician');
    await nextCsmsEvent(r, 'frame', (e) => e.direction === 'in' && e.action === 'Heartbeat', 2 * HEARTBEAT_S);
    expect(r.station.behaviour).toMatchObject({ heartbeatMuted: false, ignoreCommands: false });
  });

  it('leaves a Tier 1 problem (authorization failures) alone: a technician cannot fix an account', async () => {
    rig = await startRig({ protocol: 'ocpp1.6', csms: { idTags: { blocked: ['BLOCKED-0001'] } } });
    const r = rig;
    const fault = injectFault('authorization-failures', { stations: [r.station] }, faultParams('authorization-failures', { attempts: 5, spacingS: 600 }), { clock: r.clock, activeFaults: r.activeFaults });
    const visit = dispatch({ stationId: 'S1-CP1', workOrderId: 'WO-4' }, r.station, {
      clock: r.clock,
      activeFaults: r.activeFaults,
      travelTimeS: 0,
      repairTimeS: 0,
      testSession: false,
    });
    const report = await within(r.clock, 300, 'technician left', visit.done);
    expect(report.clearedFaults).toEqual([]);
    expect(fault.active).toBe(true);
  });

  it('refuses a work order for another station', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    const r = rig;
    const order = { stationId: 'S9-CP9', workOrderId: 'WO-5' };
    expect(() => dispatch(order, r.station, { clock: r.clock, activeFaults: r.activeFaults, travelTimeS: 0, repairTimeS: 0, testSession: false })).toThrow(
      'work order WO-5 is for S9-CP9, not S1-CP1',
    );
  });
});
