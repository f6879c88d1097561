/**
 * scripts/build-k6.ts: the k6 scripts bundle to plain ES modules that import only k6's own modules, with the
 * profile's stages, session shape and thresholds baked in as k6 reads them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../../harness/load/profiles/builtin.js';
import { parseThreshold } from '../../../harness/load/thresholds.js';
import { buildK6, K6_SCRIPTS, type K6Build } from '../../../scripts/build-k6.js';
import { k6Threshold, planFromProfile } from '../../../scripts/k6-plan.js';
import { LOAD_MIX_DEFAULTS } from '../../../simulator/fleet/station-load.js';

let tmp: string;
let built: K6Build;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'chargedrill-k6-build-'));
  built = await buildK6({ outDir: tmp });
}, 60_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const spec = (expression: string, options = {}) => {
  const parsed = parseThreshold(expression, 'test', options);
  if (!parsed.ok) throw new Error(parsed.problem.message);
  return parsed.spec;
};

describe('npm run build:k6', () => {
  it('writes one bundle per script, importing nothing but k6 modules', () => {
    expect(built.files.map((f) => f.slice(f.lastIndexOf('/') + 1)).sort()).toEqual(K6_SCRIPTS.map((s) => `${s}.js`).sort());
    for (const file of built.files) {
      const text = readFileSync(file, 'utf8');
      const imports = [...text.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
      expect(new Set(imports)).toEqual(new Set(['k6/execution', 'k6/metrics', 'k6/timers', 'k6/websockets']));
      expect(text).not.toMatch(/\brequire\(|"node:|from "\.{1,2}\//);
      expect(text).toMatch(/^export \{[^}]*\bhandleSummary\b[^}]*\};?$/m);
      // Plain JavaScript: Node parses it (without resolving the k6 imports).
      const check = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
      expect(check.status, check.stderr).toBe(0);
    }
  });

  it('bakes in the busy-evening profile by default: its stages, the fleet session shape, its thresholds', async () => {
    const profile = await loadProfile('busy-evening');
    expect(built.plan).toEqual(planFromProfile(profile));
    expect(built.plan.stages.map((s) => [s.name, s.sessionsPerHour])).toEqual([['arrive', 0.4], ['early-evening', 0.4], ['peak', 1.2], ['late-evening', 0.5]]);
    expect(built.plan.session.sessionMinS).toBe(LOAD_MIX_DEFAULTS.sessionMinS);
    expect(built.plan.thresholds['ocpp_call_duration{action:BootNotification}']).toEqual(['p(99)<1000']);
    expect(built.plan.untranslated).toEqual([]);
    expect(readFileSync(built.files[0] as string, 'utf8')).toContain('"ocpp_call_duration{action:BootNotification}": ["p(99)<1000"]');
  });

  it('refuses a profile the load engine refuses', async () => {
    await expect(buildK6({ outDir: tmp, profile: 'busy-evenin' })).rejects.toThrow(/did you mean "busy-evening"/);
  });
});

describe('profile thresholds in k6 form', () => {
  it('translates latency, error-rate and boot thresholds', () => {
    expect(k6Threshold(spec('p99(BootNotification)<500ms'))).toEqual({ metric: 'ocpp_call_duration{action:BootNotification}', expression: 'p(99)<500' });
    expect(k6Threshold(spec('p50(Heartbeat)<=1s'))).toEqual({ metric: 'ocpp_call_duration{action:Heartbeat}', expression: 'med<=1000' });
    expect(k6Threshold(spec('mean(Authorize)<200ms'))).toEqual({ metric: 'ocpp_call_duration{action:Authorize}', expression: 'avg<200' });
    expect(k6Threshold(spec('errors<0.1%'))).toEqual({ metric: 'ocpp_call_failed', expression: 'rate<0.001' });
    expect(k6Threshold(spec('errors(MeterValues)<1%'))).toEqual({ metric: 'ocpp_call_failed{action:MeterValues}', expression: 'rate<0.01' });
    expect(k6Threshold(spec('booted==100%'))).toEqual({ metric: 'ocpp_boot_accepted', expression: 'rate==1' });
  });

  it('leaves out what k6 cannot say, and keeps abortOnFail in the object form', () => {
    for (const expression of ['p99(*)<1s', 'errors<5', 'calls_per_s>100', 'disconnects<1%']) expect(k6Threshold(spec(expression)), expression).toBeUndefined();
    const plan = planFromProfile({
      name: 'x', file: 'x', stages: [], faults: [], chaos: [], defaults: { stations: 1, sites: 1, protocol: 'ocpp1.6', connectors: 1, timeScale: 1, seed: 1 },
      thresholds: [spec('errors<1%', { abortOnFail: true, delayAbortEvalMs: 30_000 }), spec('calls_per_s>5')],
    });
    expect(plan.thresholds).toEqual({ ocpp_call_failed: [{ threshold: 'rate<0.01', abortOnFail: true, delayAbortEval: '30s' }] });
    expect(plan.untranslated).toEqual(['calls_per_s>5']);
  });
});
