/** `chargedrill fuzz` and `fleet --chaos` as a user runs them: exit codes, refusals, reports. */
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { tempDir } from '../support/temp-dir.js';
import { runCli } from './cli-helpers.js';

const tmp = tempDir('chargedrill-fuzz-');

describe('chargedrill fuzz', () => {
  it.each([
    [['fuzz', '--csms-url', 'ws://10.0.0.1:9000/ocpp'], /--csms-url ws:\/\/10\.0\.0\.1:9000\/ocpp: 10\.0\.0\.1 resolves to 10\.0\.0\.1, not a loopback address: chargedrill fuzz only targets a CSMS on this machine \(127\.0\.0\.0\/8 or ::1\)/],
    [['fuzz', '--protocol', 'mix'], /--protocol must be one of ocpp1.6, ocpp2.0.1, got "mix"/],
    [['fuzz', '--case', 'nope'], /--case nope is not a fuzz case; cases: invalid-json, /],
    [['fuzz', '--frames', '0'], /--frames must be a whole number from 1/],
    [['fleet', '--chaos', 'drop=150%'], /--chaos: chaos spec "drop=150%": drop: "150%" is not allowed/],
  ])('refuses %j with one line on stderr and exit code 2', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('fuzzes the bundled CSMS in-process, exits 0 and writes JSON, text and JUnit reports', async () => {
    const out = join(tmp, 'reports');
    const result = await runCli(['fuzz', '--protocol', 'ocpp2.0.1', '--frames', '200', '--control-stations', '3', '--control-time-scale', '300', '--out', out], 85_000);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^total: \d+ hostile frames, (\d+) judged: \1 per spec, 0 wrong, 0 dropped; 0 of 18 cases failed/m);
    expect(result.stdout).toMatch(/^PASSED$/m);
    const json = JSON.parse(readFileSync(join(out, 'fuzz-report.json'), 'utf8')) as { passed: boolean; protocol: string; cases: unknown[] };
    expect(json).toMatchObject({ passed: true, protocol: 'ocpp2.0.1' });
    expect(json.cases).toHaveLength(18);
    expect(readFileSync(join(out, 'fuzz-junit.xml'), 'utf8').match(/<testcase /g)).toHaveLength(19);
    expect(existsSync(join(out, 'fuzz-report.txt'))).toBe(true);
  }, 90_000);

  it('exits 1 when the CSMS answers against the spec', async () => {
    // Answers every CALL with an empty CALLRESULT: an unknown action should have been NotImplemented.
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (offered) => [...offered][0] ?? false });
    wss.on('connection', (ws) => ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as unknown[];
      if (frame[0] === 2) ws.send(JSON.stringify([3, frame[1], { status: 'Accepted', currentTime: new Date().toISOString(), interval: 60 }]));
    }));
    await new Promise<void>((resolve) => wss.once('listening', resolve));
    try {
      const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ocpp`;
      const result = await runCli(['fuzz', '--csms-url', url, '--case', 'unknown-action', '--control-stations', '0', '--json'], 30_000);
      expect(result.code, result.stderr).toBe(1);
      const json = JSON.parse(result.stdout) as { passed: boolean; cases: { name: string; wrong: number; samples: { got: string; expected: string }[] }[] };
      expect(json.passed).toBe(false);
      expect(json.cases[0]?.name).toBe('unknown-action');
    expect(json.cases[0]?.samples[0]).toMatchObject({ got: 'CALLRESULT', expected: 'CALLERROR NotImplemented' });
      expect(json.cases[0]?.wrong).toBeGreaterThanOrEqual(5);
    } finally {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    }
  }, 60_000);
});
