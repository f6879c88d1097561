/**
 * Past one address's ports and one target: a load run connecting its stations from several loopback source
 * addresses, and over two CSMS URLs by site, on real sockets. Every station keeps its address and URL when
 * it reconnects (a reconnect storm drops all of them once).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runLoad, type LoadOptions } from '../../../harness/load/engine.js';
import type { StageSpec } from '../../../harness/load/result.js';
import { parseStationId } from '../../../simulator/vocabulary/site.js';
import { startMiniCsms, type MiniCsms } from './mini-csms.js';

const servers: MiniCsms[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function mini(): Promise<MiniCsms> {
  const server = await startMiniCsms();
  servers.push(server);
  return server;
}

/** Up, steady, then every station dropped once and back (the drops are the run's own: the run still passes). */
function stages(stations: number): StageSpec[] {
  return [
    { name: 'up', durationMs: 300, target: stations, sessionsPerHour: 0 },
    { name: 'steady', durationMs: 300, target: stations, sessionsPerHour: 0 },
    { name: 'blip', durationMs: 1_500, target: stations, sessionsPerHour: 0, disconnect: { share: 1, offlineMs: 300, spreadMs: 100 } },
  ];
}

function options(stations: number, sites: number, more: Partial<LoadOptions>): LoadOptions {
  return {
    sites,
    protocol: 'ocpp1.6',
    seed: 5,
    timeScale: 1,
    stages: stages(stations),
    bootTimeoutMs: 10_000,
    stopGraceMs: 200,
    transport: { reconnectBaseMs: 50, reconnectMaxMs: 200 },
    ...more,
  };
}

/** Plan index of a station id: stations are dealt to sites in turn. */
function indexOf(station: string, sites: number): number {
  const { site, n } = parseStationId(station) as { site: number; n: number };
  return (n - 1) * sites + (site - 1);
}

describe('a load run over several source addresses and URLs', () => {
  it('connects from 127.0.0.2 and 127.0.0.3 round-robin by station index, and reconnects from the same address', async () => {
    const csms = await mini();
    const result = await runLoad(options(36, 3, { url: csms.url, sourceAddresses: ['127.0.0.2', '127.0.0.3'] }));
    expect(result.verdict, result.failures.join('; ')).toBe('passed');
    expect(result.parameters.sourceAddresses).toEqual(['127.0.0.2', '127.0.0.3']);
    expect(new Set(csms.connections.map((c) => c.remoteAddress))).toEqual(new Set(['127.0.0.2', '127.0.0.3']));
    // Each of the 36 connected twice (the drop), always from the address of its index.
    expect(csms.connections).toHaveLength(72);
    for (const { station, remoteAddress } of csms.connections) {
      expect(remoteAddress, station).toBe(indexOf(station, 3) % 2 === 0 ? '127.0.0.2' : '127.0.0.3');
    }
  }, 30_000);

  it('deals stations to two CSMS URLs by site: a site\'s stations all reach the same one, before and after reconnecting', async () => {
    const [a, b] = [await mini(), await mini()];
    const result = await runLoad(options(24, 4, { urls: [a.url, b.url], urlStrategy: 'by-site' }));
    expect(result.verdict, result.failures.join('; ')).toBe('passed');
    expect(result.parameters).toMatchObject({ url: a.url, urls: [a.url, b.url], urlStrategy: 'by-site' });
    const sitesOf = (csms: MiniCsms) => new Set(csms.connections.map((c) => parseStationId(c.station)?.site));
    expect(sitesOf(a)).toEqual(new Set([1, 3]));
    expect(sitesOf(b)).toEqual(new Set([2, 4]));
    expect(a.connections).toHaveLength(24);
    expect(b.connections).toHaveLength(24);
    expect(new Set(a.connections.map((c) => c.station)).size).toBe(12);
    expect(result.boots.accepted).toBe(24);
  }, 30_000);
});
