/**
 * The README's examples, run as written: the `npx chargedrill ...` lines with only the port changed to a
 * free one and long durations capped (named below), and the `curl` lines as HTTP requests. The long-running
 * `csms` and `train` lines run until the test sends Ctrl-C.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.js';
import { interrupt, runCli, startCli } from './cli-helpers.js';

const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
const EXAMPLES = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => (m[1] as string).split('\n')).filter((l) => l.trim());
const CHARGEDRILL = EXAMPLES.filter((l) => l.startsWith('npx chargedrill ')).map((l) => l.replace(/^npx chargedrill /, '').split(/\s+/));
const CURL = EXAMPLES.filter((l) => l.startsWith('curl '));
/** Examples meant to run for a minute are cut to this, so the suite stays fast; everything else is verbatim. */
const MAX_DURATION = '2s';
/** The run example's --out folder is redirected here, so the test leaves nothing in the checkout. */
const tmp = tempDir('chargedrill-readme-');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function capDuration(args: string[]): string[] {
  const i = args.indexOf('--duration');
  return i === -1 ? args : args.map((a, j) => (j === i + 1 ? MAX_DURATION : a));
}

describe('the README examples', () => {
  it('run the scenario example: the tagged scenarios pass and their reports are written', async () => {
    const args = (CHARGEDRILL[0] as string[]).map((a, i, all) => (all[i - 1] === '--out' ? join(tmp, 'out') : a));
    const result = await runCli(args, 120_000);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/passed/);
    for (const file of ['result.json', 'junit.xml', 'report.html', 'summary.md']) expect(existsSync(join(tmp, 'out', file)), file).toBe(true);
  }, 150_000);

  it('are found in the README (so this test cannot pass by finding none)', () => {
    expect(CHARGEDRILL.map((args) => args[0])).toEqual(['run', 'csms', 'load', 'load', 'load', 'train']);
    expect(CURL).toHaveLength(3);
  });

  it('run the train example until Ctrl-C: the console, fleet control and drills on the printed URL', async () => {
    const port = String(await freePort());
    const args = (CHARGEDRILL[5] as string[]).map((a) => a.replaceAll('9000', port));
    expect(args).toContain(port);
    const { child, match } = await startCli(args, /console at (http:\/\/\S+)\/ [^\n]*\nfleet: (\d+) stations at 2 sites \(mix\)[^\n]*Ctrl-C to stop/);
    try {
      const url = match[1] as string;
      expect(url).toBe(`http://127.0.0.1:${port}`);
      expect(match[2]).toBe('6');
      expect(await (await fetch(`${url}/api/console/config`)).json()).toEqual({ control: true, drills: true, timeScale: 10, paused: false });
      const page = await fetch(`${url}/trainer`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="app"></div>');
      const catalogue = (await (await fetch(`${url}/api/drills/catalogue`)).json()) as { tiers: string[] };
      expect(catalogue.tiers).toContain('field-engineering');
    } finally {
      expect(await interrupt(child)).toBe(130);
    }
  }, 60_000);

  it('run: the CSMS, a load run against it, the HTTP calls, the gated load test with its reports, and the comparison', async () => {
    const port = String(await freePort());
    const [, csmsArgs, fleetArgs, loadArgs, compareArgs] = CHARGEDRILL.map((args) =>
      args.map((a) => a.replaceAll('9000', port).replace(/^reports\/out\/load/, join(tmp, 'load')))) as [string[], string[], string[], string[], string[]];
    const csms = await startCli(csmsArgs, /listening on/);
    try {
      const fleet = runCli(fleetArgs, 60_000);
      const api = `http://127.0.0.1:${port}`;
      // Wait until the example fleet's first station is connected, then run the curl examples against it.
      await expect.poll(async () => {
        const stations = (await (await fetch(`${api}/api/stations`)).json()) as { id: string; connected: boolean }[];
        return stations.some((s) => s.id === 'S1-CP1' && s.connected);
      }, { timeout: 20_000, interval: 100 }).toBe(true);
      for (const line of CURL) {
        const url = (/(http:\/\/\S+)/.exec(line)?.[1] as string).replaceAll('9000', port);
        const body = /-d '([^']*)'/.exec(line)?.[1];
        if (url.includes('/api/events')) {
          const controller = new AbortController();
          const response = await fetch(url, { signal: controller.signal });
          expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
          controller.abort();
        } else {
          const response = await fetch(url, body === undefined ? {} : { method: 'POST', body, headers: { 'content-type': 'application/json' } });
          expect(response.status, line).toBe(200);
          if (url.includes('/commands/Reset')) expect(await response.json()).toEqual({ status: 'Accepted' });
        }
      }
      const result = await fleet;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/all 200 booted after/);
    } finally {
      await interrupt(csms.child);
    }
    const load = await runCli(capDuration(loadArgs), 120_000);
    expect(load.code, load.stderr).toBe(0);
    expect(load.stdout).toMatch(/all 2,000 booted after/);
    expect(load.stdout).toMatch(/✓ +booted==100%/);
    for (const file of ['result.json', 'junit.xml', 'report.html', 'summary.md']) expect(existsSync(join(tmp, 'load', file)), file).toBe(true);
    // Two short runs of a loaded machine may differ beyond the example's tolerance: 0 or 98, never a failed run.
    const compared = await runCli(capDuration(compareArgs), 120_000);
    expect([0, 98], compared.stdout + compared.stderr).toContain(compared.code);
    expect(compared.stdout).toMatch(/(no regression|regressions?) beyond 50 ?%/);
  }, 300_000);
});
