/**
 * `chargedrill csms --workers 3` as a user runs it (the built CLI, a real child process), with a small fleet of
 * real virtual stations: every station in one API, each site on one worker, one event stream from all workers,
 * commands and issues across workers, a worker killed with SIGKILL restarted with its stations back.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claimWorkerCount } from '../../harness/csms-cluster/cluster-db.js';
import { parseSseBlocks } from '../../harness/csms-cluster/event-fan-in.js';
import { workerOfStation } from '../../harness/csms-cluster/site-owner.js';
import { ScaledClock } from '../../simulator/clock.js';
import { faultParams, injectFault } from '../../simulator/faults/registry.js';
import { Fleet } from '../../simulator/fleet/fleet.js';
import { siteOfStation } from '../../simulator/vocabulary/site.js';
import { interrupt, runCli, startCli } from './cli-helpers.js';

const TIME_SCALE = 120;
const WORKERS = 3;
const LISTENING = /listening on (http:\/\/\S+) \(OCPP at (ws:\/\/\S+)\/<stationId>.*; 3 worker processes\)/;

interface Station {
  id: string;
  connected: boolean;
  protocol: string;
  worker: number;
}
interface Health {
  stations: number;
  connected: number;
  workers: { worker: number; pid: number; ready: boolean; restarts: number; stations: number; connected: number }[];
}
interface StreamEvent {
  id: number;
  type: string;
  worker: number;
  stationId?: string;
}

let cli: ChildProcess | undefined;
let fleet: Fleet | undefined;
let dir: string | undefined;
let stream: AbortController | undefined;
afterEach(async () => {
  stream?.abort();
  await fleet?.stop();
  cli?.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
  cli = fleet = dir = stream = undefined;
});

async function json<T>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(url, init);
  return { status: res.status, body: (await res.json()) as T };
}

/** Polls an async check every 50 ms until it holds. */
async function eventually(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Reads the merged event stream into `into` until aborted. */
async function follow(url: string, into: StreamEvent[]): Promise<void> {
  stream = new AbortController();
  const res = await fetch(`${url}/api/events`, { signal: stream.signal });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    let rest = '';
    let lastId = 0;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        // The SSE id is the primary's own count: it goes up across every worker's events.
        rest = parseSseBlocks(rest + decoder.decode(value, { stream: true }), (type, data) => into.push({ ...(JSON.parse(data) as StreamEvent), type, id: ++lastId }));
      }
    } catch {
      // Aborted at the end of the test.
    }
  })();
}

/** Writes raw bytes to the primary's port and resolves with the first line it answers. */
function rawAnswer(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    let text = '';
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    // The server may close while the rest of an oversized head is still being written: a reset, then 'close'.
    socket.on('error', () => {});
    socket.on('close', () => resolve(text.split('\r\n')[0] as string));
  });
}

describe('chargedrill csms --workers', () => {
  it.each([
    [['--workers', '0'], /^chargedrill: --workers must be a whole number from 1 to 64, got "0" \(see chargedrill --help\)\n$/],
    [['--workers', 'x'], /^chargedrill: --workers must be a whole number from 1 to 64, got "x" \(see chargedrill --help\)\n$/],
    [['--workers', '2', '--security-profile', '2', '--tls-cert', 'c.pem', '--tls-key', 'k.pem'], /^chargedrill: --workers 2 cannot serve TLS \(security profiles 2 and 3, --tls-cert\): .*use --workers 1 \(see/],
  ])('refuses %j with one line and exit code 2', async (args, message) => {
    const result = await runCli(['csms', '--db', ':memory:', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('refuses a --db written with another worker count, naming the count it was written with', async () => {
    dir = mkdtempSync(join(tmpdir(), 'chargedrill-workers-'));
    const db = join(dir, 'csms.db');
    claimWorkerCount(db, 3);
    const result = await runCli(['csms', '--workers', '2', '--port', '0', '--db', db]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`chargedrill: --db ${db} was written by 3 CSMS workers, each site's stations in its worker's file: start with --workers 3, or give a new --db (see chargedrill --help)\n`);
  });

  it('serves a fleet from 3 processes on one port: one API, one event stream, sites kept together, a killed worker restarted', async () => {
    dir = mkdtempSync(join(tmpdir(), 'chargedrill-workers-'));
    const started = await startCli(
      ['csms', '--workers', String(WORKERS), '--port', '0', '--db', join(dir, 'csms.db'), '--time-scale', String(TIME_SCALE), '--heartbeat-interval', '60s', '--log-level', 'error', '--metrics-port', '0'],
      LISTENING,
    );
    cli = started.child;
    const url = started.match[1] as string;
    const ocppUrl = started.match[2] as string;
    const events: StreamEvent[] = [];
    await follow(url, events);

    // The primary reads request heads itself: an oversized one is refused and closed, an unknown upgrade path is a 404.
    expect(await rawAnswer(url, `GET /ocpp/S1-CP1 HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(await rawAnswer(url, 'GET /elsewhere HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n')).toBe('HTTP/1.1 404 Not Found');

    // 5 sites of 2 stations: S1-S3 hash to worker 1, S4 to worker 2, S5 to worker 0.
    const clock = new ScaledClock({ timeScale: TIME_SCALE });
    fleet = new Fleet({ csmsUrl: ocppUrl, clock, stations: 10, sites: 5, protocol: 'mix', seed: 11, rampPerS: 200, transport: { reconnectBaseMs: 100, reconnectMaxMs: 400 } });
    await fleet.start();
    expect(await fleet.waitForBoot(20_000)).toBe(true);

    const { body: stations } = await json<Station[]>(`${url}/api/stations`);
    expect(stations.map((s) => s.id)).toEqual([...stations.map((s) => s.id)].sort());
    expect(stations).toHaveLength(10);
    for (const s of stations) expect(s.worker).toBe(workerOfStation(s.id, WORKERS));
    expect(new Set(stations.map((s) => s.worker))).toEqual(new Set([0, 1, 2]));
    const onWorker = (worker: number) => stations.filter((s) => s.worker === worker).map((s) => s.id);

    const { body: health } = await json<Health>(`${url}/api/health`);
    expect(health.stations).toBe(10);
    // One scrape counts every worker's stations (each worker's registry, aggregated by the primary).
    const metricsUrl = /metrics at (http:\/\/\S+) \(Prometheus\)/.exec(started.output())?.[1];
    // The metrics port is its own, on the loopback host the CSMS was started with.
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(metricsUrl?.startsWith(url)).toBe(false);
    const scrape = await (await fetch(metricsUrl as string)).text();
    const connected = [...scrape.matchAll(/^chargedrill_csms_connected_stations\{[^}]*\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(connected).toBe(10);
    expect(health.workers.map((w) => [w.worker, w.ready, w.stations])).toEqual([0, 1, 2].map((w) => [w, true, onWorker(w).length]));

    // Every worker's boots arrive on the one stream, tagged with their worker.
    await eventually(async () => new Set(events.filter((e) => e.type === 'boot').map((e) => e.worker)).size === WORKERS, 5_000, 'boots of every worker on the stream');
    for (const e of events.filter((ev) => ev.stationId !== undefined)) expect(e.worker).toBe(workerOfStation(e.stationId as string, WORKERS));

    // A command to a station on a worker other than the first is answered by that station.
    const commanded = onWorker(2)[0] as string;
    const answer = await json<{ status: string }>(`${url}/api/stations/${commanded}/commands/TriggerMessage`, { method: 'POST', body: JSON.stringify({ requestedMessage: 'Heartbeat' }) });
    expect(answer).toEqual({ status: 200, body: { status: 'Accepted' } });
    const detail = await json<Station>(`${url}/api/stations/${commanded}`);
    expect(detail.body.id).toBe(commanded);

    const indexOf = (id: string): number => {
      for (let i = 0; i < fleet!.size; i++) if (fleet!.stationAt(i)?.id === id) return i;
      throw new Error(`no station ${id} in the fleet`);
    };
    // A safety fault on worker 2's station, and an outage of site S1 (worker 1): both raised by their worker's desk.
    injectFault('ground-failure', { stations: [fleet.stationAt(indexOf(commanded))!], connectorId: 1 }, faultParams('ground-failure'), { clock });
    const outageSite = 'S1';
    expect(workerOfStation(`${outageSite}-CP1`, WORKERS)).toBe(1);
    const silenced = stations.filter((s) => siteOfStation(s.id) === outageSite).map((s) => s.id);
    expect(silenced).toHaveLength(2);
    await Promise.all(silenced.map((id) => fleet!.stationAt(indexOf(id))!.stop()));
    // Three heartbeat intervals (180 simulated s) of silence, 1.5 real s at this scale, then the site issue.
    await eventually(
      async () => {
        const { body: issues } = await json<{ type: string; stationId?: string; siteId?: string }[]>(`${url}/api/issues?open=true`);
        return issues.some((i) => i.type === 'safety-fault' && i.stationId === commanded) && issues.some((i) => i.type === 'site-outage' && i.siteId === outageSite);
      },
      20_000,
      'safety fault and site outage in /api/issues',
    );

    // Worker 2 killed outright: restarted, and its stations reconnect to the new process.
    const victim = health.workers[2]!;
    const killedAt = events.length;
    process.kill(victim.pid, 'SIGKILL');
    await eventually(
      async () => {
        const { body: now } = await json<Health>(`${url}/api/health`);
        const w = now.workers[2]!;
        return w.ready && w.restarts === 1 && w.pid !== victim.pid && w.connected === onWorker(2).length;
      },
      20_000,
      'worker 2 restarted with its stations connected',
    );
    const { body: after } = await json<Station[]>(`${url}/api/stations`);
    expect(after.filter((s) => s.worker === 2).map((s) => [s.id, s.connected])).toEqual(onWorker(2).map((id) => [id, true]));
    // The restarted worker's events reach the same stream.
    await eventually(async () => events.slice(killedAt).some((e) => e.type === 'connect' && e.worker === 2), 5_000, 'a connect from the restarted worker on the stream');

    await fleet.stop();
    fleet = undefined;
    const { body: last } = await json<Health>(`${url}/api/health`);
    expect(await interrupt(cli)).toBe(0);
    cli = undefined;
    // Every worker stopped with the primary.
    for (const w of last.workers) expect(() => process.kill(w.pid, 0)).toThrow(/ESRCH/);
  }, 90_000);
});
