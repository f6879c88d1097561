/** `chargedrill load` (and its alias `fleet`) as a user runs it: the whole result as JSON, Ctrl-C, exit codes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LoadResult } from '../../harness/load/result.js';
import { CLI, runCli } from './cli-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'chargedrill-load-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Starts the CLI and resolves once stderr matches `ready`. */
function startLoad(args: string[], ready: RegExp): Promise<{ child: ChildProcess; match: RegExpMatchArray; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stdout?.resume();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${ready} within 30 s:\n${stderr}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = stderr.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match, exited });
      }
    });
  });
}

/** Whether something accepts TCP connections at `url`'s host and port. */
function listening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('chargedrill load', () => {
  it('fleet is an alias; --json prints the whole result with the parameters, seed, version and time series', async () => {
    const result = await runCli(['fleet', '--stations', '3', '--duration', '1500ms', '--seed', '7', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const load = JSON.parse(result.stdout) as LoadResult;
    expect(load.format).toBe('chargedrill-load-result/1');
    expect(load.tool).toMatchObject({ name: 'chargedrill', version: VERSION });
    expect(load.parameters).toMatchObject({ stations: 3, seed: 7, csms: 'child-process', desk: true, bootTimeoutMs: 30_000 });
    expect(load.parameters.stages.map((s) => s.name)).toEqual(['ramp', 'hold']);
    expect(load.parameters.argv).toEqual(['fleet', '--stations', '3', '--duration', '1500ms', '--seed', '7', '--json']);
    expect(load.timeSeries.length).toBeGreaterThanOrEqual(1);
    expect(load.boots.accepted).toBe(3);
    expect(load.verdict).toBe('passed');
  });

  it('--in-process --no-desk keeps the bundled CSMS in this process, without its desk', async () => {
    const result = await runCli(['load', '--stations', '2', '--duration', '0s', '--in-process', '--no-desk', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const load = JSON.parse(result.stdout) as LoadResult;
    expect(load.parameters).toMatchObject({ csms: 'in-process', desk: false });
    expect(load.boots.accepted).toBe(2);
  });

  it('exits 1 when the boot timeout passes, saying so', async () => {
    const result = await runCli(['load', '--stations', '2', '--boot-timeout', '1ms', '--duration', '5s']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/chargedrill: 2 of 2 stations did not boot within 1ms of their start/);
  });

  it('on Ctrl-C stops at once, writes the partial result (interrupted), stops its CSMS and exits 130', async () => {
    const out = join(dir, 'interrupted');
    const { child, match, exited } = await startLoad(
      ['load', '--stations', '4', '--duration', '60s', '--out', out],
      /load against (ws:\/\/\S+) \(bundled, own process\)[\s\S]*4 booted of 4/,
    );
    const csmsUrl = match[1] as string;
    expect(await listening(csmsUrl)).toBe(true);
    const began = performance.now();
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(performance.now() - began).toBeLessThan(10_000);
    const load = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as LoadResult;
    expect(load.verdict).toBe('interrupted');
    expect(load.exitCode).toBe(130);
    expect(load.elapsedS).toBeLessThan(30);
    expect(load.boots.accepted).toBe(4);
    expect(await listening(csmsUrl)).toBe(false);
  }, 40_000);

  it('its bundled CSMS dies with it, even on SIGKILL', async () => {
    const { child, match, exited } = await startLoad(['load', '--stations', '2', '--duration', '60s'], /load against (ws:\/\/\S+) \(bundled, own process\)/);
    const csmsUrl = match[1] as string;
    expect(await listening(csmsUrl)).toBe(true);
    child.kill('SIGKILL');
    await exited;
    await expect.poll(() => listening(csmsUrl), { timeout: 5_000, interval: 100 }).toBe(false);
  }, 40_000);
});
