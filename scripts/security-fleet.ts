/**
 * The profile-3 proof at scale: certificates for `--stations` stations (a fresh key each), a bundled CSMS on
 * TLS that checks every client certificate, the fleet booting over wss, then one station presenting another
 * station's certificate, which must be refused with 403 and recorded. Prints the figures as JSON; exits 1 if
 * a station did not boot, a security event was recorded for a good station, or the bad one got in.
 *
 *   npm run security-fleet -- [--stations 1000] [--ramp 200] [--protocol mix]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { positiveInt, positiveNumber } from '../harness/cli/usage.js';
import { Csms } from '../harness/csms/server.js';
import { generateCertificates, writeCertificates } from '../harness/security/certs.js';
import { embeddedCsmsSecurity, stationTransports } from '../harness/security/fleet-security.js';
import { ScaledClock } from '../simulator/clock.js';
import { Fleet } from '../simulator/fleet/fleet.js';
import { planFleet, type ProtocolChoice } from '../simulator/fleet/plan.js';
import { createTransport } from '../simulator/transport/ws-client.js';
import type { ConnectFailure } from '../simulator/transport/types.js';

const { values } = parseArgs({
  options: { stations: { type: 'string', default: '1000' }, ramp: { type: 'string', default: '200' }, protocol: { type: 'string', default: 'mix' } },
});
const stations = positiveInt('stations', values.stations, 19_000);
const rampPerS = positiveNumber('ramp', values.ramp);
const protocol = values.protocol as ProtocolChoice;
const sites = Math.max(1, Math.floor(stations / 10));
const dir = mkdtempSync(join(tmpdir(), 'chargedrill-security-fleet-'));
const plan = planFleet({ stations, sites, protocol, seed: 1 });

try {
  const certOptions = { stationIds: plan.map((s) => s.id), hosts: ['127.0.0.1', 'localhost'], days: 1, operator: 'chargedrill' };
  let began = performance.now();
  const generated = await generateCertificates(certOptions);
  const certsGeneratedMs = performance.now() - began;
  await writeCertificates(dir, generated, certOptions);

  const security = { profile: 3 as const, certsDir: dir };
  const csms = await Csms.start({ security: await embeddedCsmsSecurity(security) });
  const transportFor = await stationTransports(security, plan);
  const fleet = new Fleet({ csmsUrl: csms.ocppUrl, clock: new ScaledClock(), stations, sites, protocol, seed: 1, rampPerS, transportFor });
  began = performance.now();
  const allBooted = fleet.waitForBoot(Math.max(60_000, (stations / rampPerS) * 4_000));
  await fleet.start();
  const booted = await allBooted;
  const bootAllMs = performance.now() - began;
  const eventsForGoodStations = csms.securityEvents.list().length;

  // A station presenting another station's certificate.
  const [first, second] = plan as [(typeof plan)[0], (typeof plan)[0]];
  const impostor = createTransport({
    url: `${csms.ocppUrl}/${first.id}`,
    protocol: 'ocpp2.0.1',
    tls: { ca: generated.ca.cert, ...generated.stations.get(second.id) },
  });
  const refusal = await new Promise<ConnectFailure | 'open'>((resolve) => {
    impostor.on('connectFailed', resolve);
    impostor.connect().then(() => resolve('open'), () => {});
  });
  await impostor.close();
  const recorded = csms.securityEvents.list({ stationId: first.id });

  await fleet.stop();
  await csms.close();
  const summary = {
    stations,
    protocol,
    certsGeneratedMs: Math.round(certsGeneratedMs),
    rampPerS,
    booted: fleet.metrics.bootedCount,
    bootAllMs: booted ? Math.round(bootAllMs) : undefined,
    securityEventsDuringBoot: eventsForGoodStations,
    impostor: refusal === 'open' ? 'ACCEPTED' : { statusCode: refusal.statusCode, reason: refusal.reason, recorded: recorded.map((e) => e.reason) },
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  if (!booted || eventsForGoodStations > 0 || refusal === 'open' || refusal.statusCode !== 403 || recorded.length !== 1) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
