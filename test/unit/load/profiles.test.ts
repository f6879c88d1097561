/** Load profiles: every built-in compiles; schema and semantic problems at exact file:line:column; stages as data. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinProfileNames, loadProfile } from '../../../harness/load/profiles/builtin.js';
import { LoadProfileError, parseProfile, type CompiledProfile } from '../../../harness/load/profiles/compile.js';
import { formatProblem } from '../../../harness/runner/scenario/problems.js';

const BUILTINS = ['authorize-storm', 'busy-evening', 'connect-storm', 'heartbeat-flood', 'idle', 'meter-values-flood', 'reconnect-storm'];

function compiled(text: string, overrides = {}): CompiledProfile {
  const result = parseProfile(text, 'p.yaml', overrides);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.profile;
}

function problems(text: string, overrides = {}): string[] {
  const result = parseProfile(text, 'p.yaml', overrides);
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('built-in profiles', () => {
  it('are exactly the documented seven', () => {
    expect(builtinProfileNames()).toEqual(BUILTINS);
  });

  it.each(BUILTINS)('%s compiles, ramps up from nothing and holds, with thresholds that parse', async (name) => {
    const profile = await loadProfile(name);
    expect(profile.name).toBe(name);
    expect(profile.stages.length).toBeGreaterThanOrEqual(2);
    expect(profile.stages[0]?.target).toBe(profile.defaults.stations);
    expect(profile.stages.every((s) => s.durationMs > 0)).toBe(true);
    expect(profile.thresholds.length).toBeGreaterThan(0);
    expect(profile.description?.length ?? 0).toBeGreaterThan(60);
  });

  it('scale with --stations: a percentage target follows the override', async () => {
    const profile = await loadProfile('connect-storm', { stations: 40 });
    expect(profile.stages.map((s) => s.target)).toEqual([40, 40]);
    expect(profile.defaults).toMatchObject({ stations: 40, sites: 4, protocol: 'mix', timeScale: 60 });
  });

  it('reconnect-storm declares its drops, busy-evening its peak and authorize-storm its badge swipes', async () => {
    const storm = await loadProfile('reconnect-storm');
    expect(storm.stages.filter((s) => s.disconnect).map((s) => s.disconnect)).toEqual([
      { share: 0.8, offlineMs: 5_000, spreadMs: 0 },
      { share: 0.8, offlineMs: 5_000, spreadMs: 1_000 },
      { share: 0.8, offlineMs: 5_000, spreadMs: 0 },
    ]);
    const evening = await loadProfile('busy-evening');
    expect(evening.stages.find((s) => s.name === 'peak')).toMatchObject({ sessionsPerHour: 1.2, durationMs: 600_000, mix: { meterValuesIntervalS: 60 } });
    const badges = await loadProfile('authorize-storm');
    expect(badges.stages.find((s) => s.name === 'storm')?.mix).toEqual({ authorizePerHour: 600 });
    const flood = await loadProfile('heartbeat-flood');
    expect(flood.stages.find((s) => s.name === 'flood')?.mix).toEqual({ heartbeatFlood: true });
  });

  it("the bench's detection-under-load profile compiles: 10,000 stations, 120 ground failures, a detection threshold", async () => {
    const profile = await loadProfile('bench/profiles/detection-under-load.yaml');
    expect(profile.defaults.stations).toBe(10_000);
    expect(profile.faults).toHaveLength(120);
    expect(new Set(profile.faults.map((f) => `${f.kind} ${f.expectedIssue}`))).toEqual(new Set(['ground-failure safety-fault']));
    // All in the hold, after the 100 s ramp.
    expect(Math.min(...profile.faults.map((f) => f.atMs))).toBeGreaterThanOrEqual(100_000);
    expect(profile.thresholds.map((t) => t.expression)).toContain('p99(detect:safety-fault)<100ms');
  });

  it('refuses heartbeatFlood that is not true or false, at its line and column', () => {
    const text = ['name: p', 'stages:', '  - ramp: 10 over 1s', '    mix: { heartbeatFlood: yes please }'].join('\n');
    expect(problems(text)).toEqual(['p.yaml:4:28: /stages/0/mix/heartbeatFlood: expected true or false, got the string "yes please"']);
  });

  it('refuses an unknown name, suggesting the nearest, with the CLI error code', async () => {
    const error = await loadProfile('busy-evenin').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoadProfileError);
    expect((error as LoadProfileError).code).toBe('CD_ERR_LOAD_PROFILE');
    expect((error as Error).message).toContain('no built-in load profile is named "busy-evenin" (did you mean "busy-evening"?)');
  });
});

describe('profile files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'profiles-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a file by path, with the overrides', async () => {
    const path = join(dir, 'mine.yaml');
    writeFileSync(path, 'name: mine\nstages: [{ ramp: 100% over 5s }]\n');
    expect((await loadProfile(path, { stations: 7 })).stages).toEqual([{ name: 'ramp-1', durationMs: 5_000, target: 7, sessionsPerHour: 0 }]);
  });

  it('refuses a bad file with every problem in the error message, and a missing one as unreadable', async () => {
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'name: Bad\nstages: []\n');
    const error = (await loadProfile(path).catch((e: unknown) => e)) as LoadProfileError;
    expect(error).toBeInstanceOf(LoadProfileError);
    expect(error.message).toBe(`invalid load profile:\n  ${path}:1:7: /name: "Bad" is not a name (allowed: lower-case words joined by '-', e.g. ground-failure-mid-session)\n  ${path}:2:9: /stages: needs at least 1 item`);
    const missing = (await loadProfile(join(dir, 'nope.yaml')).catch((e: unknown) => e)) as LoadProfileError;
    expect(missing.problems[0]?.message).toMatch(/^cannot read the file: ENOENT/);
  });
});

describe('stages', () => {
  it('reads ramps, holds and k6 stages, counts and percentages, and inherits the session rate and mix', () => {
    const profile = compiled(`name: t
defaults: { stations: 200 }
sessionsPerHour: 0.5
mix: { meterValuesInterval: 30s }
stages:
  - ramp: 50% over 30s
  - name: main
    hold: 2m
    sessionsPerHour: 2
    mix: { authorizePerHour: 10 }
  - { duration: 10s, target: 150 }
  - ramp: 0 over 10s
`);
    expect(profile.stages).toEqual([
      { name: 'ramp-1', durationMs: 30_000, target: 100, sessionsPerHour: 0.5, mix: { meterValuesIntervalS: 30 } },
      { name: 'main', durationMs: 120_000, target: 100, sessionsPerHour: 2, mix: { meterValuesIntervalS: 30, authorizePerHour: 10 } },
      { name: 'ramp-3', durationMs: 10_000, target: 150, sessionsPerHour: 0.5, mix: { meterValuesIntervalS: 30 } },
      { name: 'ramp-4', durationMs: 10_000, target: 0, sessionsPerHour: 0.5, mix: { meterValuesIntervalS: 30 } },
    ]);
  });

  it('lets command-line settings override the profile defaults, and the profile override the built-in defaults', () => {
    const text = 'name: t\ndefaults: { stations: 50, seed: 9, protocol: ocpp2.0.1 }\nstages: [{ ramp: 100% over 1s }]\n';
    expect(compiled(text).defaults).toEqual({ stations: 50, sites: 5, protocol: 'ocpp2.0.1', connectors: 2, timeScale: 1, seed: 9 });
    expect(compiled(text, { stations: 20, seed: undefined, timeScale: 30 }).defaults).toEqual({ stations: 20, sites: 2, protocol: 'ocpp2.0.1', connectors: 2, timeScale: 30, seed: 9 });
  });
});

describe('problems, at the line and column where they are written', () => {
  it.each([
    ['a bad ramp', 'name: t\nstages:\n  - ramp: 500 in 30s\n', ['p.yaml:3:11: /stages/0/ramp: "500 in 30s" is not a ramp (allowed: <stations or % of stations> over <duration>, e.g. 500 over 30s or 100% over 1m)']],
    ['a bad duration', 'name: t\nstages:\n  - hold: 2mm\n', ['p.yaml:3:11: /stages/0/hold: "2mm" is not a duration (allowed: a duration like 250ms, 90s, 5m, 24h or 1h30m)']],
    ['a misspelt key', 'name: t\nstages:\n  - holdd: 1m\n', ['p.yaml:3:5: /stages/0: unknown key "holdd" (did you mean "hold"?) (allowed: name, ramp, hold, duration, target, sessionsPerHour, mix, disconnect)']],
    ['a k6 stage without target', 'name: t\nstages:\n  - { duration: 10s }\n', ['p.yaml:3:5: /stages/0: "duration" needs "target" too']],
    ['two kinds in one stage', 'name: t\nstages:\n  - { hold: 1m, ramp: 5 over 1s }\n', ['p.yaml:3:5: /stages/0: has "ramp" and "hold": only one of them is allowed (allowed: ramp, hold, duration)']],
    ['a target above the fleet', 'name: t\ndefaults: { stations: 10 }\nstages:\n  - ramp: 20 over 1s\n', ['p.yaml:4:11: /stages/0/ramp: 20 stations is more than the run\'s 10 (allowed: at most 10, or a percentage)']],
    ['a stage name used twice', 'name: t\nstages:\n  - { name: a, hold: 1s }\n  - { name: a, hold: 1s }\n', ['p.yaml:4:13: /stages/1/name: stage name "a" is already used by stage 0']],
    ['an interval that is not whole seconds', 'name: t\nmix: { meterValuesInterval: 1500ms }\nstages: [{ hold: 1s }]\n', ['p.yaml:2:29: /mix/meterValuesInterval: 1500ms is not a whole number of seconds (OCPP intervals are) (allowed: 1s or more, in whole seconds)']],
    ['a threshold that does not parse', 'name: t\nstages: [{ hold: 1s }]\nthresholds:\n  - p99(BootNotifcation)<500ms\n  - { threshold: errors<1ms, abortOnFail: true }\n', [
      'p.yaml:4:5: /thresholds/0: threshold "p99(BootNotifcation)<500ms": "BootNotifcation" is not a known action (did you mean "BootNotification"?)',
      'p.yaml:5:18: /thresholds/1/threshold: threshold "errors<1ms": errors is a count or a %, not a duration (allowed: <n>, <n>%)',
    ]],
    ['thresholds that are neither text nor a mapping, or lack the expression', 'name: t\nstages: [{ hold: 1s }]\nthresholds:\n  - 5\n  - { threshold: errors==0, abortOnFial: true }\n  - { abortOnFail: true }\n', [
      'p.yaml:4:5: /thresholds/0: expected a string or a mapping (key: value), got the number 5',
      'p.yaml:5:29: /thresholds/1: unknown key "abortOnFial" (did you mean "abortOnFail"?) (allowed: threshold, abortOnFail, delayAbortEval)',
      'p.yaml:6:5: /thresholds/2: missing required key "threshold"',
    ]],
    ['more sites than stations', 'name: t\ndefaults: { stations: 5, sites: 9 }\nstages: [{ hold: 1s }]\n', ['p.yaml:2:33: /defaults/sites: 9 sites is more than the 5 stations (allowed: at most 5)']],
    ['a disconnect share above 100%', 'name: t\nstages: [{ hold: 1s, disconnect: { share: 150% } }]\n', ['p.yaml:2:43: /stages/0/disconnect/share: "150%" is not a share of the stations (allowed: a percentage like 0.5% or 100%, at most 100%)']],
    ['a YAML syntax error', 'name: t\nstages: [\n', ['p.yaml:3:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]']],
  ])('%s', (_, text, expected) => {
    const found = problems(text);
    // Allowed lists of actions are long: compare the start of each line where the expectation stops.
    expect(found.map((line, i) => (expected[i] !== undefined && !expected[i]?.includes('(allowed') ? line.replace(/ \(allowed: .*\)$/, '') : line))).toEqual(expected);
  });

  it('keeps each threshold with where it was written and its abort settings', () => {
    const profile = compiled('name: t\nstages: [{ hold: 1s }]\nthresholds:\n  - errors==0\n  - { threshold: p99(Heartbeat)<1s, abortOnFail: true, delayAbortEval: 30s }\n');
    expect(profile.thresholds.map((t) => [t.expression, t.source, t.abortOnFail, t.delayAbortEvalMs, t.value])).toEqual([
      ['errors==0', 'p.yaml:4:5', false, 0, 0],
      ['p99(Heartbeat)<1s', 'p.yaml:5:18', true, 30_000, 1_000],
    ]);
  });

  it('refuses a profile without stages or name', () => {
    expect(problems('description: nothing\n')).toEqual(['p.yaml:1:1: missing required key "name"', 'p.yaml:1:1: missing required key "stages"']);
  });
});
