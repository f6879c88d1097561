/**
 * The built CLI with --metrics-port, as a user runs it: `chargedrill csms` as a child process scraped over
 * real HTTP while a fleet runs against it, `chargedrill fleet` scraped during its run, and the flag's errors.
 * Needs `npm run build` first.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../../simulator/clock.js';
import { Fleet } from '../../../simulator/fleet/fleet.js';
import { CLI, interrupt, runCli, startCli } from '../../e2e/cli-helpers.js';
import { scrape, sumBy, valueOf, type Exposition } from '../../support/prom-text.js';

const STATIONS = 10;
const children: { kill(signal?: NodeJS.Signals): boolean; exitCode: number | null }[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

let blocker: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
  blocker = undefined;
});

/** Scrapes until `check` holds (the CSMS runs in another process: its counts settle a little after ours). */
async function scrapeUntil(url: string, check: (e: Exposition) => boolean, timeoutMs = 15_000): Promise<Exposition> {
  const deadline = performance.now() + timeoutMs;
  let last = await scrape(url);
  while (!check(last)) {
    if (performance.now() > deadline) return last;
    await new Promise((r) => setTimeout(r, 100));
    last = await scrape(url);
  }
  return last;
}

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  return JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
}

describe('chargedrill csms --metrics-port', () => {
  it('serves the CSMS metrics on their own port while a fleet runs, and stops cleanly', async () => {
    const { child, match } = await startCli(
      ['csms', '--port', '0', '--metrics-port', '0', '--db', ':memory:'],
      /metrics at (http:\/\/\S+\/metrics) \(Prometheus\)\n.*listening on (\S+) \(OCPP at (\S+)\/<stationId>/,
    );
    children.push(child);
    const [, metricsUrl, apiUrl, ocppUrl] = match as unknown as [string, string, string, string];
    expect(new URL(metricsUrl).port).not.toBe(new URL(apiUrl).port);
    // The API does not serve the metrics, and the metrics port serves nothing else.
    expect((await fetch(`${apiUrl}/metrics`)).status).toBe(404);
    expect((await fetch(metricsUrl.replace(/\/metrics$/, '/api/health'))).status).toBe(404);

    const fleet = new Fleet({ csmsUrl: ocppUrl as string, clock: new ScaledClock(), stations: STATIONS, sites: 2, protocol: 'mix', seed: 5, rampPerS: 100 });
    try {
      const booted = fleet.waitForBoot(20_000);
      await fleet.start();
      expect(await booted).toBe(true);
      const fleetCalls = () => Object.fromEntries(fleet.metrics.snapshot().actions.map((a) => [a.action, a.sent]));
      const running = await scrapeUntil(metricsUrl, (e) => sameCounts(sumBy(e, 'chargedrill_csms_calls_total', 'action'), fleetCalls()));
      expect(sumBy(running, 'chargedrill_csms_calls_total', 'action')).toEqual(fleetCalls());
      expect(sumBy(running, 'chargedrill_csms_call_handling_seconds_count', 'action')).toEqual(fleetCalls());
      expect(valueOf(running, 'chargedrill_csms_boots_total', { status: 'Accepted' })).toBe(STATIONS);
      expect(sumBy(running, 'chargedrill_csms_connected_stations', 'protocol')).toEqual({ 'ocpp1.6': STATIONS / 2, 'ocpp2.0.1': STATIONS / 2 });
      expect(valueOf(running, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    } finally {
      await fleet.stop();
    }
    const stopped = await scrapeUntil(metricsUrl, (e) => valueOf(e, 'chargedrill_csms_connected_stations') === 0);
    expect(valueOf(stopped, 'chargedrill_csms_connected_stations')).toBe(0);
    expect(valueOf(stopped, 'chargedrill_csms_disconnects_total')).toBe(STATIONS);

    expect(await interrupt(child)).toBe(0);
    await expect(fetch(metricsUrl)).rejects.toThrow();
  });

  it('refuses a bad port with exit 2 and one line', async () => {
    const result = await runCli(['csms', '--port', '0', '--metrics-port', '70000', '--db', ':memory:']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('chargedrill: --metrics-port must be a port number from 0 to 65535 (0 picks a free one), got "70000" (see chargedrill --help)\n');
    const same = await runCli(['csms', '--port', '9123', '--metrics-port', '9123', '--db', ':memory:']);
    expect(same.code).toBe(2);
    expect(same.stderr).toBe('chargedrill: --metrics-port must differ from --port (both 9123) (see chargedrill --help)\n');
  });

  it('names the flag and the port when the port is in use, exit 2, before the CSMS starts', async () => {
    const port = await occupyPort();
    const result = await runCli(['csms', '--port', '0', '--metrics-port', String(port), '--db', ':memory:']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`chargedrill: --metrics-port ${port} is already in use on 127.0.0.1; choose another, or 0 for a free one (see chargedrill --help)\n`);
    expect(result.stdout).not.toMatch(/listening/);
  });
});

describe('chargedrill fleet (alias of load) --metrics-port', () => {
  it('serves the stations\' metrics during the run', async () => {
    const child = spawn(process.execPath, [CLI, 'fleet', '--stations', '6', '--protocol', 'mix', '--ramp', '100', '--duration', '4s', '--metrics-port', '0', '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no metrics URL on stderr: ${stderr}`)), 20_000);
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const found = /load metrics at (http:\/\/\S+\/metrics)/.exec(stderr);
        if (!found) return;
        clearTimeout(timer);
        resolve(found[1] as string);
      });
    });
    const live = await scrapeUntil(url, (e) => sumBy(e, 'chargedrill_load_stations', 'state').booted === 6);
    expect(sumBy(live, 'chargedrill_load_stations', 'state')).toEqual({ target: 6, connected: 6, booted: 6 });
    expect(valueOf(live, 'chargedrill_load_boots_total', { status: 'Accepted' })).toBe(6);
    expect(valueOf(live, 'chargedrill_load_connection_attempts_total', { outcome: 'opened' })).toBe(6);
    expect(await exited).toBe(0);
    // The summary is still plain JSON on stdout: the metrics line went to stderr.
    const result = JSON.parse(stdout) as { boots: { accepted: number } };
    expect(result.boots.accepted).toBe(6);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('names the flag and the port when the port is in use, exit 2, before any station starts', async () => {
    const port = await occupyPort();
    const result = await runCli(['fleet', '--stations', '2', '--duration', '0s', '--metrics-port', String(port)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`chargedrill: --metrics-port ${port} is already in use on 127.0.0.1; choose another, or 0 for a free one (see chargedrill --help)\n`);
    const bad = await runCli(['fleet', '--metrics-port', 'nine']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^chargedrill: --metrics-port must be a port number from 0 to 65535 \(0 picks a free one\), got "nine"/);
  });
});

function occupyPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      blocker = server;
      resolve((server.address() as { port: number }).port);
    });
  });
}
