/**
 * The bundled k6 station scripts, replayed under Node: scripts/build-k6.ts bundles them with a short profile, the
 * k6 shim (test/support/k6-shim) runs two VUs of each against the bundled CSMS in strict mode, and the CSMS's store
 * and HTTP API must show every station booted, sessions started and ended, and no protocol violation.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Csms } from '../../../harness/csms/server.js';
import { startReferenceCsms } from '../../../harness/reference-csms.js';
import { buildK6, type K6Build } from '../../../scripts/build-k6.js';
import { loadK6Script, runVus, summarize } from '../../support/k6-shim/run.js';
import { resetShim, shimState, type Sample } from '../../support/k6-shim/state.js';

const VUS = 2;
/** 2 real seconds of sessions at an hour per real second: 20-90 simulated minutes (0.3-1.5 s) each, 3 an hour per station. */
const PROFILE = `name: k6-replay
defaults: { stations: ${VUS}, timeScale: 3600, connectors: 2 }
mix: { meterValuesInterval: 5m, heartbeatInterval: 30m }
stages:
  - { name: arrive, ramp: 100% over 1s }
  - { name: charge, hold: 2s, sessionsPerHour: 3 }
thresholds:
  - p99(BootNotification)<2s
  - errors<1%
`;

let tmp: string;
let csms: Csms;
let built: K6Build;
const runs = new Map<string, { samples: Sample[]; junit: string; stdout: string }>();

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'chargedrill-k6-'));
  writeFileSync(join(tmp, 'k6-replay.yaml'), PROFILE);
  ({ csms } = await startReferenceCsms({ strict: true, desk: false }));
  built = await buildK6({ outDir: join(tmp, 'dist'), profile: join(tmp, 'k6-replay.yaml') });
  for (const name of ['ocpp16', 'ocpp201']) {
    resetShim();
    const started = Date.now();
    const script = await loadK6Script(join(tmp, 'dist', `${name}.js`), { CSMS_URL: csms.ocppUrl, JUNIT: 'junit.xml' }, tmp);
    expect(script.options.scenarios?.stations?.stages).toEqual([{ duration: '1s', target: VUS }, { duration: '2s', target: VUS }]);
    await runVus(script, VUS, 30_000);
    const summary = script.handleSummary(summarize(script.options.thresholds ?? {}, Date.now() - started));
    runs.set(name, { samples: [...shimState().samples], junit: summary['junit.xml'] as string, stdout: summary.stdout as string });
  }
  csms.flush();
}, 60_000);

afterAll(async () => {
  resetShim();
  await csms?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const actions = (samples: Sample[]): Set<string> => new Set(samples.filter((s) => s.metric === 'ocpp_call_duration').map((s) => s.tags.action as string));

describe('the k6 station scripts replayed against the bundled CSMS', () => {
  it('bundled the replay profile with its thresholds in k6 form', () => {
    expect(built.plan.profile).toBe('k6-replay');
    expect(built.plan.thresholds).toEqual({ 'ocpp_call_duration{action:BootNotification}': ['p(99)<2000'], ocpp_call_failed: ['rate<0.01'] });
  });

  it('every VU booted as its own station with its own protocol', async () => {
    const response = await fetch(`${csms.url}/api/stations`);
    const stations = (await response.json()) as { id: string; protocol: string; bootStatus: string }[];
    const ours = stations.filter((s) => s.id.startsWith('k6-')).map(({ id, protocol, bootStatus }) => ({ id, protocol, bootStatus }));
    expect(ours.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'k6-16-S1-CP1', protocol: 'ocpp1.6', bootStatus: 'Accepted' },
      { id: 'k6-16-S1-CP2', protocol: 'ocpp1.6', bootStatus: 'Accepted' },
      { id: 'k6-201-S1-CP1', protocol: 'ocpp2.0.1', bootStatus: 'Accepted' },
      { id: 'k6-201-S1-CP2', protocol: 'ocpp2.0.1', bootStatus: 'Accepted' },
    ]);
  });

  it('every station charged at least once, and every session it started was ended', () => {
    for (const station of csms.store.stations()) {
      const transactions = csms.store.transactions(station.id);
      expect(transactions.length, station.id).toBeGreaterThan(0);
      for (const tx of transactions) expect(tx.stoppedAt, `${station.id} ${tx.transactionId}`).not.toBeNull();
    }
    expect(csms.store.openTransactions()).toEqual([]);
  });

  it('the strict CSMS found no protocol violation', async () => {
    expect(csms.store.violations()).toEqual([]);
    const response = await fetch(`${csms.url}/api/violations`);
    expect(await response.json()).toEqual([]);
  });

  it('each script timed the whole session vocabulary of its version, and no call failed', () => {
    const v16 = runs.get('ocpp16')!.samples;
    const v201 = runs.get('ocpp201')!.samples;
    const common = ['Authorize', 'BootNotification', 'Heartbeat', 'StatusNotification'];
    expect([...actions(v16)].sort()).toEqual([...common, 'MeterValues', 'StartTransaction', 'StopTransaction'].sort());
    expect([...actions(v201)].sort()).toEqual([...common, 'TransactionEvent'].sort());
    for (const samples of [v16, v201]) {
      const failed = samples.filter((s) => s.metric === 'ocpp_call_failed');
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.filter((s) => s.value !== 0)).toEqual([]);
      expect(samples.filter((s) => s.metric === 'ocpp_protocol_problems' || s.metric === 'ocpp_connection_errors')).toEqual([]);
      expect(samples.filter((s) => s.metric === 'ocpp_boot_accepted').map((s) => s.value)).toEqual([1, 1]);
    }
  });

  it('handleSummary wrote JUnit XML with the thresholds, all passed', () => {
    for (const name of ['ocpp16', 'ocpp201']) {
      const { junit, stdout } = runs.get(name)!;
      expect(junit).toContain('<testsuites name="chargedrill k6 ');
      expect(junit).toContain('tests="2" failures="0"');
      expect(junit).toContain('name="ocpp_call_duration{action:BootNotification} p(99)&lt;2000"');
      expect(stdout).toContain('ok   ocpp_call_failed rate<0.01');
    }
  });
});
