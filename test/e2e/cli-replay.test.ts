/**
 * A field trace reproduced: a GroundFailure run against `chargedrill csms` is recorded by the CSMS, its message
 * export is imported with `chargedrill replay-import`, the scenario validates, and replaying it against the bundled
 * CSMS raises the safety fault again. Real child processes throughout.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interrupt, runCli, startCli } from './cli-helpers.js';

let csms: ChildProcess;
let csmsUrl: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chargedrill-replay-'));
  const started = await startCli(['csms', '--port', '0', '--time-scale', '300', '--db', ':memory:', '--log-level', 'silent'], /listening on (http:\/\/\S+)/);
  csms = started.child;
  csmsUrl = started.match[1] as string;
}, 30_000);

afterAll(async () => {
  if (csms) await interrupt(csms);
  rmSync(dir, { recursive: true, force: true });
});

interface RunReport {
  scenarios: { name: string; status: string; expectations: { kind: string; status: string }[]; timeline: { kind: string; text: string }[] }[];
}

describe('chargedrill replay-import', () => {
  it('turns a recorded GroundFailure into a scenario that raises the safety fault again', async () => {
    const recorded = await runCli(['run', 'scenarios/ground-failure-mid-session.yaml', '--csms-url', csmsUrl, '--out', join(dir, 'recorded')], 120_000);
    expect(recorded.code).toBe(0);
    const stations = (await (await fetch(`${csmsUrl}/api/stations`)).json()) as { id: string }[];
    const traced = stations.map((s) => s.id).find((id) => id.endsWith('-S1-CP1')) as string;
    expect(traced).toMatch(/^r[0-9a-z]{6}-S1-CP1$/);
    const trace = await (await fetch(`${csmsUrl}/api/stations/${traced}/messages?limit=10000`)).text();
    writeFileSync(join(dir, 'trace.json'), trace);

    const out = join(dir, 'replay.yaml');
    const imported = await runCli(['replay-import', join(dir, 'trace.json'), '--station', traced, '--expect', 'safety-fault', '--time-scale', '300', '--out', out]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^wrote .*replay\.yaml: \d+ replayed frames\n$/);
    const yaml = readFileSync(out, 'utf8');
    // The GroundFailure itself is a replayed CALL, not a fault of the catalogue.
    expect(yaml).toContain('errorCode: GroundFailure');
    expect(yaml).not.toContain('fault:');

    const validated = await runCli(['run', out, '--validate']);
    expect(validated.code).toBe(0);
    expect(validated.stdout).toContain('1 scenario file valid');

    const replayed = await runCli(['run', out, '--out', join(dir, 'replayed')], 120_000);
    expect(replayed.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'replayed', 'result.json'), 'utf8')) as RunReport;
    const [scenario] = report.scenarios;
    expect(scenario?.expectations).toEqual([expect.objectContaining({ kind: 'issue', status: 'passed' })]);
    expect(scenario?.timeline.filter((t) => t.kind === 'issue-raised').map((t) => t.text)).toContain('safety-fault raised on S1-CP1 connector 1 (CD-I004)');
    // The desk's command is answered as the station answered it in the field.
    expect(scenario?.timeline.some((t) => t.kind === 'command' && t.text.startsWith('S1-CP1 received ChangeAvailability'))).toBe(true);
  }, 240_000);

  it('refuses a trace of several stations without --station, naming them', async () => {
    const lines = [
      { at: '2026-11-30T10:00:00Z', direction: 'station-to-csms', stationId: 'ACME-1', frame: [2, 'a', 'Heartbeat', {}] },
      { at: '2026-11-30T10:00:01Z', direction: 'station-to-csms', stationId: 'ACME-2', frame: [2, 'b', 'Heartbeat', {}] },
    ];
    writeFileSync(join(dir, 'two.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
    const result = await runCli(['replay-import', join(dir, 'two.jsonl')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`chargedrill: ${join(dir, 'two.jsonl')} cannot be replayed:\n  --station: the trace holds several stations: name the one to replay (allowed: ACME-1, ACME-2)\n`);
  });
});

describe('chargedrill run against a CSMS elsewhere', () => {
  it('refuses a --time-scale other than the CSMS\'s in one line, before any scenario runs', async () => {
    const result = await runCli(['run', 'scenarios/ground-failure-mid-session.yaml', '--csms-url', csmsUrl, '--time-scale', '60', '--out', join(dir, 'mismatch')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`chargedrill: --time-scale 60 differs from the time scale of the CSMS at ${csmsUrl} (300): give --time-scale 300 or leave it out; nothing was run\n`);
  });

  it('reports an unreachable CSMS once for the suite within seconds', async () => {
    // A loopback port nobody listens on.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const began = Date.now();
    const result = await runCli(['run', 'scenarios/ground-failure-mid-session.yaml', 'scenarios/stuck-finishing-unlock.yaml', '--csms-url', `http://127.0.0.1:${port}`, '--out', join(dir, 'unreachable')]);
    expect(Date.now() - began).toBeLessThan(8_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`chargedrill: the CSMS at http://127.0.0.1:${port} cannot be reached: connect ECONNREFUSED 127.0.0.1:${port}; nothing was run\n`);
  });
});
