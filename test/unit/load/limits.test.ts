/** The machine's limits said before a load run connects: each limit refuses past it and accepts within it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BYTES_PER_STATION, checkLimits, FILE_RESERVE, type LimitInputs, type LimitPlan } from '../../../harness/load/limits.js';
import { parsePortRange, parseProcLimits } from '../../../harness/load/limits-probe.js';
import { preflight } from '../../../harness/load/preflight.js';
import { firstLocalPortOf, portGroups, sourceAddressOf, urlOf, withSourceAddress, type Routing } from '../../../harness/load/routes.js';

const MiB = 1_048_576;
const roomy = { memory: { freeBytes: 64_000 * MiB, heapLimitBytes: 32_000 * MiB, heapUsedBytes: 0 } };
const plan = (stations: number, more: Partial<LimitPlan> = {}): LimitPlan => ({ stations, portGroups: [{ to: '127.0.0.1:9000', connections: stations }], ...more });
const files = (soft: number, hard = soft): LimitInputs => ({ openFiles: { soft, hard }, ...roomy });

describe('open files', () => {
  it('refuses stations past the soft limit less the reserve, naming the numbers and --processes', () => {
    expect(FILE_RESERVE).toBe(64);
    expect(checkLimits(plan(25_000), files(20_000))).toBe(
      '25,000 stations need 25,064 open files (a socket each, 64 for the process); this process may open 20,000 (the hard limit, ulimit -Hn: Node raises its soft limit to it): use --processes 2 or raise the hard limit',
    );
    expect(checkLimits(plan(19_937), files(20_000))).toMatch(/^19,937 stations need 20,001 open files/);
  });

  it('accepts a plan that fits, the reserve included', () => {
    expect(checkLimits(plan(19_936), files(20_000))).toBeUndefined();
    expect(checkLimits(plan(19_936), { openFiles: { soft: Number.POSITIVE_INFINITY, hard: Number.POSITIVE_INFINITY }, ...roomy })).toBeUndefined();
  });

  it('compares with the hard limit, which Node raises its soft limit to: a short soft limit alone is no problem', () => {
    expect(checkLimits(plan(5_000), files(1_024, 20_000))).toBeUndefined();
    expect(checkLimits(plan(25_000), files(1_024, 20_000))).toBe(
      '25,000 stations need 25,064 open files (a socket each, 64 for the process); this process may open 20,000 (the hard limit, ulimit -Hn: Node raises its soft limit to it): use --processes 2 or raise the hard limit',
    );
  });

  it('checks each process\'s share when the fleet is spread over processes', () => {
    expect(checkLimits(plan(39_872, { processes: 2 }), files(20_000))).toBeUndefined();
    expect(checkLimits(plan(50_000, { processes: 2 }), files(20_000))).toBe(
      '50,000 stations in 2 processes (25,000 each) need 25,064 open files (a socket each, 64 for the process); each process may open 20,000 (the hard limit, ulimit -Hn: Node raises its soft limit to it): use --processes 3 or raise the hard limit',
    );
  });

  it('counts two sockets a station with the bundled CSMS in this process, and the bundled CSMS child on its own', () => {
    expect(checkLimits(plan(10_000, { bundledCsms: 'in-process' }), files(20_000))).toBe(
      '10,000 stations need 20,064 open files (two sockets each with the CSMS in this process, 64 for the process); this process may open 20,000 (the hard limit, ulimit -Hn: Node raises its soft limit to it): use --processes 2 or raise the hard limit',
    );
    expect(checkLimits(plan(10_000, { bundledCsms: 'child-process' }), files(20_000))).toBeUndefined();
    expect(checkLimits(plan(30_000, { processes: 2, bundledCsms: 'child-process' }), files(20_000))).toBe(
      'the bundled CSMS would hold 30,000 connections and need 30,064 open files; its process may open 20,000 (the hard limit, ulimit -Hn: Node raises its soft limit to it): raise the hard limit, or point --url at a CSMS that can take them',
    );
  });
});

describe('ephemeral ports', () => {
  const range = { portRange: { low: 32_768, high: 60_999 }, ...roomy };

  it('refuses more connections to one destination from one source address than the range holds, suggesting addresses', () => {
    const hint = (count: number) => `127.0.0.2-127.0.0.${count + 1}`;
    expect(checkLimits(plan(30_000, { sourceAddressHint: hint }), range)).toBe(
      '30,000 connections to 127.0.0.1:9000 from one source address exceed 28,232 ephemeral ports (net.ipv4.ip_local_port_range 32768-60999): use --source-addresses 127.0.0.2-127.0.0.3 or widen the range',
    );
    expect(checkLimits(plan(28_232), range)).toBeUndefined();
  });

  it('counts a bound source address for every target, and accepts connections spread over enough of them', () => {
    const bound = { stations: 60_000, portGroups: [{ from: '127.0.0.2', connections: 30_000 }, { from: '127.0.0.3', connections: 30_000 }] };
    expect(checkLimits(bound, range)).toBe(
      "30,000 connections from 127.0.0.2 exceed its 28,232 ephemeral ports (net.ipv4.ip_local_port_range 32768-60999; a bound source address has one pool for every target): use --source-addresses with 3 or more of this machine's addresses or widen the range",
    );
    expect(checkLimits({ stations: 60_000, portGroups: [0, 1, 2].map((i) => ({ from: `127.0.0.${i + 2}`, connections: 20_000 })) }, range)).toBeUndefined();
  });
});

describe('memory', () => {
  it('refuses stations past the heap room at the measured bytes per station, and past the free memory', () => {
    expect(BYTES_PER_STATION).toBe(11_366);
    const heap = { memory: { freeBytes: 64_000 * MiB, heapLimitBytes: 150 * MiB, heapUsedBytes: 50 * MiB } };
    expect(checkLimits(plan(10_000), heap)).toBe(
      '10,000 stations need about 108 MiB of heap (11.1 KiB each, docs/performance.md); this process has 100 MiB left (heap limit 150 MiB): use --processes 2 or raise the limit (NODE_OPTIONS=--max-old-space-size=<MiB>)',
    );
    expect(checkLimits(plan(9_000), heap)).toBeUndefined();
    const free = { memory: { freeBytes: 200 * MiB, heapLimitBytes: 4_000 * MiB, heapUsedBytes: 0 } };
    expect(checkLimits(plan(20_000), free)).toBe(
      '20,000 stations need about 217 MiB of memory (11.1 KiB each, docs/performance.md); the machine has 200 MiB free (os.freemem): free memory or spread the fleet over machines (--shard, --shards)',
    );
    expect(checkLimits(plan(18_000), free)).toBeUndefined();
  });

  it('leaves a limit it was not given unchecked', () => {
    expect(checkLimits(plan(1_000_000), {})).toBeUndefined();
  });
});

describe('reading the limits', () => {
  it('reads soft and hard open files from /proc/self/limits, "unlimited" as Infinity, and the port range', () => {
    const proc = 'Limit                     Soft Limit           Hard Limit           Units     \nMax open files            1024                 20000                files     \n';
    expect(parseProcLimits(proc)).toEqual({ soft: 1_024, hard: 20_000 });
    expect(parseProcLimits('Max open files            unlimited            unlimited            files')).toEqual({ soft: Infinity, hard: Infinity });
    expect(parseProcLimits('Max processes 10 10')).toBeUndefined();
    expect(parsePortRange('32768\t60999\n')).toEqual({ low: 32_768, high: 60_999 });
    expect(parsePortRange('60999 32768')).toBeUndefined();
  });
});

describe('routing', () => {
  const routing = (urlStrategy: Routing['urlStrategy'], sourceAddresses: string[] = []): Routing => ({ urls: ['ws://a:1/ocpp', 'ws://b:2/ocpp', 'ws://b:2/other'], urlStrategy, sourceAddresses, sites: 4 });

  it('deals URLs round-robin by index, or by site so a site\'s stations share one', () => {
    expect([0, 1, 2, 3, 4].map((i) => urlOf(routing('round-robin'), i))).toEqual(['ws://a:1/ocpp', 'ws://b:2/ocpp', 'ws://b:2/other', 'ws://a:1/ocpp', 'ws://b:2/ocpp']);
    // Site of index i is i % 4 + 1: sites 1 and 4 go to the first URL, site 2 to the second, site 3 to the third.
    expect([0, 1, 2, 3, 4, 5, 7].map((i) => urlOf(routing('by-site'), i))).toEqual(['ws://a:1/ocpp', 'ws://b:2/ocpp', 'ws://b:2/other', 'ws://a:1/ocpp', 'ws://a:1/ocpp', 'ws://b:2/ocpp', 'ws://a:1/ocpp']);
  });

  it('counts unbound connections per destination host and port, bound ones per source address', () => {
    expect(portGroups(routing('round-robin'), 10)).toEqual([{ to: 'a:1', connections: 4 }, { to: 'b:2', connections: 6 }]);
    expect(portGroups(routing('round-robin', ['127.0.0.2', '127.0.0.3', '127.0.0.4']), 10)).toEqual([
      { from: '127.0.0.2', connections: 4 },
      { from: '127.0.0.3', connections: 3 },
      { from: '127.0.0.4', connections: 3 },
    ]);
  });

  it('gives every bound station its own first port from the bottom of the range, and none past its top', () => {
    const bound = routing('round-robin', ['127.0.0.2', '127.0.0.3']);
    const range = { low: 40_000, high: 40_002 };
    const firsts = [0, 1, 2, 3, 4, 5, 6].map((i) => [sourceAddressOf(bound, i), firstLocalPortOf(bound, i, range)]);
    expect(firsts).toEqual([
      ['127.0.0.2', 40_000],
      ['127.0.0.3', 40_000],
      ['127.0.0.2', 40_001],
      ['127.0.0.3', 40_001],
      ['127.0.0.2', 40_002],
      ['127.0.0.3', 40_002],
      ['127.0.0.2', undefined],
    ]);
    // Laid over the station's transport options; without a range, or without source addresses, no port is chosen.
    const planned = { index: 3 } as Parameters<NonNullable<ReturnType<typeof withSourceAddress>>>[0];
    expect(withSourceAddress(undefined, bound, range)?.(planned)).toEqual({ localAddress: '127.0.0.3', localPort: 40_001 });
    expect(withSourceAddress(undefined, bound)?.(planned)).toEqual({ localAddress: '127.0.0.3' });
    expect(withSourceAddress(undefined, routing('round-robin'), range)).toBeUndefined();
  });
});

describe('preflight', () => {
  const machine = { interfaces: ['127.0.0.1', '::1'], platform: 'linux' };
  const limits: LimitInputs = { openFiles: { soft: 100_000, hard: 100_000 }, portRange: { low: 32_768, high: 60_999 }, ...roomy };
  const resolve = async (host: string) => (host === 'localhost' ? '127.0.0.1' : host);

  it('suggests loopback source addresses for a loopback target, and accepts the run with them', async () => {
    const refused = await preflight({ url: 'ws://localhost:9000/ocpp', sites: 10, limits, machine, resolve }, 60_000);
    expect(refused.refused).toBe(
      '60,000 connections to localhost:9000 from one source address exceed 28,232 ephemeral ports (net.ipv4.ip_local_port_range 32768-60999): use --source-addresses 127.0.0.2-127.0.0.4 or widen the range',
    );
    const spread = await preflight({ url: 'ws://localhost:9000/ocpp', sourceAddresses: ['127.0.0.2', '127.0.0.3', '127.0.0.4'], sites: 10, limits, machine, resolve }, 60_000);
    expect(spread.refused).toBeUndefined();
    expect(spread.routing.sourceAddresses).toEqual(['127.0.0.2', '127.0.0.3', '127.0.0.4']);
  });

  it('names the bundled CSMS as the target without a URL, and refuses source addresses that cannot reach a target', async () => {
    const bundled = await preflight({ sites: 10, limits, machine, resolve }, 30_000);
    expect(bundled.refused).toMatch(/^30,000 connections to the bundled CSMS \(127\.0\.0\.1\) from one source address exceed 28,232/);
    const remote = await preflight({ urls: ['ws://127.0.0.1:9000/ocpp', 'ws://198.51.100.7:9000/ocpp'], sourceAddresses: ['127.0.0.2'], sites: 1, limits, machine, resolve }, 10);
    expect(remote.refused).toBe(
      "--source-addresses: 127.0.0.2 is a loopback address and cannot reach ws://198.51.100.7:9000/ocpp (198.51.100.7, not on this machine): give addresses of this machine's network interfaces",
    );
    const unresolved = await preflight({ url: 'ws://nowhere.invalid/ocpp', sourceAddresses: ['127.0.0.2'], sites: 1, limits, machine, resolve: () => Promise.reject(new Error('ENOTFOUND')) }, 10);
    expect(unresolved.refused).toBe('--url ws://nowhere.invalid/ocpp: cannot resolve nowhere.invalid (ENOTFOUND) to check --source-addresses against it');
  });
});

describe('docs/load.md', () => {
  it('shows the refusals of the open-file and port limits as the checks word them', () => {
    const doc = readFileSync(new URL('../../../docs/load.md', import.meta.url), 'utf8');
    const hint = (count: number) => `127.0.0.2-127.0.0.${count + 1}`;
    const lines = [
      checkLimits(plan(25_000), files(20_000)),
      checkLimits(plan(30_000, { sourceAddressHint: hint }), { portRange: { low: 32_768, high: 60_999 }, ...roomy }),
    ];
    for (const line of lines) expect(doc).toContain(`\`${line as string}\``);
  });
});
