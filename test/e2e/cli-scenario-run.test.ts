/** `chargedrill run` as a user runs it: the built binary, real scenario files, reports on disk, exit codes 0, 1 and 2. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.js';

const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const PASSING = join(SCENARIOS, 'stuck-finishing-unlock.yaml');
/** The scenario is 13 simulated minutes at 300×: 2.6 s real, plus process start, boot and report writing. */
const RUN_TIMEOUT_MS = 13 * 60_000 / 300 + 20_000;

describe('chargedrill run', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'chargedrill-run-e2e-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes a scenario, prints progress and a summary, writes the four reports and exits 0', { timeout: RUN_TIMEOUT_MS + 5_000 }, async () => {
    const out = join(dir, 'pass');
    const result = await runCli(['run', PASSING, '--out', out], RUN_TIMEOUT_MS);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Running 1 scenario\n✓ stuck-finishing-unlock \([\d.]+s\)\n/);
    expect(result.stdout).toMatch(/1 passed, 0 failed, 0 errored of 1 in [\d.]+s/);
    for (const file of ['result.json', 'junit.xml', 'report.html', 'summary.md']) expect(existsSync(join(out, file))).toBe(true);
    const json = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as { summary: { passed: number }; scenarios: { status: string }[] };
    expect(json.summary.passed).toBe(1);
  });

  it('fails a scenario against a wrongly configured CSMS with the failure message in the summary, exit 1', { timeout: RUN_TIMEOUT_MS + 5_000 }, async () => {
    const file = join(dir, 'doubled.yaml');
    writeFileSync(
      file,
      readFileSync(PASSING, 'utf8').replace('name: stuck-finishing-unlock', 'name: doubled-threshold').replace('detector: { stuckFinishing: 2m }', 'detector: { stuckFinishing: 4m }'),
    );
    const result = await runCli(['run', file, '--out', join(dir, 'fail'), '--format', 'json'], RUN_TIMEOUT_MS);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ doubled-threshold \([\d.]+s\)/);
    expect(result.stdout).toMatch(/0 passed, 1 failed, 0 errored of 1/);
    expect(result.stdout).toMatch(/doubled\.yaml:\d+:\d+: stuck-finishing on S1-CP1 expected within 8m, raised after 9m(\d+s)?\n/);
    expect(existsSync(join(dir, 'fail', 'result.json'))).toBe(true);
    expect(existsSync(join(dir, 'fail', 'report.html'))).toBe(false);
  });

  it('refuses a bad scenario file with every problem at file:line:column, exit 2, before running anything', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      ['name: bad', 'summary: s', 'protocol: ocpp1.6', 'fleet: { sites: 1, stationsPerSite: 1 }', 'steps:', '  - at: 0s', '    fault: { kind: power-loss-resets, station: S1-CP1, params: { count: -1 } }', 'expect: []'].join('\n'),
    );
    const result = await runCli(['run', file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/bad\.yaml:7:\d+: \/steps\/0\/fault\/params\/count: -1 is not allowed \(allowed: a whole number >= 1\)/);
  });

  it('exits 2 when no scenario matches --grep, and on an unknown flag with the flags allowed', async () => {
    const none = await runCli(['run', PASSING, '--grep', 'no-such-scenario']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no scenario matches --grep "no-such-scenario" \(scenarios: stuck-finishing-unlock\)/);
    const flag = await runCli(['run', PASSING, '--paralel', '2']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/Unknown argument: paralel; allowed for run: --grep, --tag, --list, --validate, --json, --seed, --time-scale, --bail, --out, --parallel, --csms-url, --webhook-port, --allow-slow, --format/);
  });
});
