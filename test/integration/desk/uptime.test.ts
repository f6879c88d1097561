/**
 * The NEVI uptime formula over a real run: a connector fault (counted outage) and a utility power loss
 * (the station's BootNotification says PowerUp after its socket dropped: excluded time), checked against
 * the same CSMS events the ledger saw, through GET /api/uptime.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { UptimeReport } from '../../../harness/desk/uptime-report.js';
import type { DeskMetrics } from '../../../harness/playbook/desk-metrics.js';
import { DeskRig, HEARTBEAT_S } from './fixture.js';

let rig: DeskRig;
afterEach(() => rig?.close());

const MS_PER_MIN = 60_000;
const nevi = (windowMin: number, outageMin: number, excludedMin: number) => ((windowMin - (outageMin - excludedMin)) / windowMin) * 100;

describe('GET /api/uptime', () => {
  it('applies ((window − (outage − excluded)) / window) × 100 per port and per station', async () => {
    rig = await DeskRig.start();
    const id = 'S1-CP1';
    const cp = await rig.station(id, 'ocpp2.0.1');
    const fromMs = (await rig.waitFor('connect', (e) => e.stationId === id, 0)).at;

    cp.station.setConnectorFault(1, 'ReaderFailure');
    const faulted = await rig.waitFor('status', (e) => e.stationId === id && e.evseId === 1 && e.status === 'Faulted', 0);
    await rig.pass(2 * HEARTBEAT_S * 1_000);
    cp.station.clearConnectorFault(1);
    const repaired = await rig.waitFor('status', (e) => e.stationId === id && e.evseId === 1 && e.status === 'Available' && e.at > faulted.at, HEARTBEAT_S * 1_000);

    cp.station.powerCycle();
    const lost = await rig.waitFor('disconnect', (e) => e.stationId === id, 0);
    const back = await rig.waitFor('connect', (e) => e.stationId === id && e.at > lost.at, HEARTBEAT_S * 1_000);
    const boot = await rig.waitFor('boot', (e) => e.stationId === id && e.at > back.at, HEARTBEAT_S * 1_000);
    expect(boot.payload['reason']).toBe('PowerUp');
    await rig.pass(HEARTBEAT_S * 1_000);
    const toMs = Math.ceil(rig.clock.now());

    const res = await fetch(`${rig.csms.url}/api/uptime?from=${Math.floor(fromMs)}&to=${toMs}`);
    expect(res.status).toBe(200);
    const report = (await res.json()) as UptimeReport & { metrics: DeskMetrics };
    const windowMin = (toMs - Math.floor(fromMs)) / MS_PER_MIN;
    const faultMin = (repaired.at - faulted.at) / MS_PER_MIN;
    const powerLossMin = (back.at - lost.at) / MS_PER_MIN;
    const station = report.stations.find((s) => s.stationId === id);
    const port1 = station?.connectors.find((c) => c.evseId === 1);
    const port2 = station?.connectors.find((c) => c.evseId === 2);

    // Port 1: out while faulted and while the station was without power; only the power loss is excluded.
    expect(port1?.windowMin).toBeCloseTo(windowMin, 9);
    expect(port1?.outageMin).toBeCloseTo(faultMin + powerLossMin, 9);
    expect(port1?.excludedMin).toBeCloseTo(powerLossMin, 9);
    expect(port1?.uptimePercent).toBeCloseTo(nevi(windowMin, faultMin + powerLossMin, powerLossMin), 9);
    expect(port1?.uptimePercent).toBeLessThan(100);
    // Port 2 and the station as a whole were out only during the excluded power loss.
    expect(port2?.outageMin).toBeCloseTo(powerLossMin, 9);
    expect(port2?.uptimePercent).toBeCloseTo(100, 9);
    expect(station?.outageMin).toBeCloseTo(powerLossMin, 9);
    expect(station?.uptimePercent).toBeCloseTo(100, 9);
    expect(report.ports).toBe(2);
    expect(report.metrics).toMatchObject({ ticketsClosed: expect.any(Number) as unknown, postInterventionUptime: expect.any(Array) as unknown });

    // Without a window: the whole history, up to now.
    const all = (await (await fetch(`${rig.csms.url}/api/uptime`)).json()) as UptimeReport;
    expect(all.fromMs).toBeLessThanOrEqual(fromMs);
    expect(all.toMs).toBeGreaterThanOrEqual(toMs);
    expect((await fetch(`${rig.csms.url}/api/uptime?from=${toMs}&to=${fromMs}`)).status).toBe(400);
  });
});
