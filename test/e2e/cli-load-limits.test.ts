/**
 * `chargedrill load` refuses a plan past this machine's limits before anything connects: exit 2, one line naming
 * the limit, the numbers and what raises it. The station count derives from the real open-file limit.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.js';

/** This process's open-file limits (a spawned CLI inherits them): /proc on Linux, else the shell's ulimit. */
function openFileLimit(): { soft: number; hard: number } {
  const number = (text: string | undefined) => (text === 'unlimited' ? Number.POSITIVE_INFINITY : Number(text));
  if (process.platform === 'linux') {
    const match = /^Max open files\s+(\S+)\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (match !== null) return { soft: number(match[1]), hard: number(match[2]) };
  }
  const [soft, hard] = spawnSync('/bin/sh', ['-c', 'ulimit -Sn; ulimit -Hn'], { encoding: 'utf8' }).stdout.trim().split(/\s+/);
  return { soft: number(soft), hard: number(hard) };
}

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const thousands = (n: number) => (Number.isFinite(n) ? n.toLocaleString('en-US') : 'unlimited');

describe('chargedrill load and the machine\'s limits', () => {
  it('refuses more stations than the open-file limit allows, at once, with the limit, the numbers and --processes', async () => {
    // Node raises its soft limit to the hard one at start, so the CLI's limit is the hard one.
    const { hard } = openFileLimit();
    // Where the limit is unlimited or huge, this test has nothing to exceed within --stations' bound.
    expect(hard, 'open-file limit of the test process').toBeLessThan(990_000);
    const stations = hard + 5_000;
    const url = `ws://127.0.0.1:${await closedPort()}/ocpp`;
    const began = performance.now();
    const usage = await runCli(['load', '--stations', 'abc']);
    const baselineMs = performance.now() - began;
    expect(usage.code).toBe(2);
    const start = performance.now();
    const result = await runCli(['load', '--stations', String(stations), '--url', url]);
    const elapsedMs = performance.now() - start;
    expect(result.code, result.stderr).toBe(2);
    const processes = Math.ceil(stations / (hard - 64));
    expect(result.stderr).toContain(
      `chargedrill: ${thousands(stations)} stations need ${thousands(stations + 64)} open files (a socket each, 64 for the process); ` +
        `this process may open ${thousands(hard)} (the hard limit, ulimit -Hn: Node raises its soft limit to it): use --processes ${processes} or raise the hard limit`,
    );
    expect(result.stdout).toBe('');
    // Nothing was started: it answers about as fast as a plain usage error (which loads less), not after connect attempts.
    expect(elapsedMs).toBeLessThan(baselineMs + 2_000);
  }, 30_000);

  it('refuses a bad --source-addresses range and --url-strategy with one target, naming the flag and what is allowed', async () => {
    const range = await runCli(['load', '--stations', '10', '--source-addresses', '127.0.0.9-127.0.0.2']);
    expect(range.code).toBe(2);
    expect(range.stderr).toMatch(/--source-addresses: range "127\.0\.0\.9-127\.0\.0\.2" ends before it starts \(allowed: IPv4 or IPv6 addresses, comma-separated, or ranges FIRST-LAST/);
    const strategy = await runCli(['load', '--url', 'ws://127.0.0.1:9/ocpp', '--url-strategy', 'by-site']);
    expect(strategy.code).toBe(2);
    expect(strategy.stderr).toMatch(/--url-strategy deals stations to several targets: give --url two or more times/);
    const unknown = await runCli(['load', '--url', 'ws://127.0.0.1:9/a', '--url', 'ws://127.0.0.1:9/b', '--url-strategy', 'random']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--url-strategy must be one of round-robin, by-site, got "random"/);
  }, 30_000);
});
