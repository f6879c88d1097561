/**
 * `chargedrill load` as a release gate, through the built CLI (npm run build first): a profile file (and a bad
 * one), thresholds that pass and fail, fault-to-detection latency against the bundled CSMS, `--compare` with and
 * without a regression, the four reports of `--out`, and the live line redrawn in a pseudo-terminal.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LoadResult } from '../../harness/load/result.js';
import { CLI, runCli } from './cli-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'chargedrill-load-gates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 20 stations, three ground failures in the hold stage; the bundled CSMS's desk must raise a safety fault for each. */
const GROUND = `name: ground-check
defaults: { stations: 20, protocol: ocpp1.6, timeScale: 60 }
stages:
  - name: up
    ramp: 100% over 1s
  - name: faults
    hold: 5s
faults:
  - { kind: ground-failure, count: 3, stage: faults }
thresholds:
  - booted==100%
`;

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const readResult = (out: string) => JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as LoadResult;

describe('chargedrill load --profile and --threshold', () => {
  it('runs a custom profile file: its faults are detected, a detection threshold passes, the four reports are written', async () => {
    const out = join(dir, 'ground');
    const result = await runCli(['load', '--profile', write('ground.yaml', GROUND), '--threshold', 'p99(detect:safety-fault)<30s', '--out', out], 90_000);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    for (const file of ['result.json', 'junit.xml', 'report.html', 'summary.md']) expect(existsSync(join(out, file)), file).toBe(true);
    const load = readResult(out);
    expect(load.parameters).toMatchObject({ profile: 'ground-check', stations: 20, timeScale: 60 });
    expect(load.parameters.stages.map((s) => s.name)).toEqual(['up', 'faults']);
    expect(load.detection).toEqual([expect.objectContaining({ issueType: 'safety-fault', injected: 3, detected: 3, missed: 0 })]);
    expect(load.thresholds.map((t) => [t.expression, t.ok])).toEqual([['booted==100%', true], ['p99(detect:safety-fault)<30s', true]]);
    expect(load.thresholds[0]?.source).toMatch(/ground\.yaml:11:5$/);
    expect(result.stdout).toMatch(/safety-fault +3 +3 +0/);
    expect(result.stdout).toMatch(/Passed/);
  }, 100_000);

  it('an impossible detection threshold fails the run with exit 99, and JUnit has the failed testcase', async () => {
    const out = join(dir, 'impossible');
    const result = await runCli(['load', '--profile', join(dir, 'ground.yaml'), '--threshold', 'p99(detect:safety-fault)<0ms', '--out', out, '--format', 'json,junit'], 90_000);
    expect(result.code, result.stdout + result.stderr).toBe(99);
    const load = readResult(out);
    expect(load.verdict).toBe('threshold-failed');
    expect(load.exitCode).toBe(99);
    expect(load.detection[0]).toMatchObject({ injected: 3, detected: 3 });
    expect(load.thresholds.find((t) => t.expression === 'p99(detect:safety-fault)<0ms')).toMatchObject({ ok: false });
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testcase [^>]*name="p99\(detect:safety-fault\)&lt;0ms"[^>]*>\s*<failure /);
    expect(junit).toMatch(/<testcase [^>]*name="booted==100%"[^>]*\/>/);
    // --format chose two of the four.
    expect(existsSync(join(out, 'report.html'))).toBe(false);
  }, 100_000);

  it('a threshold on plain flags passes, and one that cannot hold exits 99', async () => {
    const pass = await runCli(['load', '--stations', '5', '--duration', '1s', '--threshold', 'booted==100%', '--threshold', 'p99(BootNotification)<10s', '--json']);
    expect(pass.code, pass.stderr).toBe(0);
    expect((JSON.parse(pass.stdout) as LoadResult).thresholds.every((t) => t.ok)).toBe(true);
    const fail = await runCli(['load', '--stations', '5', '--duration', '1s', '--threshold', 'calls_per_s>100000']);
    expect(fail.code, fail.stderr).toBe(99);
    expect(fail.stdout).toMatch(/✗ +calls_per_s>100000/);
  }, 60_000);

  it.each([
    ['a profile key that does not exist', 'name: x\nstages:\n  - ramp: 100% over 1s\n    bogus: 1\n', /^chargedrill: --profile: \S*bad-key\.yaml:4:5: \/stages\/0: unknown key "bogus" \(allowed: [^)]*\) \(see chargedrill --help\)\n$/],
    ['a threshold that does not parse', 'name: x\nstages:\n  - ramp: 100% over 1s\nthresholds:\n  - p99(Boot)<1s\n', /^chargedrill: --profile: \S*bad-threshold\.yaml:5:5: \/thresholds\/0: threshold "p99\(Boot\)<1s": "Boot" is not a known action/],
  ])('refuses %s with file:line:column and exit 2, before anything starts', async (_what, text, message) => {
    const file = write(_what.includes('key') ? 'bad-key.yaml' : 'bad-threshold.yaml', text);
    const result = await runCli(['load', '--profile', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/load against/);
  });

  it.each([
    [['--threshold', 'p99(BootNotification)<fast'], /^chargedrill: --threshold: threshold "p99\(BootNotification\)<fast"/],
    [['--profile', 'nope'], /^chargedrill: --profile: nope:1:1: no built-in load profile is named "nope"/],
    [['--profile', 'idle', '--duration', '5s'], /--duration cannot be combined with --profile/],
    [['--tolerance', '10%'], /--tolerance needs --compare/],
    [['--format', 'json'], /--format chooses the reports --out writes/],
  ])('refuses %j with exit 2', async (args, message) => {
    const result = await runCli(['load', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

describe('chargedrill load --compare', () => {
  const run = ['load', '--stations', '5', '--duration', '1s', '--seed', '3'];

  it('exits 98 against a baseline that was better beyond the tolerance, 0 against one that was worse', async () => {
    const first = join(dir, 'first');
    const saved = await runCli([...run, '--out', first, '--format', 'json']);
    expect(saved.code, saved.stderr).toBe(0);
    const result = readResult(first);

    // Injected regression: the baseline handled a million calls per second.
    const better = write('better.json', JSON.stringify({ ...result, calls: { ...result.calls, perS: 1_000_000 } }));
    const reports = join(dir, 'regressed');
    const regressed = await runCli([...run, '--threshold', 'booted==100%', '--compare', better, '--tolerance', '10%', '--out', reports]);
    expect(regressed.code, regressed.stdout + regressed.stderr).toBe(98);
    // Every report says the regression: the summary's last verdict line, summary.md, junit.xml and result.json.
    expect(regressed.stdout).not.toMatch(/Passed/);
    expect(regressed.stdout).toMatch(/Compared with [^\n]*better\.json \(tolerance 10%\)/);
    expect(regressed.stdout).toMatch(/✗ Regression: \d+ of \d+ compared metrics regressed beyond 10% against [^\n]*better\.json: [^\n]*calls_per_s[^\n]*; the threshold held \(exit 98\)/);
    const markdown = readFileSync(join(reports, 'summary.md'), 'utf8');
    expect(markdown.split('\n')[0]).toBe('### 📉 **chargedrill load: regression**');
    expect(markdown).not.toContain('✅');
    const junit = readFileSync(join(reports, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testcase classname="chargedrill\.load" name="compare calls_per_s" time="0\.000">\s*<failure [^>]*type="regression"/);
    expect(junit).not.toMatch(/<testsuites [^>]*failures="0"/);
    expect(readFileSync(join(reports, 'report.html'), 'utf8')).toContain('id="verdict">Regression</div>');
    const written = readResult(reports);
    expect(written).toMatchObject({ verdict: 'regression', exitCode: 98 });
    expect(written.failures.join('\n')).toMatch(/regressions? beyond 10% against [^\n]*better\.json: [^\n]*calls_per_s/);

    // A baseline worse on every metric: slower answers, no throughput, errors on every action.
    const worse = {
      ...result,
      calls: { ...result.calls, perS: 0 },
      actions: result.actions.map((a) => ({
        ...a,
        callErrors: { InternalError: a.sent },
        latency: { ...a.latency, p50: a.latency.p50 * 100 + 1_000, p99: a.latency.p99 * 100 + 1_000, max: a.latency.max * 100 + 1_000 },
      })),
    };
    const clean = await runCli([...run, '--compare', write('worse.json', JSON.stringify(worse))]);
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/no regression beyond 10 ?%/);
  }, 90_000);

  it('refuses a baseline that is not a load result, exit 2', async () => {
    const result = await runCli(['load', '--compare', write('not-a-result.json', '{"format":"something-else"}')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^chargedrill: --compare: /);
  });

  it('names the flag once for a bad --tolerance, and merge names a bad file once', async () => {
    const tolerance = await runCli(['load', '--compare', write('any.json', '{}'), '--tolerance', 'abc']);
    expect(tolerance.code).toBe(2);
    expect(tolerance.stderr).toMatch(/^chargedrill: --tolerance: "abc" is not a tolerance/);
    const bad = write('bad.json', 'nope');
    const merge = await runCli(['merge', bad]);
    expect(merge.code).toBe(2);
    expect(merge.stderr.startsWith(`chargedrill: ${bad}: is not JSON`)).toBe(true);
  });
});

describe('chargedrill load in a terminal', () => {
  it('redraws one progress line in place instead of printing a line a second', () => {
    // util-linux `script` gives the CLI a pty (stty: no \n -> \r\n, so the bytes are as written).
    const command = `stty cols 120 -onlcr; exec ${process.execPath} ${CLI} load --stations 3 --duration 2500ms --in-process`;
    const run = spawnSync('script', ['-qfec', command, '/dev/null'], { encoding: 'utf8', timeout: 40_000 });
    expect(run.error).toBeUndefined();
    expect(run.status, run.stdout).toBe(0);
    const out = run.stdout;
    const redraws = out.split('\r\u001b[2K').length - 1;
    expect(redraws).toBeGreaterThanOrEqual(3);
    // The status line is redrawn, not printed: no plain progress line ends with a newline before the summary.
    const beforeSummary = out.slice(0, out.indexOf('chargedrill load: '));
    expect(beforeSummary).not.toMatch(/\[ +\d+s\][^\r]*\n[^\r]*\[ +\d+s\]/);
    expect(out).toMatch(/3 booted of 3/);
    expect(out).toMatch(/✓ Passed/);
  }, 50_000);
});
