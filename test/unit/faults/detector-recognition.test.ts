/**
 * What the faults put on the wire is what the bundled desk's detector recognises: each fault raises the
 * issue docs/domain.md §4 names for it (desk on, default configuration).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { faultParams, injectFault } from '../../../simulator/faults/registry.js';
import { nextCsmsEvent, startRig, type Rig } from './fault-rig.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** Budget for the detector's own windows: the stuck-Finishing threshold (15 min) is the longest used here. */
const DETECTION_S = 20 * 60;

describe('the detector recognises', () => {
  it('a 2.0.1 ground failure as a safety fault', async () => {
    rig = await startRig({ protocol: 'ocpp2.0.1', csms: { desk: {} } });
    const r = rig;
    const raised = nextCsmsEvent(r, 'issue-raised', (e) => e.issue.type === 'safety-fault', DETECTION_S);
    injectFault('ground-failure', { stations: [r.station], connectorId: 1 }, faultParams('ground-failure'), { clock: r.clock });
    expect((await raised).issue).toMatchObject({ stationId: 'S1-CP1', details: { errorCode: 'GroundFailure' } });
  });

  it('a 2.0.1 power meter failure as a power-meter-failure, not a generic fault', async () => {
    rig = await startRig({ protocol: 'ocpp2.0.1', csms: { desk: {} } });
    const r = rig;
    const raised = nextCsmsEvent(r, 'issue-raised', (e) => e.issue.type === 'power-meter-failure' || e.issue.type === 'connector-faulted', DETECTION_S);
    injectFault('power-meter-failure', { stations: [r.station], connectorId: 1 }, faultParams('power-meter-failure'), { clock: r.clock });
    expect((await raised).issue.type).toBe('power-meter-failure');
  });

  it('three power losses as a reboot loop with a power cause', async () => {
    rig = await startRig({ protocol: 'ocpp2.0.1', csms: { desk: {} } });
    const r = rig;
    const raised = nextCsmsEvent(r, 'issue-raised', (e) => e.issue.type === 'reboot-loop', 3 * 120 + DETECTION_S);
    injectFault('power-loss-resets', { stations: [r.station] }, faultParams('power-loss-resets', { count: 3, spacingS: 120 }), { clock: r.clock });
    expect((await raised).issue.details).toMatchObject({ likelyCause: 'power' });
  });

  it('a 1.6 crash loop as a reboot loop with a firmware cause', async () => {
    rig = await startRig({ protocol: 'ocpp1.6', csms: { desk: {} } });
    const r = rig;
    const raised = nextCsmsEvent(r, 'issue-raised', (e) => e.issue.type === 'reboot-loop', 3 * 120 + DETECTION_S);
    injectFault('crash-loop', { stations: [r.station] }, faultParams('crash-loop', { crashes: 3, spacingS: 120 }), { clock: r.clock });
    expect((await raised).issue.details).toMatchObject({ likelyCause: 'firmware' });
  });

  it('a connector stuck in Finishing on 2.0.1 (Occupied after the transaction) as stuck-finishing', async () => {
    rig = await startRig({ protocol: 'ocpp2.0.1', csms: { desk: {} } });
    const r = rig;
    const raised = nextCsmsEvent(r, 'issue-raised', (e) => e.issue.type === 'stuck-finishing', 120 + DETECTION_S);
    injectFault('stuck-finishing', { stations: [r.station], connectorId: 1 }, faultParams('stuck-finishing', { sessionS: 120 }), { clock: r.clock });
    expect((await raised).issue).toMatchObject({ stationId: 'S1-CP1', evseId: 1 });
  });
});
