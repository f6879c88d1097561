/** The README's recipe for a conformance run against the bundled CSMS: its cards from --id-tags, its features declared. */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startCli } from './cli-helpers.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

const LISTENING = /listening on (http:\/\/\S+) \(OCPP at (ws:\/\/\S+)\/<stationId>/;
const CARD_CASES = ['TC_C_02_CSMS', 'TC_C_06_CSMS', 'TC_C_07_CSMS'];

async function conformanceAgainst(csmsArgs: string[]) {
  const csms = await startCli(['csms', '--port', '0', '--db', ':memory:', '--log-level', 'silent', ...csmsArgs], LISTENING);
  children.push(csms.child);
  const [, api, ocpp] = csms.match as unknown as [string, string, string];
  const cases = CARD_CASES.flatMap((id) => ['--case', id]);
  const out = mkdtempSync(join(tmpdir(), 'chargedrill-conf-'));
  try {
    return await runCli(['conformance', '--csms-url', ocpp, '--api-url', api, '--protocol', 'ocpp2.0.1', '--features', 'conformance/bundled-features.yaml', '--out', out, ...cases]);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe('chargedrill csms --id-tags', () => {
  it('gives the bundled CSMS the blocked, expired and unknown cards a conformance run expects: those cases pass', async () => {
    const result = await conformanceAgainst(['--id-tags', 'conformance/bundled-id-tags.yaml']);
    expect(result.code).toBe(0);
    for (const id of CARD_CASES) expect(result.stdout).toMatch(new RegExp(`PASS\\s+${id}`));
  });

  it('without it every card is Accepted, and the same cases fail on the status', async () => {
    const result = await conformanceAgainst([]);
    expect(result.code).toBe(1);
    for (const id of CARD_CASES) expect(result.stdout).toMatch(new RegExp(`FAIL\\s+${id}\\s.*wrong-status`));
  });

  it('a bad file is refused before the CSMS starts, naming file, line and column, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chargedrill-idtags-'));
    try {
      const file = join(dir, 'cards.yaml');
      writeFileSync(file, 'blocked: [A]\nstolen: [B]\n');
      const result = await runCli(['csms', '--port', '0', '--db', ':memory:', '--id-tags', file]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`--id-tags ${file}:2:1:`);
      expect(result.stderr).toMatch(/allowed: .*accepted/);
      expect(result.stdout).not.toMatch(/listening/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
