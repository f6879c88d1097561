/**
 * Item 4: one validated desk config. A bad value is refused at start with the key, the value and what is
 * allowed, from the library and from `chargedrill csms --config` (one line on stderr, exit 2, the file named);
 * docs/desk-config.md lists every key; `desk: false` runs a CSMS without any of it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

import { DeskConfigError } from '../../../harness/desk/config.js';
import { loadDeskConfigFile } from '../../../harness/desk/config-file.js';
import { DEFAULT_DETECTOR_CONFIG } from '../../../harness/detector/config.js';
import { DEFAULT_PLAYBOOK_CONFIG } from '../../../harness/playbook/config.js';
import { WEBHOOK_DEFAULTS } from '../../../harness/desk/webhook-config.js';
import { startReferenceCsms } from '../../../harness/reference-csms.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'chargedrill-desk-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runCsmsCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'harness/cli/main.ts'), 'csms', '--port', '0', '--db', ':memory:', ...args], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('startReferenceCsms with a desk config', () => {
  it('refuses a bad value with its key, the value and what is allowed, listing every problem at once', async () => {
    const start = startReferenceCsms({
      desk: { config: { detector: { siteOutageFraction: 2 }, playbook: { ladders: { 'stuck-finishing': ['reboot'] } } as never }, webhooks: [{ url: 'ftp://x' }] },
    });
    await expect(start).rejects.toBeInstanceOf(DeskConfigError);
    await expect(start).rejects.toMatchObject({
      code: 'CD_ERR_DESK_CONFIG',
      problems: [
        { path: '/detector/siteOutageFraction', message: '2 is not allowed', allowed: ['a fraction > 0 and ≤ 1'] },
        { path: '/playbook/ladders/stuck-finishing/0', message: '"reboot" is not allowed', allowed: ['trigger-status', 'unlock-connector', 'soft-reset', 'hard-reset'] },
        { path: '/webhooks/0/url', message: '"ftp://x" is not allowed', allowed: ['an http:// or https:// URL'] },
      ],
      message:
        'invalid desk config: detector.siteOutageFraction: 2 is not allowed, expected a fraction > 0 and ≤ 1; ' +
        'playbook.ladders.stuck-finishing[0]: "reboot" is not allowed, expected one of trigger-status, unlock-connector, soft-reset, hard-reset; ' +
        'webhooks[0].url: "ftp://x" is not allowed, expected an http:// or https:// URL',
    });
  });

  it('refuses unknown sections and keys', async () => {
    await expect(startReferenceCsms({ desk: { config: { detectr: {} } as never } })).rejects.toThrow(/detectr: is not a known section, expected one of detector, playbook, webhooks/);
    await expect(startReferenceCsms({ desk: { config: { webhooks: [{ url: 'http://x', events: ['issue-raised', 'frame'] }] } as never } })).rejects.toThrow(/webhooks\[0\]\.events: .* expected an array of issue-raised/);
  });

  it('runs no desk with desk: false: no detector, no desk tables, and the desk routes say so', async () => {
    const { csms, desk } = await startReferenceCsms({ desk: false });
    try {
      expect(desk).toBeUndefined();
      expect(csms.store.database.prepare("SELECT name FROM sqlite_master WHERE name IN ('issues', 'playbook_tickets')").all()).toEqual([]);
      const res = await fetch(`${csms.url}/api/issues`);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: 'the desk (detector and playbook) is disabled in this CSMS' });
    } finally {
      await csms.close();
    }
  });
});

describe('chargedrill csms --config', () => {
  it('exits 2 with one line naming the file, the key, the value and what is allowed (JSON)', async () => {
    const file = join(dir, 'desk.json');
    writeFileSync(file, JSON.stringify({ detector: { stuckFinishingMs: -1 } }));
    const { code, stderr } = await runCsmsCli(['--config', file]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`--config ${file}: detector.stuckFinishingMs: -1 is not allowed, expected a number of milliseconds > 0`);
  });

  it('reads YAML too, and says so when the file is not valid', async () => {
    const good = join(dir, 'desk.yaml');
    writeFileSync(good, 'detector:\n  stuckFinishingMs: 600000\nplaybook:\n  ladders:\n    stuck-finishing: [unlock-connector]\n');
    const config = await loadDeskConfigFile(good);
    expect(config.detector.stuckFinishingMs).toBe(600_000);
    expect(config.playbook.ladders['stuck-finishing']).toEqual(['unlock-connector']);
    expect(config.playbook.ladders['power-meter-failure']).toEqual(DEFAULT_PLAYBOOK_CONFIG.ladders['power-meter-failure']);

    const broken = join(dir, 'broken.yml');
    writeFileSync(broken, 'detector: [unclosed\n');
    const { code, stderr } = await runCsmsCli(['--config', broken]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`--config ${broken}: is not valid YAML`);
  });
});

describe('docs/desk-config.md', () => {
  it('lists every key of the detector, the playbook and a webhook', () => {
    const doc = readFileSync(join(root, 'docs/desk-config.md'), 'utf8');
    const keys = [...Object.keys(DEFAULT_DETECTOR_CONFIG), ...Object.keys(DEFAULT_PLAYBOOK_CONFIG), 'url', 'events', ...Object.keys(WEBHOOK_DEFAULTS)];
    expect(keys.filter((key) => !doc.includes(`| ${key} |`))).toEqual([]);
  });
});
