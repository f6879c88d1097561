/**
 * Bad input named before work starts: ports and hosts that cannot be listened on, a --grep that is not a regex,
 * a CSMS elsewhere that is not there or whose time scale makes the suite take hours.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatDurationMs } from '../../simulator/duration.js';
import { loadScenarios } from '../../harness/runner/scenario/load.js';
import { interrupt, runCli, startCli } from './cli-helpers.js';

const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));

let dir: string;
let taken: Server;
let takenPort: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chargedrill-input-'));
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
  takenPort = (taken.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => taken.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0] as string;
}

describe('listening flags', () => {
  it('csms --port in use: exit 2 naming --host and --port', async () => {
    const result = await runCli(['csms', '--port', String(takenPort), '--db', ':memory:']);
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toBe(`chargedrill: --host 127.0.0.1 --port ${takenPort} is in use by another process; choose another port, or 0 for a free one (EADDRINUSE) (see chargedrill --help)`);
  });

  it('csms --host not of this machine: exit 2 naming it', async () => {
    // TEST-NET-1 (RFC 5737): never an address of this machine.
    const result = await runCli(['csms', '--host', '192.0.2.1', '--port', '0', '--db', ':memory:']);
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/^chargedrill: --host 192\.0\.2\.1 --port 0 is not an address of this machine; .*\(EADDRNOTAVAIL\)/);
  });

  it('load --control-port in use: exit 2 naming the flag, before the run starts', async () => {
    const result = await runCli(['load', '--control-port', String(takenPort), '--stations', '2', '--sites', '1', '--duration', '5s', '--in-process']);
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).not.toMatch(/load against/);
    expect(oneLine(result.stderr)).toMatch(new RegExp(`^chargedrill: --control-host 127\\.0\\.0\\.1 --control-port ${takenPort} is in use by another process`));
  });
});

describe('chargedrill run input', () => {
  it('run --webhook-port in use: exit 2 naming the flag, before any scenario', async () => {
    const out = join(dir, 'webhook');
    const result = await runCli(['run', '--grep', '^crash-loop$', '--csms-url', 'ws://127.0.0.1:1/ocpp', '--webhook-port', String(takenPort), '--out', out]);
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toBe(`chargedrill: --webhook-port ${takenPort} (on 127.0.0.1) is in use by another process; choose another port, or 0 for a free one (EADDRINUSE) (see chargedrill --help)`);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a --grep that is not a regular expression, naming why', async () => {
    const result = await runCli(['run', '--grep', '(']);
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toBe('chargedrill: --grep "(": not a valid regular expression (Unterminated group); escape special characters such as ( [ * + ? with \\ (see chargedrill --help)');
  });

  it('names a refused third-party CSMS within seconds, once, and leaves no report folder', async () => {
    const port = await closedPort();
    const out = join(dir, 'refused');
    const began = Date.now();
    const result = await runCli(['run', '--grep', '^ground-failure-mid-session$', '--grep', '^crash-loop$', '--csms-url', `ws://127.0.0.1:${port}/ocpp`, '--out', out]);
    expect(Date.now() - began).toBeLessThan(8_000);
    expect(result.code).toBe(1);
    expect(oneLine(result.stderr)).toBe(`chargedrill: the CSMS at ws://127.0.0.1:${port}/ocpp cannot be reached: ECONNREFUSED connect ECONNREFUSED 127.0.0.1:${port}; nothing was run`);
    expect(existsSync(out)).toBe(false);
  });

  it('leaves no report folder when the bundled CSMS elsewhere cannot be reached', async () => {
    const port = await closedPort();
    const out = join(dir, 'unreachable');
    const result = await runCli(['run', '--grep', '^crash-loop$', '--csms-url', `http://127.0.0.1:${port}`, '--out', out]);
    expect(result.code).toBe(1);
    expect(existsSync(out)).toBe(false);
  });
});

describe('chargedrill run against a CSMS at another time scale', () => {
  let csms: ChildProcess | undefined;
  afterEach(async () => {
    if (csms) await interrupt(csms);
    csms = undefined;
  });

  it('says at once how long the suite will take at the CSMS\'s time scale, and refuses over the bound without --allow-slow', async () => {
    const started = await startCli(['csms', '--port', '0', '--db', ':memory:', '--log-level', 'silent'], /listening on (http:\/\/\S+) /);
    csms = started.child;
    const url = started.match[1] as string;
    const suite = await loadScenarios([SCENARIOS]);
    const selected = suite.scenarios.filter((s) => /^high-temperature/.test(s.name));
    expect(selected.length).toBeGreaterThan(0);
    const realMs = selected.reduce((sum, s) => sum + s.endMs, 0);
    const files = [...new Set(selected.map((s) => s.timeScale))].join(', ');
    const out = join(dir, 'slow');
    const began = Date.now();
    const result = await runCli(['run', '--grep', '^high-temperature', '--csms-url', url, '--out', out]);
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toBe(
      `chargedrill: time scale 1 (the CSMS's), not the files' ${files}: the suite will take about ${formatDurationMs(realMs)} of real time, ` +
        `over the 15m a run may take unasked: give --allow-slow to run it, or select fewer scenarios with --grep/--tag; nothing was run`,
    );
    expect(existsSync(out)).toBe(false);
  }, 30_000);
});
