/** A load profile's network chaos reaches the stations' sockets: latency on one site shows in that run's calls. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'chargedrill-load-chaos-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every station on one site; 150 ms each way makes every BootNotification take at least 300 ms. */
const profile = (chaos: string) => `name: slow-site
defaults: { stations: 6, sites: 1, protocol: mix }
stages:
  - ramp: 100% over 1s
  - hold: 2s
${chaos}thresholds:
  - p50(BootNotification)>=300ms
`;

async function run(name: string, chaos: string) {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, profile(chaos));
  return runCli(['load', '--profile', file, '--in-process']);
}

describe('chargedrill load --profile with chaos', () => {
  it('puts the rule\'s latency on the stations of the site it names', async () => {
    const result = await run('slow', 'chaos:\n  - { network: "latency=150ms", sites: [S1] }\n');
    expect(result.stdout).toMatch(/✓ +p50\(BootNotification\)>=300ms/);
    expect(result.code).toBe(0);
  });

  it('a rule for another site leaves these stations on a clean network: the same threshold fails (exit 99)', async () => {
    const result = await run('clean', 'chaos:\n  - { network: "latency=150ms", sites: [S2] }\n');
    expect(result.stdout).toMatch(/✗ +p50\(BootNotification\)>=300ms/);
    expect(result.code).toBe(99);
  });
});
