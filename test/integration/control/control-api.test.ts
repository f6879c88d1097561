/**
 * The fleet's live control API over real HTTP, with a real fleet on real WebSockets against the bundled
 * CSMS: faults injected, scheduled, listed and cleared; a driver's acts; bad input named field by field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlServer, type ControlServer } from '../../../harness/control/server.js';
import type { Csms } from '../../../harness/csms/server.js';
import { startReferenceCsms } from '../../../harness/reference-csms.js';
import { ScaledClock } from '../../../simulator/clock.js';
import { FAULT_KINDS } from '../../../simulator/faults/registry.js';
import { Fleet } from '../../../simulator/fleet/fleet.js';
import { until } from '../../support/until.js';

const TIME_SCALE = 600;
let csms: Csms;
let fleet: Fleet;
let control: ControlServer;

beforeAll(async () => {
  const clock = new ScaledClock({ timeScale: TIME_SCALE });
  // Without the desk: its playbook would take faulted connectors out of service behind the test's back.
  ({ csms } = await startReferenceCsms({ clock, port: 0, desk: false, idTags: { blocked: ['BLOCKED-0001'] } }));
  fleet = new Fleet({ csmsUrl: csms.ocppUrl, clock, stations: 2, sites: 1, protocol: 'ocpp1.6', seed: 3, rampPerS: 100 });
  const booted = fleet.waitForBoot(20_000);
  await fleet.start();
  expect(await booted).toBe(true);
  control = await startControlServer({ fleet, clock, port: 0 });
}, 60_000);

afterAll(async () => {
  await control?.close();
  await fleet?.stop();
  await csms?.close();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, base = control.url) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { problems?: { path: string; message: string; allowed?: string[] }[] } };
}

describe('faults through the control API', () => {
  it('injects a catalogue fault now, lists it with its state, and clears it by id', async () => {
    const injected = await call('POST', '/control/faults', { kind: 'ground-failure', station: 'S1-CP1', connector: 1 });
    expect(injected.status).toBe(201);
    expect(injected.body).toMatchObject({ kind: 'ground-failure', state: 'active', targets: { stationIds: ['S1-CP1'], connectorId: 1 } });
    // The catalogue's defaults are filled in.
    expect(injected.body.params).toEqual({ info: 'Residual current 30 mA, RCD tripped', vendorErrorCode: 'RCD-TRIP-30MA' });
    expect(typeof injected.body.injectedAt).toBe('string');
    const id = injected.body.id as string;
    expect(fleet.stations.get('S1-CP1')?.connectorState(1)).toMatchObject({ status: 'Faulted', errorCode: 'GroundFailure' });
    // The CSMS heard it on the wire.
    await until(() => csms.store.messagesFor('S1-CP1').some((m) => m.action === 'StatusNotification' && (m.payload as { errorCode?: string }).errorCode === 'GroundFailure'), 5_000);

    const listed = await call('GET', '/control/faults');
    expect(listed.body).toEqual(expect.arrayContaining([expect.objectContaining({ id, state: 'active' })]));
    expect(((await call('GET', '/control/faults?state=cleared')).body as unknown as { id: string }[]).map((f) => f.id)).not.toContain(id);
    const badState = await call('GET', '/control/faults?state=on');
    expect(badState.status).toBe(400);
    expect(badState.body.problems).toEqual([{ path: '/state', message: '"on" is not a fault state', allowed: ['scheduled', 'active', 'cleared', 'cancelled', 'failed'] }]);

    const cleared = await call('DELETE', `/control/faults/${id}`);
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ id, state: 'cleared', clearReason: 'manual' });
    expect(((await call('GET', '/control/faults?state=cleared')).body as unknown as { id: string }[]).map((f) => f.id)).toContain(id);
    expect(fleet.stations.get('S1-CP1')?.connectorState(1).status).toBe('Available');
    expect((await call('DELETE', `/control/faults/${id}`)).status).toBe(409);
  });

  it('schedules a fault at a simulated time and injects it then', async () => {
    // 10 simulated minutes at scale 600 is one real second.
    const scheduled = await call('POST', '/control/faults', { kind: 'high-temperature', station: 'S1-CP2', connector: 2, at: '10m' });
    expect(scheduled.status).toBe(201);
    expect(scheduled.body.state).toBe('scheduled');
    expect(typeof scheduled.body.scheduledFor).toBe('string');
    expect(fleet.stations.get('S1-CP2')?.connectorState(2).status).toBe('Available');
    const id = scheduled.body.id as string;
    await until(() => fleet.stations.get('S1-CP2')?.connectorState(2).status === 'Faulted', 5_000);
    const now = await call('GET', `/control/faults/${id}`);
    expect(now.body.state).toBe('active');
    expect(Date.parse(now.body.injectedAt as string)).toBeGreaterThanOrEqual(Date.parse(scheduled.body.scheduledFor as string));
    await call('DELETE', `/control/faults/${id}`);
  });

  it('refuses bad input with every problem at its field and what is allowed', async () => {
    const unknownKind = await call('POST', '/control/faults', { kind: 'ground-fault', station: 'S1-CP1' });
    expect(unknownKind.status).toBe(400);
    expect(unknownKind.body.problems).toEqual([expect.objectContaining({ path: '/kind', allowed: [...FAULT_KINDS] })]);

    const several = await call('POST', '/control/faults', { kind: 'power-loss-resets', station: 'S1-CP1', params: { count: -1, spacing: 5 }, connecter: 1 });
    expect(several.status).toBe(400);
    const paths = several.body.problems?.map((p) => p.path).sort();
    expect(paths).toEqual(['/connecter', '/params/count', '/params/spacing']);
    expect(several.body.problems?.find((p) => p.path === '/params/spacing')?.allowed).toEqual(['count', 'spacingS']);

    const connector = await call('POST', '/control/faults', { kind: 'ground-failure', station: 'S1-CP1', connector: 9 });
    expect(connector.status).toBe(400);
    expect(connector.body.problems).toEqual([expect.objectContaining({ path: '/connector', allowed: ['a whole number from 1 to 2'] })]);

    const json = await call('POST', '/control/faults', '{not json');
    expect(json.status).toBe(400);
    expect(json.body.problems?.[0]?.allowed).toEqual(['a JSON object']);
  });

  it('answers 400 listing the fleet\'s stations and sites for an unknown one to inject into', async () => {
    const station = await call('POST', '/control/faults', { kind: 'ground-failure', station: 'S9-CP1' });
    expect(station.status).toBe(400);
    expect(station.body.problems).toEqual([{ path: '/station', message: 'unknown station "S9-CP1"', allowed: ['S1-CP1', 'S1-CP2'] }]);
    const stations = await call('POST', '/control/faults', { kind: 'ground-failure', stations: ['S1-CP1', 'S9-CP1'] });
    expect(stations.status).toBe(400);
    expect(stations.body.problems).toEqual([{ path: '/stations', message: 'unknown station "S9-CP1"', allowed: ['S1-CP1', 'S1-CP2'] }]);
    const site = await call('POST', '/control/faults', { kind: 'site-uplink-outage', site: 'S9' });
    expect(site.status).toBe(400);
    expect(site.body.problems).toEqual([{ path: '/site', message: 'unknown site "S9"', allowed: ['S1'] }]);
  });

  it('answers 404 for an unknown station to act on or fault id', async () => {
    expect((await call('GET', '/control/faults/f999')).status).toBe(404);
    expect((await call('POST', '/control/stations/S9-CP1/plug', {})).status).toBe(404);
  });
});

describe('a driver and a site engineer through the control API', () => {
  it('plugs in, starts with a token, stops and unplugs, refusing what the state forbids', async () => {
    const plugged = await call('POST', '/control/stations/S1-CP2/plug', { connector: 1 });
    expect(plugged.status).toBe(200);
    expect((plugged.body.connectors as { status: string }[])[0]?.status).toBe('Preparing');
    expect((await call('POST', '/control/stations/S1-CP2/plug', { connector: 1 })).status).toBe(409);

    const started = await call('POST', '/control/stations/S1-CP2/start', { connector: 1, token: 'DRIVER-0042' });
    expect(started.status).toBe(200);
    expect(started.body.result).toMatchObject({ status: 'Charging', token: 'DRIVER-0042' });
    expect(typeof (started.body.result as { transactionId?: unknown }).transactionId).toBe('string');

    const stopped = await call('POST', '/control/stations/S1-CP2/stop', { connector: 1 });
    expect((stopped.body.connectors as { status: string }[])[0]?.status).toBe('Finishing');
    expect((await call('POST', '/control/stations/S1-CP2/stop', { connector: 1 })).status).toBe(409);
    await until(() => csms.store.messagesFor('S1-CP2').some((m) => m.action === 'StopTransaction' && (m.payload as { reason?: string }).reason === 'Local'), 5_000);

    const unplugged = await call('POST', '/control/stations/S1-CP2/unplug', { connector: 1 });
    expect((unplugged.body.connectors as { status: string }[])[0]?.status).toBe('Available');
    expect((await call('POST', '/control/stations/S1-CP2/unplug', { connector: 1 })).status).toBe(409);
  });

  it('reports a token the CSMS refuses as a refusal', async () => {
    const refused = await call('POST', '/control/stations/S1-CP2/start', { connector: 2, token: 'BLOCKED-0001' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toContain('Authorize Blocked');
  });

  it('takes a station offline and back, and power-cycles it', async () => {
    const offline = await call('POST', '/control/stations/S1-CP1/offline');
    expect(offline.body).toMatchObject({ link: 'idle', offlineByControl: true });
    expect((await call('POST', '/control/stations/S1-CP1/offline')).status).toBe(409);
    await call('POST', '/control/stations/S1-CP1/online');
    await until(() => fleet.stations.get('S1-CP1')?.transport.state === 'open', 5_000);
    expect((await call('POST', '/control/stations/S1-CP1/online')).status).toBe(409);

    const bootsBefore = csms.store.messagesFor('S1-CP1').filter((m) => m.action === 'BootNotification' && m.direction === 'in' && m.messageType === 2).length;
    expect((await call('POST', '/control/stations/S1-CP1/power-cycle')).status).toBe(200);
    await until(() => csms.store.messagesFor('S1-CP1').filter((m) => m.action === 'BootNotification' && m.direction === 'in' && m.messageType === 2).length === bootsBefore + 1, 5_000);
  });

  it('names the fault that holds a station offline instead of reconnecting it', async () => {
    const fault = await call('POST', '/control/faults', { kind: 'connection-loss', station: 'S1-CP2', params: { recovers: false } });
    expect(fault.status).toBe(201);
    const online = await call('POST', '/control/stations/S1-CP2/online');
    expect(online.status).toBe(409);
    expect(online.body.error).toContain(`${fault.body.id as string} (connection-loss)`);
    await call('DELETE', `/control/faults/${fault.body.id as string}`);
  });
});

describe('access', () => {
  it('requires the token as a Bearer header when bound off loopback, generating one when none is given', async () => {
    const clock = new ScaledClock({ timeScale: 1 });
    const open = await startControlServer({ fleet, clock, port: 0, host: '0.0.0.0' });
    try {
      expect(open.tokenGenerated).toBe(true);
      const base = `http://127.0.0.1:${open.port}`;
      expect((await call('GET', '/control/health', undefined, {}, base)).status).toBe(401);
      expect((await call('GET', '/control/health', undefined, { authorization: 'Bearer wrong-token' }, base)).status).toBe(401);
      const ok = await call('GET', '/control/health', undefined, { authorization: `Bearer ${open.token as string}` }, base);
      expect(ok.status).toBe(200);
      expect(ok.body.stations).toBe(2);
    } finally {
      await open.close();
    }
  });

  it('checks a token given on loopback too', async () => {
    const clock = new ScaledClock({ timeScale: 1 });
    const guarded = await startControlServer({ fleet, clock, port: 0, token: 'trainer-secret-1' });
    try {
      expect(guarded.tokenGenerated).toBe(false);
      expect((await call('GET', '/control/faults', undefined, {}, guarded.url)).status).toBe(401);
      expect((await call('GET', '/control/faults', undefined, { authorization: 'Bearer trainer-secret-1' }, guarded.url)).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});
