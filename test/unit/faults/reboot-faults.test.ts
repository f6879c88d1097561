/** Faults that reboot the station: repeated power losses (site power) and a firmware crash loop (InternalError, Watchdog). */
import { afterEach, describe, expect, it } from 'vitest';
import { faultParams, injectFault } from '../../../simulator/faults/registry.js';
import { csmsEvents, nextCsmsEvent, startRig, type Rig } from './fault-rig.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('power-loss-resets', () => {
  it('on 2.0.1 stops the session with PowerLoss and boots count times with reason PowerUp, spacingS apart', async () => {
    rig = await startRig({ protocol: 'ocpp2.0.1' });
    const r = rig;
    const count = 3;
    const spacingS = 300;
    // 2.0.1 shows Occupied from the plug-in on; the transaction itself is what must be running.
    const started = nextCsmsEvent(r, 'transaction-started', () => true, 60);
    void r.station.runSession({ connectorId: 1, idTag: 'DRIVER-3', durationS: 3_600 });
    await started;
    const boots = csmsEvents(r, 'boot', () => true, count, count * spacingS + 120);
    const ended = nextCsmsEvent(r, 'transaction-ended', () => true, 120);
    const fault = injectFault('power-loss-resets', { stations: [r.station] }, faultParams('power-loss-resets', { count, spacingS }), { clock: r.clock });
    expect((await ended).reason).toBe('PowerLoss');
    const seen = await boots;
    expect(seen.map((boot) => boot.payload.reason)).toEqual(['PowerUp', 'PowerUp', 'PowerUp']);
    const gaps = seen.slice(1).map((boot, i) => boot.at - (seen[i] as { at: number }).at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(spacingS * 1_000 - r.clock.toSimMs(100));
    expect(fault.clearance?.reason).toBe('finished');
  });

  it('on 1.6 stops the running session with reason PowerLoss', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    const r = rig;
    const charging = nextCsmsEvent(r, 'status', (e) => e.connectorId === 1 && e.status === 'Charging', 60);
    void r.station.runSession({ connectorId: 1, idTag: 'DRIVER-4', durationS: 3_600 });
    await charging;
    const ended = nextCsmsEvent(r, 'transaction-ended', () => true, 120);
    const booted = nextCsmsEvent(r, 'boot', () => true, 120);
    injectFault('power-loss-resets', { stations: [r.station] }, faultParams('power-loss-resets', { count: 1 }), { clock: r.clock });
    await booted;
    expect((await ended).reason).toBe('PowerLoss');
  });
});

describe('crash-loop', () => {
  it('on 1.6 reports connector 0 Faulted InternalError before each watchdog reboot, then Available when it ends', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    const r = rig;
    const crashes = 2;
    const spacingS = 120;
    const internalErrors = csmsEvents(r, 'status', (e) => e.connectorId === 0 && e.errorCode === 'InternalError', crashes, crashes * spacingS + 120);
    const boots = csmsEvents(r, 'boot', () => true, crashes, crashes * spacingS + 120);
    const recovered = nextCsmsEvent(r, 'status', (e) => e.connectorId === 0 && e.status === 'Available', crashes * spacingS + 180);
    const fault = injectFault('crash-loop', { stations: [r.station] }, faultParams('crash-loop', { crashes, spacingS }), { clock: r.clock });
    expect((await internalErrors)[0]).toMatchObject({ status: 'Faulted', info: 'Watchdog: charging task not responding', vendorErrorCode: 'WDT-0x1F' });
    await boots;
    await recovered;
    expect(fault.clearance?.reason).toBe('finished');
  });

  it('on 2.0.1 sends NotifyEvent ChargingStation.Problem InternalError and boots with reason Watchdog; a reset does not stop it', async () => {
    rig = await startRig({ protocol: 'ocpp2.0.1' });
    const r = rig;
    const notified = nextCsmsEvent(r, 'frame', (e) => e.direction === 'in' && e.action === 'NotifyEvent', 60);
    const watchdogBoot = nextCsmsEvent(r, 'boot', (e) => e.payload.reason === 'Watchdog', 120);
    const fault = injectFault('crash-loop', { stations: [r.station] }, faultParams('crash-loop', { spacingS: 120 }), { clock: r.clock });
    expect(((await notified).payload as { eventData: Record<string, unknown>[] }).eventData[0]).toMatchObject({
      component: { name: 'ChargingStation' },
      variable: { name: 'Problem' },
      techCode: 'InternalError',
    });
    await watchdogBoot;
    const remoteBoot = nextCsmsEvent(r, 'boot', (e) => e.payload.reason === 'RemoteReset', 120);
    await r.csms.sendCommand('S1-CP1', 'Reset', { type: 'Immediate' });
    await remoteBoot;
    await nextCsmsEvent(r, 'boot', (e) => e.payload.reason === 'Watchdog', 240);
    expect(fault.active).toBe(true);
  });
});
