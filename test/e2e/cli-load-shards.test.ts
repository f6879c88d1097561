/**
 * A sharded load run as a Kubernetes Indexed Job runs it: three `chargedrill load --shards 3` processes told which
 * shard they are by JOB_COMPLETION_INDEX, against one `chargedrill csms`, then `chargedrill merge`; and the same
 * split done by `load --processes 3`. The CSMS must have seen every station of the fleet once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadResult } from '../../harness/load/result.js';
import { planFleet } from '../../simulator/fleet/plan.js';
import { CLI, runCli, startCli, type CliResult } from './cli-helpers.js';

const LISTENING = /listening on (http:\/\/\S+) \(OCPP at (ws:\/\/\S+)\/<stationId>/;
const FLEET = ['--stations', '24', '--sites', '4', '--seed', '3', '--ramp', '200', '--duration', '1s'];
const IDS = planFleet({ stations: 24, sites: 4, protocol: 'ocpp1.6', seed: 3 }).map((s) => s.id);

/** Runs the CLI with extra environment (runCli passes the test's own). */
function runWithEnv(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`chargedrill ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('a sharded load run against one chargedrill csms', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chargedrill-shards-e2e-'));
  let csms: ChildProcess;
  let api: string;
  let ocpp: string;
  const stations = async () => ((await (await fetch(`${api}/api/stations`)).json()) as { id: string }[]).map((s) => s.id);

  beforeAll(async () => {
    const started = await startCli(['csms', '--port', '0', '--db', ':memory:', '--log-level', 'silent'], LISTENING);
    csms = started.child;
    [, api, ocpp] = started.match as unknown as [string, string, string];
  });
  afterAll(() => {
    csms?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('three shards told their index by JOB_COMPLETION_INDEX, merged: every station once, the single run\'s numbers', async () => {
    const shards = await Promise.all(
      [0, 1, 2].map((index) =>
        runWithEnv(['load', '--url', ocpp, ...FLEET, '--shards', '3', '--threshold', 'booted==100%', '--out', join(dir, `shard-${index}`), '--format', 'json'], { JOB_COMPLETION_INDEX: String(index) }),
      ),
    );
    for (const shard of shards) expect(shard.code, shard.stderr).toBe(0);
    const results = [0, 1, 2].map((i) => JSON.parse(readFileSync(join(dir, `shard-${i}`, 'result.json'), 'utf8')) as LoadResult);
    expect(results.map((r) => r.shard)).toEqual([0, 1, 2].map((index) => ({ index, count: 3 })));
    expect(results.map((r) => r.boots.accepted)).toEqual([8, 8, 8]);

    const seen = await stations();
    expect([...seen].sort()).toEqual([...IDS].sort());

    const merged = await runCli(['merge', ...[0, 1, 2].map((i) => join(dir, `shard-${i}`)), '--json', '--out', join(dir, 'merged')]);
    expect(merged.code, merged.stderr).toBe(0);
    const result = JSON.parse(merged.stdout) as LoadResult;
    expect(result.shard).toBeUndefined();
    expect(result.parameters).toMatchObject({ stations: 24, seed: 3 });
    expect(result.boots).toMatchObject({ accepted: 24, notBooted: 0 });
    // One BootNotification per station: no station of one shard was started by another.
    expect(result.actions.find((a) => a.action === 'BootNotification')?.sent).toBe(24);
    expect(result.thresholds).toEqual([expect.objectContaining({ expression: 'booted==100%', ok: true, measured: 100 })]);
    expect(readdirSync(join(dir, 'merged')).sort()).toEqual(['junit.xml', 'report.html', 'result.json', 'summary.md']);
  }, 120_000);

  it('merge refuses a shard given twice or missing, exit 2', async () => {
    const twice = await runCli(['merge', join(dir, 'shard-0'), join(dir, 'shard-1'), join(dir, 'shard-1', 'result.json')]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('shard 2/3 is given twice');
    const missing = await runCli(['merge', join(dir, 'shard-0'), join(dir, 'shard-2')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing shard 2/3: merge needs the result of every shard');
  }, 60_000);

  it('load --processes 3 --id-prefix: one merged result; the CSMS sees the prefixed fleet once beside the first', async () => {
    const run = await runCli(['load', '--url', ocpp, ...FLEET, '--processes', '3', '--id-prefix', 'p-', '--json'], 120_000);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as LoadResult;
    expect(result.shard).toBeUndefined();
    expect(result.parameters).toMatchObject({ stations: 24, idPrefix: 'p-', argv: expect.arrayContaining(['--processes', '3']) });
    expect(result.boots).toMatchObject({ accepted: 24, notBooted: 0 });
    expect(result.actions.find((a) => a.action === 'BootNotification')?.sent).toBe(24);
    const seen = await stations();
    expect(seen).toHaveLength(48);
    expect(seen.filter((id) => id.startsWith('p-')).sort()).toEqual(IDS.map((id) => `p-${id}`).sort());
  }, 150_000);

  it('load --processes 3: Ctrl-C reaches every child once, their partial results are merged, exit 130', async () => {
    const child = spawn(process.execPath, [CLI, 'load', '--url', ocpp, '--stations', '6', '--id-prefix', 'int-', '--duration', '60s', '--processes', '3', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    // The live line shows once the children report progress, that is once their Ctrl-C handlers are in place.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no progress line within 60 s:\n${stderr}`)), 60_000);
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/stations \d+ connected/.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(130);
    const result = JSON.parse(stdout) as LoadResult;
    expect(result.verdict).toBe('interrupted');
    expect(result.exitCode).toBe(130);
    expect(result.failures).toEqual([1, 2, 3].map((i) => `shard ${i}/3: interrupted before the end of the run`));
    expect(result.connections.attempts).toBeGreaterThan(0);
    expect(stderr.match(/\[shard \d\/3\] chargedrill: stopping/g)).toHaveLength(3);
  }, 120_000);

  it('refuses a shard outside its count, or --shards without an index, exit 2 before anything runs', async () => {
    const over = await runCli(['load', '--url', ocpp, '--shard', '4/3']);
    expect(over.code).toBe(2);
    expect(over.stderr).toContain('--shard 4/3: i must be from 1 to 3');
    const alone = await runWithEnv(['load', '--url', ocpp, '--shards', '3'], { JOB_COMPLETION_INDEX: '' });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--shards 3 needs --shard-index or $JOB_COMPLETION_INDEX');
    const tooMany = await runCli(['load', '--url', ocpp, '--stations', '2', '--processes', '3']);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toContain('--processes 3 needs at least as many stations, got 2');
  }, 30_000);
});
