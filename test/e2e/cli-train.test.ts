/**
 * `chargedrill train` as a trainer runs it: one process with the CSMS, its desk and a fleet; the fleet's control
 * API on the CSMS's port; a drill through the API; the access token off loopback; Ctrl-C exits 130.
 */
import type { ChildProcess } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interrupt, runCli, startCli } from './cli-helpers.js';

let child: ChildProcess;
let output: () => string;
let port: string;
let token: string;

beforeAll(async () => {
  const started = await startCli(
    ['train', '--port', '0', '--host', '0.0.0.0', '--sites', '1', '--stations-per-site', '2', '--protocol', 'ocpp1.6', '--time-scale', '10', '--log-level', 'error'],
    /console at http:\/\/[^:]+:(\d+)\/ [^\n]*\naccess token: (\S+) [^\n]*\nfleet: [^\n]*\n/,
    60_000,
  );
  child = started.child;
  output = started.output;
  port = started.match[1] as string;
  token = started.match[2] as string;
}, 90_000);

afterAll(async () => {
  if (child && child.exitCode === null) await interrupt(child);
});

const local = (path: string) => `http://127.0.0.1:${port}${path}`;

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { id: string; score: { total: number; max: number } } };
}

/** An address of this machine that is not loopback: requests to it come from off loopback. */
function outsideAddress(): string {
  const address = Object.values(networkInterfaces()).flat().find((i) => i !== undefined && i.family === 'IPv4' && !i.internal)?.address;
  if (address === undefined) throw new Error('this test needs a non-loopback IPv4 interface to call the session from off loopback');
  return address;
}

describe('chargedrill train', () => {
  it('prints the fleet, serves /control on the same port, runs a scored drill, and asks callers off loopback for the token', async () => {
    expect(output()).toContain('fleet: 2 stations at 1 site (ocpp1.6), time scale 10, all booted');
    const injected = await post(local('/control/faults'), { kind: 'reader-failure', station: 'S1-CP2', connector: 1 });
    expect(injected.status).toBe(201);
    // chargedrill fault works against the session's port.
    const listed = await runCli(['fault', 'list', '--json', '--control-url', `http://127.0.0.1:${port}`]);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id: injected.body.id, kind: 'reader-failure', state: 'active' })]);

    const drill = await post(local('/api/drills'), { trainee: 'ann', station: 'S1-CP1', connector: 1, fault: { kind: 'ground-failure' } });
    expect(drill.status).toBe(201);
    for (const action of [{ type: 'classify', severity: 'critical' }, { type: 'escalate', tier: 'field-engineering' }, { type: 'work-order', part: 'RCD / ground-fault module' }]) {
      expect((await post(local(`/api/drills/${drill.body.id}/actions`), action)).status).toBe(200);
    }
    const closed = await post(local(`/api/drills/${drill.body.id}/actions`), { type: 'close' });
    // Closed without checking the connector: everything but closed-after-verified.
    expect(closed.body.score).toMatchObject({ total: closed.body.score.max - 1 });

    const outside = `http://${outsideAddress()}:${port}`;
    const refused = await fetch(`${outside}/api/drills`);
    expect(refused.status).toBe(401);
    expect((await fetch(`${outside}/control/faults`)).status).toBe(401);
    const allowed = await fetch(`${outside}/api/drills`, { headers: { authorization: `Bearer ${token}` } });
    expect(allowed.status).toBe(200);
  }, 60_000);

  it('stops on Ctrl-C with exit code 130', async () => {
    expect(await interrupt(child)).toBe(130);
    expect(output()).toContain('chargedrill train stopped');
  }, 30_000);

  it('exits 2 on bad flags, naming the flag and what is allowed', async () => {
    const sites = await runCli(['train', '--sites', '0']);
    expect(sites.code).toBe(2);
    expect(sites.stderr).toContain('--sites must be a whole number from 1 to 500, got "0"');
    const protocol = await runCli(['train', '--protocol', 'ocpp3']);
    expect(protocol.code).toBe(2);
    expect(protocol.stderr).toContain('--protocol must be one of ocpp1.6, ocpp2.0.1, mix, got "ocpp3"');
    const unknown = await runCli(['train', '--stations', '4']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('allowed for train: --sites, --stations-per-site');
  }, 30_000);
});
