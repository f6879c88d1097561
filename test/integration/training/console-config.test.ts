/**
 * A plain CSMS's console config (no fleet control, no drills), and `chargedrill csms --control-url`: the CSMS
 * passes /control/* on to a fleet's control API elsewhere, token included, answers as they came.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlServer, type ControlServer } from '../../../harness/control/server.js';
import type { Csms } from '../../../harness/csms/server.js';
import { startReferenceCsms } from '../../../harness/reference-csms.js';
import { controlProxyRoutes } from '../../../harness/training/control-proxy.js';
import { ScaledClock } from '../../../simulator/clock.js';
import { Fleet } from '../../../simulator/fleet/fleet.js';

const TOKEN = 'fleet-token-42';
let fleetCsms: Csms;
let fleet: Fleet;
let control: ControlServer;
let plain: Csms;
let proxying: Csms;
let deadProxy: Csms;

beforeAll(async () => {
  const clock = new ScaledClock({ timeScale: 60 });
  ({ csms: fleetCsms } = await startReferenceCsms({ clock, port: 0, desk: false }));
  fleet = new Fleet({ csmsUrl: fleetCsms.ocppUrl, clock, stations: 1, sites: 1, protocol: 'ocpp1.6', seed: 2, rampPerS: 100 });
  const booted = fleet.waitForBoot(20_000);
  await fleet.start();
  expect(await booted).toBe(true);
  control = await startControlServer({ fleet, clock, port: 0, token: TOKEN });
  ({ csms: plain } = await startReferenceCsms({ port: 0, desk: false }));
  ({ csms: proxying } = await startReferenceCsms({
    port: 0,
    desk: false,
    routes: controlProxyRoutes(control.url, TOKEN),
    consoleConfig: () => ({ control: true, drills: false, timeScale: 1, paused: false }),
  }));
  // Nothing listens on port 9 of loopback (discard), so the fleet is unreachable.
  ({ csms: deadProxy } = await startReferenceCsms({ port: 0, desk: false, routes: controlProxyRoutes('http://127.0.0.1:9') }));
}, 60_000);

afterAll(async () => {
  await deadProxy?.close();
  await proxying?.close();
  await plain?.close();
  await control?.close();
  await fleet?.stop();
  await fleetCsms?.close();
});

async function call(base: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('GET /api/console/config', () => {
  it('a plain CSMS: no fleet control, no drills, its time scale, running', async () => {
    expect(await call(plain.url, 'GET', '/api/console/config')).toEqual({ status: 200, body: { control: false, drills: false, timeScale: 1, paused: false } });
    expect((await call(plain.url, 'GET', '/control/health')).status).toBe(404);
    expect((await call(plain.url, 'GET', '/api/drills')).status).toBe(404);
  });
});

describe('csms --control-url', () => {
  it('passes /control/* on with the token and the fleet answers as it came', async () => {
    expect((await call(proxying.url, 'GET', '/api/console/config')).body).toMatchObject({ control: true, drills: false });
    expect(await call(proxying.url, 'GET', '/control/health')).toMatchObject({ status: 200, body: { status: 'ok', stations: 1 } });
    const injected = await call(proxying.url, 'POST', '/control/faults', { kind: 'ground-failure', station: 'S1-CP1', connector: 1 });
    expect(injected).toMatchObject({ status: 201, body: { kind: 'ground-failure', state: 'active' } });
    expect((await call(proxying.url, 'GET', '/control/faults?state=active')).body).toEqual([expect.objectContaining({ id: injected.body.id })]);
    expect((await call(proxying.url, 'DELETE', `/control/faults/${String(injected.body.id)}`)).body).toMatchObject({ state: 'cleared' });
    const bad = await call(proxying.url, 'POST', '/control/faults', { kind: 'meltdown', station: 'S1-CP1' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('cannot inject meltdown');
    // Without the proxy's token the fleet refuses: the token is what let the calls above through.
    expect((await fetch(`${control.url}/control/health`)).status).toBe(401);
  });

  it('answers 502 naming the URL when the fleet cannot be reached', async () => {
    const refused = await call(deadProxy.url, 'GET', '/control/health');
    expect(refused.status).toBe(502);
    expect(refused.body.error).toMatch(/^cannot reach the fleet's control API at http:\/\/127\.0\.0\.1:9: /);
  });
});
