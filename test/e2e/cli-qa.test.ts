/**
 * `chargedrill run` for the QA engineer's day, as the built binary: --list and --validate, combined filters,
 * output paths refused before anything runs, and Ctrl-C that still writes the reports.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../reports/result.js';
import { CLI, runCli } from './cli-helpers.js';

const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const scenario = (name: string) => join(SCENARIOS, `${name}.yaml`);

describe('chargedrill run --list and --validate', () => {
  it('lists the scenarios carrying every --tag (the protocol counts), with protocol, tags, summary and file, exit 0', async () => {
    const result = await runCli(['run', '--tag', 'safety', '--tag', 'ocpp2.0.1', '--list']);
    expect(result.code, result.stderr).toBe(0);
    const headers = result.stdout.split('\n').filter((line) => /^\S/.test(line));
    expect(headers).toEqual([
      'ground-failure-idle-201  ocpp2.0.1  [safety, ground-failure, ocpp201]',
      'ground-failure-quick-repair-201  ocpp2.0.1  [safety, ground-failure, ocpp201]',
      'high-temperature-201  ocpp2.0.1  [safety, high-temperature, ocpp201]',
      '3 scenarios',
    ]);
    expect(result.stdout).toMatch(/\n {4}The RCD of an idle 2\.0\.1 EVSE trips .*\n {4}\S*ground-failure-idle-201\.yaml\n/);
  });

  it('--grep matches names only: ^crash-loop$ selects crash-loop, not crash-loop-201; repeated --grep ORs, --tag ANDs', async () => {
    const exact = await runCli(['run', '--grep', '^crash-loop$', '--list', '--json']);
    expect(exact.code, exact.stderr).toBe(0);
    expect((JSON.parse(exact.stdout) as { name: string }[]).map((s) => s.name)).toEqual(['crash-loop']);
    const combined = await runCli(['run', '--grep', '^crash-loop', '--grep', '^high-temp', '--tag', 'ocpp1.6', '--list', '--json']);
    const list = JSON.parse(combined.stdout) as { name: string; protocol: string; tags: string[]; summary: string; file: string }[];
    expect(list.map((s) => s.name)).toEqual(['crash-loop', 'high-temperature']);
    expect(list[0]).toMatchObject({ protocol: 'ocpp1.6', tags: ['firmware', 'crash-loop', 'reboot-loop', 'ocpp16'], file: expect.stringMatching(/crash-loop\.yaml$/) });
    expect(list[0]?.summary).toMatch(/^Firmware crashes every 5 minutes/);
  });

  it('keeps --grep tag:safety selecting by tag', async () => {
    const result = await runCli(['run', '--grep', 'tag:safety', '--list']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\n5 scenarios\n$/);
  });

  it('--validate says how many files are valid and runs nothing, exit 0', async () => {
    const all = await runCli(['run', '--validate']);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toMatch(/^\d+ scenario files valid\n$/);
    const some = await runCli(['run', '--validate', '--tag', 'safety']);
    expect(some.stdout).toMatch(/^\d+ scenario files valid; 5 selected by the filters\n$/);
  });

  it('--validate prints every problem as file:line:column with what is allowed, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chargedrill-validate-'));
    try {
      writeFileSync(join(dir, 'good.yaml'), readFileSync(scenario('crash-loop'), 'utf8'));
      writeFileSync(
        join(dir, 'bad.yaml'),
        ['name: bad', 'summary: s', 'protocol: ocpp1.6', 'fleet: { sites: 1, stationsPerSite: 1 }', 'steps:', '  - at: 0s', '    fault: { kind: power-loss-resets, station: S1-CP1, params: { count: -1 } }', 'expect: []'].join('\n'),
      );
      const result = await runCli(['run', dir, '--validate']);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^chargedrill: 1 problem in the scenario files\n/);
      expect(result.stderr).toMatch(/bad\.yaml:7:\d+: \/steps\/0\/fault\/params\/count: -1 is not allowed \(allowed: a whole number >= 1\)\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a filter that selects nothing, and --json without --list, exit 2', async () => {
    const none = await runCli(['run', '--grep', 'crash', '--tag', 'safety', '--tag', 'ocpp1.6', '--list']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^chargedrill: no scenario matches --grep "crash" --tag "safety" --tag "ocpp1.6" \(scenarios: /);
    const json = await runCli(['run', '--json']);
    expect(json.code).toBe(2);
    expect(json.stderr).toBe('chargedrill: --json goes with --list (see chargedrill --help)\n');
  });
});

describe('paths and durations are checked before anything runs', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'chargedrill-paths-'));
    file = join(dir, 'a-file');
    writeFileSync(file, 'not a directory');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses an --out under a file with one line naming the flag and the path, exit 2, nothing run', async () => {
    const out = join(file, 'reports');
    const result = await runCli(['run', scenario('crash-loop'), '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`chargedrill: --out ${out}: ${file} is not a directory; nothing was run\n`);
  });

  it('refuses an --out that cannot be created (under /proc), exit 2, nothing run', async () => {
    const result = await runCli(['run', scenario('crash-loop'), '--out', '/proc/chargedrill-no/such']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^chargedrill: --out \/proc\/chargedrill-no\/such: cannot write there: .*; nothing was run\n$/);
  });

  it.each([
    [['csms', '--db', '<file>/x.db'], /^chargedrill: --db \S+\/a-file\/x\.db: \S+\/a-file is not a directory/],
    [['csms', '--db', '<dir>/missing/x.db'], /^chargedrill: --db \S+\/missing\/x\.db: the directory \S+\/missing does not exist/],
    [['csms', '--db', '<dir>'], /^chargedrill: --db \S+: is a directory, not a file/],
    [['csms', '--db', '<file>', '--port', '0'], /^chargedrill: --db \S+\/a-file: file is not a database/],
    [['csms', '--heartbeat-interval', '0s'], /--heartbeat-interval must be at least 1s, got "0s"/],
    [['fleet', '--boot-timeout', '0s'], /--boot-timeout must be greater than 0, got "0s"/],
    [['fleet', '--duration=-1s'], /--duration must be a duration like 250ms, 90s, 5m, 24h or 1h30m, got "-1s"/],
  ])('refuses %j with one line on stderr and exit 2', async (args, message) => {
    const result = await runCli(args.map((a) => a.replace('<file>', file).replace('<dir>', dir)));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('accepts 0 where it means none: fleet --duration 0s --stop-grace 0s, csms --max-clock-skew 0s', async () => {
    const fleet = await runCli(['fleet', '--stations', '2', '--duration', '0s', '--stop-grace', '0s', '--json']);
    expect(fleet.code, fleet.stderr).toBe(0);
    expect((JSON.parse(fleet.stdout) as { boots: { accepted: number } }).boots.accepted).toBe(2);
    const csms = spawn(process.execPath, [CLI, 'csms', '--port', '0', '--db', ':memory:', '--max-clock-skew', '0s', '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const listening = await new Promise<boolean>((resolve) => {
      csms.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('listening on') && resolve(true));
      csms.on('exit', () => resolve(false));
    });
    expect(listening).toBe(true);
    const stopped = new Promise((resolve) => csms.once('exit', resolve));
    csms.kill('SIGINT');
    await stopped;
  });
});

describe('Ctrl-C during chargedrill run', () => {
  it('stops the scenarios in flight, writes the reports with them marked interrupted, exit 130', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chargedrill-sigint-'));
    try {
      // Two at a time: crash-loop ends after about 2 s real while connection-loss-never-recovers (minutes) runs on;
      // stuck-finishing-unlock then starts in crash-loop's place, or is never started (skipped) if Ctrl-C comes first.
      const child = spawn(process.execPath, [CLI, 'run', scenario('crash-loop'), scenario('connection-loss-never-recovers'), scenario('stuck-finishing-unlock'), '--parallel', '2', '--out', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (/^[✓✗] /m.test(stdout)) resolve();
        });
        child.on('exit', () => reject(new Error(`exited before a scenario finished\n${stdout}\n${stderr}`)));
      });
      const finished = /^[✓✗] (\S+)/m.exec(stdout)?.[1];
      child.kill('SIGINT');
      expect(await exited, stdout + stderr).toBe(130);
      expect(stderr).toMatch(/interrupted: stopping the scenarios in flight and writing the reports/);
      expect(stdout).toMatch(/^■ \S+ \([\d.]+m?s\) interrupted$/m);
      const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as RunResult;
      expect(result.interrupted).toBe(true);
      const byName = Object.fromEntries(result.scenarios.map((s) => [s.name, s.status]));
      expect(finished).toBe('crash-loop');
      // Finished before Ctrl-C, so it keeps its verdict (at ×600 beside busy loops a budget may be missed: failed).
      expect(['passed', 'failed']).toContain(byName['crash-loop']);
      expect(byName['connection-loss-never-recovers']).toBe('interrupted');
      expect(result.summary.interrupted).toBeGreaterThanOrEqual(1);
      expect(result.summary.passed + result.summary.failed + result.summary.errored + result.summary.skipped + (result.summary.interrupted ?? 0)).toBe(3);
      for (const file of ['junit.xml', 'report.html', 'summary.md']) expect(existsSync(join(dir, file)), file).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
