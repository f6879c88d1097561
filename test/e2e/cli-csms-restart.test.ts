/** `chargedrill csms` killed with SIGKILL and started again on the same database: its simulated clock goes on. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startCli } from './cli-helpers.js';

const children: ChildProcess[] = [];
let dir: string | undefined;
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const LISTENING = /listening on (http:\/\/\S+) /;

async function simNow(apiUrl: string): Promise<number> {
  const health = (await (await fetch(`${apiUrl}/api/health`)).json()) as { now: number };
  return health.now;
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('chargedrill csms after kill -9', () => {
  it('resumes the simulated timeline of its database instead of jumping back to the wall clock (time scale 60)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'chargedrill-restart-'));
    const args = ['csms', '--port', '0', '--db', join(dir, 'csms.db'), '--time-scale', '60', '--log-level', 'silent'];
    const first = await startCli(args, LISTENING);
    children.push(first.child);
    const url = first.match[1] as string;
    const startedAt = await simNow(url);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const beforeKill = await simNow(url);
    // 1.5 real s at scale 60 is 90 simulated s: the first run's clock really ran.
    expect(beforeKill - startedAt).toBeGreaterThanOrEqual(60_000);
    await killed(first.child);

    const second = await startCli(args, LISTENING);
    children.push(second.child);
    const afterRestart = await simNow(second.match[1] as string);
    // Before the anchor, the restart began again at the wall clock: 90 simulated s or more in the past.
    expect(afterRestart).toBeGreaterThanOrEqual(beforeKill);
    expect(afterRestart - Date.now()).toBeGreaterThan(60_000);
  });
});
