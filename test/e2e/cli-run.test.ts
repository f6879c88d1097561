/** The real binary: `chargedrill csms` in one process, `chargedrill fleet` (alias of load) against it in another. */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import type { LoadResult } from '../../harness/load/result.js';
import { interrupt, runCli, startCli } from './cli-helpers.js';

const READY = /listening on (http:\/\/\S+) \(OCPP at (ws:\/\/\S+)\/<stationId>/;

describe('chargedrill csms and chargedrill fleet', () => {
  let dir: string;
  let csms: ChildProcess;
  let apiUrl: string;
  let ocppUrl: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chargedrill-e2e-'));
    const started = await startCli(['csms', '--port', '0', '--db', join(dir, 'csms.db'), '--log-level', 'warn'], READY);
    csms = started.child;
    apiUrl = started.match[1] as string;
    ocppUrl = started.match[2] as string;
  });

  afterAll(async () => {
    if (csms) await interrupt(csms);
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a mixed fleet that boots fully and reports per-action latency as JSON, exit 0', async () => {
    const result = await runCli(['fleet', '--url', ocppUrl, '--stations', '20', '--sites', '4', '--protocol', 'mix', '--ramp', '200', '--duration', '1s', '--json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as LoadResult;
    expect(summary.parameters.csms).toBe('external');
    expect(summary.boots.accepted).toBe(20);
    expect(summary.boots.notBooted).toBe(0);
    expect(summary.calls.errors).toBe(0);
    const boot = summary.actions.find((a) => a.action === 'BootNotification');
    expect(boot?.sent).toBe(20);
    expect(boot?.latency.p99).toBeGreaterThanOrEqual(boot?.latency.p50 ?? Infinity);
    expect(boot?.latency.p99).toBeLessThanOrEqual(boot?.latency.max ?? -1);
    expect(result.stderr).toMatch(/stations 20 connected, 20 booted of 20/);
  });

  it('prints a readable summary table and the CSMS lists the stations over HTTP', async () => {
    const result = await runCli(['fleet', '--url', ocppUrl, '--stations', '6', '--sites', '2', '--duration', '500ms', '--seed', '9']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/✓ Passed/);
    expect(result.stdout).toMatch(/6 accepted, 0 pending, 0 rejected, 0 not booted \(0\.0 %\) · all 6 booted after [\d.]+ s/);
    expect(result.stdout).toMatch(/BootNotification +6 +[\d.]+ \/s( +[\d.]+ ms){5}/);
    expect(result.stdout).toMatch(/BootNotification +0 +0 +0 +0 +0 \(0\.0 %\)/);
    const stations = (await (await fetch(`${apiUrl}/api/stations`)).json()) as { id: string; protocol: string }[];
    expect(stations.map((s) => s.id)).toEqual(expect.arrayContaining(['S1-CP1', 'S2-CP1', 'S1-CP3', 'S2-CP3']));
  });

  it('stops the CSMS on SIGINT with exit 0 and keeps its SQLite file', async () => {
    const code = await interrupt(csms);
    expect(code).toBe(0);
    expect(existsSync(join(dir, 'csms.db'))).toBe(true);
    expect(statSync(join(dir, 'csms.db')).size).toBeGreaterThan(0);
  });
});

describe('chargedrill fleet against a CSMS that refuses some stations', () => {
  it('exits 1 and says how many stations did not boot, and why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chargedrill-e2e-'));
    const { child, match } = await startCli(['csms', '--port', '0', '--db', ':memory:', '--allow', 'S1-CP1,S2-CP1', '--log-level', 'warn'], READY);
    try {
      const result = await runCli(['fleet', '--url', match[2] as string, '--stations', '4', '--sites', '2', '--duration', '200ms', '--boot-timeout', '2s']);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/boots +2 accepted/);
      // The ramp starts the stations a few ms apart and the run checks once a second: the check may land after both
      // refused stations' deadlines or between them (then it says how many had passed theirs). Both count 2 of 4.
      expect(result.stderr).toMatch(
        /chargedrill: 2 of 4 stations (did not boot within 2s of their start|had not booted when 1 of them passed 2s from their start) \(never connected: HTTP 401 Unauthorized 2\)/,
      );
      expect(result.stdout).toMatch(/connections +\d+ attempts, 2 opened \([\d.]+ %\), \d+ failed/);
      expect(result.stdout).toMatch(/first failure +http-401: HTTP 401 Unauthorized/);
    } finally {
      await interrupt(child);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('chargedrill fleet with the bundled CSMS', () => {
  it('starts its own CSMS in its own process when no --url is given', async () => {
    const result = await runCli(['fleet', '--stations', '10', '--protocol', 'ocpp2.0.1', '--duration', '500ms', '--time-scale', '60']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/CSMS ws:\/\/127\.0\.0\.1:\d+\/ocpp \(bundled, child process\)/);
    expect(result.stdout).toMatch(/boots +10 accepted/);
  });
});
