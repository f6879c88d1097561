/** A profile-3 fleet boots in full; a 2.0.1 station reports an untrusted CSMS certificate once it is back; SSE carries security events. */
import { request } from 'node:https';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Csms } from '../../../harness/csms/server.js';
import type { SecurityEvent } from '../../../harness/csms/security/event-log.js';
import { embeddedCsmsSecurity, stationTransports } from '../../../harness/security/fleet-security.js';
import { ScaledClock } from '../../../simulator/clock.js';
import { Fleet } from '../../../simulator/fleet/fleet.js';
import { planFleet } from '../../../simulator/fleet/plan.js';
import { VirtualStation } from '../../../simulator/station/station.js';
import type { ConnectFailure } from '../../../simulator/transport/types.js';
import type { CertSet } from './helpers.js';
import { getJson, IDS, makeCerts, removeCerts, SITES, startCsms, STATIONS, tlsOf, transport, closeTransports } from './helpers.js';

let ours: CertSet;
let foreign: CertSet;
let csms: Csms | undefined;
let fleet: Fleet | undefined;
let station: VirtualStation | undefined;

beforeAll(async () => {
  [ours, foreign] = await Promise.all([makeCerts(IDS), makeCerts(IDS.slice(0, 1), 'someone-else')]);
});
afterAll(() => {
  removeCerts(ours);
  removeCerts(foreign);
});
afterEach(async () => {
  await fleet?.stop();
  await station?.stop();
  await closeTransports();
  await csms?.close();
  fleet = station = csms = undefined;
});

describe('a profile-3 fleet', () => {
  it(`boots all ${STATIONS} stations, each with its own certificate, and refuses none`, async () => {
    const security = { profile: 3 as const, certsDir: ours.dir };
    csms = await startCsms(await embeddedCsmsSecurity(security));
    const plan = planFleet({ stations: STATIONS, sites: SITES, protocol: 'mix', seed: 7 });
    const transportFor = await stationTransports(security, plan);
    expect(transportFor(plan[0]!)?.tls?.cert).toBe(ours.station(plan[0]!.id).cert);
    fleet = new Fleet({ csmsUrl: csms.ocppUrl, clock: new ScaledClock(), stations: STATIONS, sites: SITES, protocol: 'mix', seed: 7, rampPerS: 200, transportFor });
    const booted = fleet.waitForBoot(20_000);
    await fleet.start();
    expect(await booted).toBe(true);
    expect(fleet.metrics.bootedCount).toBe(STATIONS);
    expect(csms.stations().filter((s) => s.connected)).toHaveLength(STATIONS);
    expect(csms.securityEvents.list()).toEqual([]);
    const profiles = [...fleet.stations.values()].map((s) => s.config.get('SecurityCtrlr.SecurityProfile')?.value);
    expect(new Set(profiles)).toEqual(new Set(['3']));
  });

  it('tells which station certificate is missing before anything starts', async () => {
    const plan = planFleet({ stations: STATIONS + 1, sites: SITES, protocol: 'ocpp1.6', seed: 1 });
    await expect(stationTransports({ profile: 3, certsDir: ours.dir }, plan)).rejects.toThrow(/cannot read the certificate of station S\d+-CP\d+ at .*ENOENT/);
  });
});

describe('a station that cannot verify the CSMS certificate', () => {
  it.each(['ocpp2.0.1', 'ocpp1.6'] as const)('%s: fails at TLS while the CSMS shows a foreign certificate, then reports InvalidCsmsCertificate once a trusted CSMS answers', async (protocol) => {
    const [id] = IDS as [string];
    // First a CSMS whose certificate our CA did not sign.
    csms = await startCsms({ profile: 3, tls: { ...tlsOf(foreign)!, ca: ours.generated.ca.cert } });
    const port = csms.port;
    station = new VirtualStation({
      id,
      siteId: 'S1',
      protocol,
      csmsUrl: csms.ocppUrl,
      clock: new ScaledClock(),
      transport: { tls: { ca: ours.generated.ca.cert, ...ours.station(id) }, reconnectBaseMs: 50, reconnectMaxMs: 100 },
    });
    const failed = new Promise<ConnectFailure>((resolve) => station!.once('connectFailed', resolve));
    void station.start();
    const failure = await failed;
    expect(failure.kind).toBe('tls');
    await csms.close();
    // Then the right one, on the same port, where the station keeps retrying.
    csms = await startCsms({ profile: 3, tls: tlsOf(ours) }, { port });
    const reported = csms.once('security-event', (e) => e.source === 'station');
    const event = await reported;
    expect(event).toMatchObject({ stationId: id, source: 'station', kind: 'InvalidCsmsCertificate' });
    expect(event.reason).toMatch(/^TLS: /);
    expect(csms.securityEvents.list({ stationId: id })).toMatchObject([{ kind: 'InvalidCsmsCertificate' }]);
    // Sent once: the station does not repeat it on the next reconnect.
    station.transport.drop();
    await csms.once('connect');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(csms.securityEvents.list({ stationId: id })).toHaveLength(1);
  });
});

describe('the security events API', () => {
  it('filters by station, limits to the newest, refuses a bad limit, and streams security-event on SSE', async () => {
    csms = await startCsms({ profile: 3, tls: tlsOf(ours) });
    const ca = ours.generated.ca.cert;
    const streamed = sseEvents(`${csms.url}/api/events?types=security-event`, ca, 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const [a, b] = IDS as [string, string];
    for (const id of [a, b]) {
      const t = transport(csms, id, 'ocpp1.6', { tls: { ca } });
      await new Promise((resolve) => {
        t.on('connectFailed', resolve);
        t.connect().catch(() => {});
      });
      await t.close();
    }
    expect(((await getJson(`${csms.url}/api/security-events?stationId=${b}`, ca)) as SecurityEvent[]).map((e) => e.stationId)).toEqual([b]);
    expect(((await getJson(`${csms.url}/api/security-events?limit=1`, ca)) as SecurityEvent[]).map((e) => e.stationId)).toEqual([b]);
    expect(await getJson(`${csms.url}/api/security-events?limit=0`, ca)).toMatchObject({ error: expect.stringMatching(/limit must be/) });
    expect((await streamed).map((e) => e.stationId)).toEqual([a, b]);
  });
});

/** Reads `count` events from an SSE stream over HTTPS. */
function sseEvents(url: string, ca: string, count: number): Promise<SecurityEvent[]> {
  return new Promise((resolve, reject) => {
    const events: SecurityEvent[] = [];
    const req = request(url, { ca }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (block.includes('event: security-event') && data) events.push(JSON.parse(data.slice(6)) as SecurityEvent);
          if (events.length === count) {
            req.destroy();
            resolve(events);
          }
        }
      });
    });
    req.on('error', (error) => {
      if (events.length < count) reject(error);
    });
    req.end();
  });
}
