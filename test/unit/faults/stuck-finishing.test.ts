/** A connector stuck in Finishing after its session, and what frees it: UnlockConnector, else a soft reset. */
import { afterEach, describe, expect, it } from 'vitest';
import { faultParams, injectFault } from '../../../simulator/faults/registry.js';
import { STATION_DEFAULTS } from '../../../simulator/station/defaults.js';
import { connectorOf, nextCsmsEvent, startRig, type Rig } from './fault-rig.js';

const SESSION_S = 120;
let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('stuck-finishing', () => {
  it('on 1.6 keeps the connector in Finishing long after the unplug, until UnlockConnector frees it', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    const r = rig;
    const finishing = nextCsmsEvent(r, 'status', (e) => e.connectorId === 1 && e.status === 'Finishing', SESSION_S + 60);
    const fault = injectFault('stuck-finishing', { stations: [r.station], connectorId: 1 }, faultParams('stuck-finishing', { sessionS: SESSION_S }), { clock: r.clock });
    await finishing;
    // Well past the driver's unplug: a healthy connector would be Available by now.
    await r.clock.sleep((STATION_DEFAULTS.unplugAfterS + 60) * 1_000);
    expect(r.csms.station('S1-CP1')?.connectors.find((c) => c.connectorId === 1)?.status).toBe('Finishing');
    const available = nextCsmsEvent(r, 'status', (e) => e.connectorId === 1 && e.status === 'Available', 60);
    expect(await r.csms.sendCommand('S1-CP1', 'UnlockConnector', { connectorId: 1 })).toEqual({ status: 'Unlocked' });
    await available;
    expect(fault.clearance?.reason).toBe('remote-unlock');
  });

  it('on 2.0.1 shows Occupied after the transaction ended, and UnlockConnector returns it to Available', async () => {
    rig = await startRig({ protocol: 'ocpp2.0.1' });
    const r = rig;
    const ended = nextCsmsEvent(r, 'transaction-ended', () => true, SESSION_S + 60);
    const fault = injectFault('stuck-finishing', { stations: [r.station], connectorId: 1 }, faultParams('stuck-finishing', { sessionS: SESSION_S }), { clock: r.clock });
    expect((await ended).reason).toBe('Local');
    await r.clock.sleep((STATION_DEFAULTS.unplugAfterS + 60) * 1_000);
    expect(r.csms.station('S1-CP1')?.connectors.find((c) => c.evseId === 1)?.status).toBe('Occupied');
    const available = nextCsmsEvent(r, 'status', (e) => connectorOf(e) === 1 && e.status === 'Available', 60);
    expect(await r.csms.sendCommand('S1-CP1', 'UnlockConnector', { evseId: 1, connectorId: 1 })).toEqual({ status: 'Unlocked' });
    await available;
    expect(fault.clearance?.reason).toBe('remote-unlock');
  });

  it('when unlocking does not help answers UnlockFailed, and a soft reset frees it', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    const r = rig;
    const finishing = nextCsmsEvent(r, 'status', (e) => e.connectorId === 1 && e.status === 'Finishing', SESSION_S + 60);
    const fault = injectFault('stuck-finishing', { stations: [r.station], connectorId: 1 }, faultParams('stuck-finishing', { sessionS: SESSION_S, unlockRecovers: false }), { clock: r.clock });
    await finishing;
    expect(await r.csms.sendCommand('S1-CP1', 'UnlockConnector', { connectorId: 1 })).toEqual({ status: 'UnlockFailed' });
    expect(fault.active).toBe(true);
    const available = nextCsmsEvent(r, 'status', (e) => e.connectorId === 1 && e.status === 'Available', 120);
    await r.csms.sendCommand('S1-CP1', 'Reset', { type: 'Soft' });
    await available;
    expect(fault.clearance?.reason).toBe('remote-soft-reset');
    expect(r.station.behaviour).toMatchObject({ stuckInFinishing: false, refuseUnlock: false });
  });
});
