/**
 * Faults that are driver behaviour: the station makes real session attempts and the CSMS's own rules
 * (token lists, tariffs, tokens in use) decide how they fail.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { faultParams, injectFault } from '../../../simulator/faults/registry.js';
import { answersTo, csmsEvents, nextCsmsEvent, startRig, type Rig } from './fault-rig.js';
import { watchLoopLag } from '../../support/loop-lag.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('authorization-failures', () => {
  it('presents a blocked token attempts times, spacingS apart, each answered Blocked by the CSMS', async () => {
    rig = await startRig({ protocol: 'ocpp1.6', csms: { idTags: { blocked: ['BLOCKED-0001'] } } });
    const r = rig;
    const attempts = 3;
    const spacingS = 60;
    const refusals = csmsEvents(r, 'authorize', (e) => e.idTag === 'BLOCKED-0001', attempts, attempts * spacingS + 60);
    const lag = watchLoopLag();
    const fault = injectFault('authorization-failures', { stations: [r.station] }, faultParams('authorization-failures', { attempts, spacingS }), { clock: r.clock });
    const seen = await refusals;
    lag.stop();
    expect(seen.map((e) => e.status)).toEqual(['Blocked', 'Blocked', 'Blocked']);
    expect((seen[2] as { at: number }).at - (seen[0] as { at: number }).at).toBeGreaterThanOrEqual(2 * spacingS * 1_000 - r.clock.toSimMs(100 + 2 * lag.maxMs()));
    await fault.cleared;
    expect(fault.clearance?.reason).toBe('finished');
    expect(r.station.connectorState(1).status).toBe('Available');
  });
});

describe('concurrent-tx', () => {
  it('has the CSMS answer ConcurrentTx when the token in use at one station is presented at another', async () => {
    rig = await startRig({ protocol: 'ocpp2.0.1', stationIds: ['S1-CP1', 'S2-CP1'] });
    const r = rig;
    const refused = nextCsmsEvent(r, 'authorize', (e) => e.stationId === 'S2-CP1', 300);
    injectFault('concurrent-tx', { stations: r.stations }, faultParams('concurrent-tx', { attemptAfterS: 60 }), { clock: r.clock });
    expect(await refused).toMatchObject({ idTag: 'SHARED-0001', status: 'ConcurrentTx', reason: 'concurrent-tx' });
  });
});

describe('cost-not-configured', () => {
  it('on 1.6 has the start refused with Blocked for the site without tariff, and the station stops it DeAuthorized', async () => {
    rig = await startRig({ protocol: 'ocpp1.6', csms: { sitesWithoutTariff: ['S1'] } });
    const r = rig;
    const refusal = nextCsmsEvent(r, 'authorize', (e) => e.reason === 'no-tariff', 120);
    const ended = nextCsmsEvent(r, 'transaction-ended', () => true, 120);
    injectFault('cost-not-configured', { stations: [r.station] }, faultParams('cost-not-configured'), { clock: r.clock });
    expect(await refusal).toMatchObject({ action: 'StartTransaction', status: 'Blocked' });
    expect((await ended).reason).toBe('DeAuthorized');
    expect(answersTo(r, 'S1-CP1', 'Authorize')[0]).toEqual({ idTagInfo: { status: 'Accepted' } });
  });

  it('on 2.0.1 has the start refused with NotAtThisLocation', async () => {
    rig = await startRig({ protocol: 'ocpp2.0.1', csms: { sitesWithoutTariff: ['S1'] } });
    const r = rig;
    const refusal = nextCsmsEvent(r, 'authorize', (e) => e.reason === 'no-tariff', 120);
    const ended = nextCsmsEvent(r, 'transaction-ended', () => true, 120);
    injectFault('cost-not-configured', { stations: [r.station] }, faultParams('cost-not-configured'), { clock: r.clock });
    expect(await refusal).toMatchObject({ action: 'TransactionEvent', status: 'NotAtThisLocation' });
    expect((await ended).reason).toBe('DeAuthorized');
  });
});

describe('repeated-failed-sessions', () => {
  it('in fault-stop mode charges, then the connector faults and stops each session (reason Other), recovering faultS later', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    const r = rig;
    const count = 2;
    const spacingS = 400;
    const faulted = csmsEvents(r, 'status', (e) => e.status === 'Faulted', count, count * spacingS + 60);
    const ends = csmsEvents(r, 'transaction-ended', () => true, count, count * spacingS + 60);
    const fault = injectFault('repeated-failed-sessions', { stations: [r.station], connectorId: 1 }, faultParams('repeated-failed-sessions', { count, spacingS, mode: 'fault-stop', sessionS: 120, faultS: 30 }), { clock: r.clock });
    const ended = await ends;
    const statuses = await faulted;
    ended.forEach((end, i) => {
      expect(end.reason).toBe('Other');
      expect(end.energyWh).toBeGreaterThan(10);
      expect((statuses[i] as { at: number; errorCode?: string }).errorCode).toBe('EVCommunicationError');
      expect((statuses[i] as { at: number }).at).toBeLessThanOrEqual(end.at);
    });
    await fault.cleared;
    expect(r.station.connectorState(1).status).toBe('Available');
  });

  it('in no-energy mode delivers 0 Wh per session', async () => {
    rig = await startRig({ protocol: 'ocpp2.0.1' });
    const r = rig;
    const ends = csmsEvents(r, 'transaction-ended', () => true, 2, 2 * 700 + 120);
    injectFault('repeated-failed-sessions', { stations: [r.station] }, faultParams('repeated-failed-sessions', { count: 2, spacingS: 700, mode: 'no-energy' }), { clock: r.clock });
    expect((await ends).map((e) => e.energyWh)).toEqual([0, 0]);
  });
});
