/**
 * Connection failures on both exporters: stations refused at the handshake (HTTP 401, not on the allow list)
 * and stations with nothing listening at their URL (ECONNREFUSED). Each failed attempt is counted once, by
 * reason, as the stations' own transports reported it; the CSMS counts the handshakes it refused.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { attachFleet, createLoadMetrics, type LoadMetrics } from '../../../harness/load/prometheus.js';
import { CsmsMetrics } from '../../../harness/metrics/csms-metrics.js';
import { serveMetrics, type MetricsServer } from '../../../harness/metrics/exposition-server.js';
import { startReferenceCsms } from '../../../harness/reference-csms.js';
import { ScaledClock } from '../../../simulator/clock.js';
import { Fleet } from '../../../simulator/fleet/fleet.js';
import type { VirtualStation } from '../../../simulator/station/station.js';
import { scrape, sumBy, valueOf } from '../../support/prom-text.js';
import { until } from '../../support/until.js';

const FAST_RETRY = { reconnectBaseMs: 20, reconnectMaxMs: 100 };
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** A fleet fed into fresh load metrics, counting its stations' failed attempts independently. */
async function observedFleet(csmsUrl: string, stations: number): Promise<{ fleet: Fleet; load: LoadMetrics; failures: { count: number; statuses: (number | undefined)[] } }> {
  const load = await createLoadMetrics({ port: 0 });
  const fleet = new Fleet({ csmsUrl, clock: new ScaledClock(), stations, sites: 1, protocol: 'ocpp1.6', seed: 3, rampPerS: 100, transport: FAST_RETRY });
  const failures = { count: 0, statuses: [] as (number | undefined)[] };
  fleet.on('stationStarted', (_id: string, station: VirtualStation) =>
    station.transport.on('connectFailed', (f) => {
      failures.count++;
      failures.statuses.push(f.statusCode);
    }),
  );
  const detach = attachFleet(fleet, load);
  cleanup.push(() => load.close(), () => fleet.stop(), detach);
  return { fleet, load, failures };
}

describe('connection failures', () => {
  it('counts handshakes the CSMS refused as http-401 on the load side and as refused on the CSMS side', async () => {
    const { csms } = await startReferenceCsms({ allowList: ['S1-CP1'] });
    const metrics = new CsmsMetrics({ processMetrics: false });
    metrics.attach(csms);
    const server: MetricsServer = await serveMetrics(metrics.registry, { port: 0 });
    cleanup.push(() => csms.close(), () => server.close());

    const { fleet, load, failures } = await observedFleet(csms.ocppUrl, 3);
    const booted = new Promise<void>((resolve) => fleet.on('booted', () => resolve()));
    await fleet.start();
    await booted;
    await until(() => failures.count >= 6, 15_000);
    await fleet.stop();

    expect(new Set(failures.statuses)).toEqual(new Set([401]));
    const loadScrape = await scrape(load.url);
    expect(sumBy(loadScrape, 'chargedrill_load_connection_attempts_total', 'reason', { outcome: 'failed' })).toEqual({ 'http-401': failures.count });
    expect(valueOf(loadScrape, 'chargedrill_load_connection_attempts_total', { outcome: 'opened' })).toBe(1);
    expect(sumBy(loadScrape, 'chargedrill_load_stations', 'state')).toEqual({ target: 3, connected: 0, booted: 1 });
    const csmsScrape = await scrape(server.url);
    // The CSMS refuses before the station hears it: each refused station may have had one attempt in flight at the stop.
    const refused = valueOf(csmsScrape, 'chargedrill_csms_connections_refused_total');
    expect(refused).toBeGreaterThanOrEqual(failures.count);
    expect(refused).toBeLessThanOrEqual(failures.count + 2);
    expect(valueOf(csmsScrape, 'chargedrill_csms_connections_total')).toBe(1);
    // processMetrics: false leaves them out.
    expect(csmsScrape.samples.some((s) => s.name.startsWith('process_'))).toBe(false);
  });

  it('counts attempts to a port where nothing listens as refused', async () => {
    const port = await freePort();
    const { fleet, load, failures } = await observedFleet(`ws://127.0.0.1:${port}/ocpp`, 2);
    await fleet.start();
    await until(() => failures.count >= 4, 15_000);
    await fleet.stop();

    const loadScrape = await scrape(load.url);
    expect(sumBy(loadScrape, 'chargedrill_load_connection_attempts_total', 'reason')).toEqual({ refused: failures.count });
    expect(valueOf(loadScrape, 'chargedrill_load_stations', { state: 'connected' })).toBe(0);
  });
});

/** A port that was free a moment ago (listened on, then closed). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
