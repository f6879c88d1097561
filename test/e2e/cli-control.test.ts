/**
 * `chargedrill fleet --control-port` and the `fault` / `station` commands over it, as a user runs them:
 * real child processes, the fleet against its in-process CSMS, the commands against the fleet's control API.
 */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interrupt, runCli, startCli } from './cli-helpers.js';

let fleet: ChildProcess;
let url: string;

beforeAll(async () => {
  const started = await startCli(['fleet', '--stations', '2', '--sites', '1', '--time-scale', '60', '--duration', '5m', '--control-port', '0'], /control API: (http:\/\/\S+)\n/);
  fleet = started.child;
  url = started.match[1] as string;
}, 60_000);

afterAll(async () => {
  if (fleet) await interrupt(fleet);
});

const control = (...args: string[]) => runCli([...args, '--control-url', url], 30_000);

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('chargedrill fault', () => {
  it('injects, lists and clears a fault', async () => {
    const injected = await control('fault', 'inject', 'S1-CP1', 'ground-failure', '--connector', '1');
    expect(injected.code).toBe(0);
    expect(injected.stdout).toMatch(/^f\d+ ground-failure active on S1-CP1 connector 1 since \S+ \{"info":"Residual current 30 mA, RCD tripped"/);
    const id = /^(f\d+)/.exec(injected.stdout)?.[1] as string;

    const listed = await control('fault', 'list', '--json');
    expect(JSON.parse(listed.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ id, kind: 'ground-failure', state: 'active' })]));

    const cleared = await control('fault', 'clear', id);
    expect(cleared.code).toBe(0);
    expect(cleared.stdout).toContain(`${id} ground-failure cleared on S1-CP1 connector 1 manual`);
    const again = await control('fault', 'clear', id);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`chargedrill: fault ${id} (ground-failure) is already cleared (manual)\n`);
  }, 60_000);

  it('prints each problem of bad input on its own line with what is allowed, and exits 2', async () => {
    const bad = await control('fault', 'inject', 'S1-CP1', 'power-loss-resets', '--param', 'count=-1', '--param', 'spacing=5');
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')).toEqual([
      'chargedrill: cannot inject power-loss-resets',
      '  /params/spacing: unknown parameter (allowed: count, spacingS)',
      '  /params/count: -1 is not allowed (allowed: a whole number >= 1)',
      '',
    ]);
    const malformed = await control('fault', 'inject', 'S1-CP1', 'ground-failure', '--param', 'info');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('--param must be NAME=VALUE, got "info"');
  }, 60_000);

  it('exits 2 naming an unknown station with the fleet\'s stations, and 1 for an unreachable control API within seconds', async () => {
    const unknown = await control('fault', 'inject', 'S7-CP1', 'ground-failure');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('chargedrill: cannot inject ground-failure\n  /station: unknown station "S7-CP1" (allowed: S1-CP1, S1-CP2)\n');

    const port = await closedPort();
    const began = Date.now();
    const unreachable = await runCli(['fault', 'list', '--control-url', `http://127.0.0.1:${port}`]);
    expect(Date.now() - began).toBeLessThan(5_000);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toBe(`chargedrill: cannot reach the control API at http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}\n`);

    const noUrl = await runCli(['fault', 'list']);
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain('--control-url is required (or set CHARGEDRILL_CONTROL_URL)');
  }, 60_000);
});

describe('chargedrill station', () => {
  it('starts a session, stops it and unplugs; a token the CSMS does not know is refused', async () => {
    // The fleet's own CSMS knows only the fleet's drivers' cards.
    const stranger = await control('station', 'start', 'S1-CP2', '--connector', '2', '--token', 'DRIVER-0042');
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toBe('chargedrill: session on S1-CP2 connector 2 did not start: Authorize Invalid\n');
    const started = await control('station', 'start', 'S1-CP2', '--connector', '2');
    expect(started.code).toBe(0);
    expect(started.stdout).toMatch(/^S1-CP2 \(ocpp1\.6, link open, Accepted\): 1 Available, 2 Charging tx \S+\n$/);
    expect((await control('station', 'stop', 'S1-CP2', '--connector', '2')).stdout).toContain('2 Finishing');
    expect((await control('station', 'unplug', 'S1-CP2', '--connector', '2')).stdout).toContain('2 Available');
    const refused = await control('station', 'stop', 'S1-CP2', '--connector', '2');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('chargedrill: S1-CP2: connector 2 has no running transaction (it is Available)\n');
  }, 60_000);

  it('refuses a flag that does not go with the action before asking the API', async () => {
    const result = await control('station', 'power-cycle', 'S1-CP2', '--token', 'X');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--token goes with start, not power-cycle');
  }, 30_000);
});
