/**
 * The detection watcher against the real bundled CSMS and desk, with real virtual stations over sockets and real
 * injected faults: it matches raised issues to faults by type, station and connector, counts what was missed, and
 * measures latency on the CSMS's own clock (from the fault's first frame, or from the injection when the evidence
 * is older than the fault).
 */
import * as hdr from 'hdr-histogram-js';
import { afterEach, describe, expect, it } from 'vitest';
import { DetectionWatcher, type InjectedFault } from '../../../harness/load/detection.js';
import { parseProfile } from '../../../harness/load/profiles/compile.js';
import { faultParams, injectFault, type FaultKind } from '../../../simulator/faults/registry.js';
import { planFleet } from '../../../simulator/fleet/plan.js';
import { DeskRig, HEARTBEAT_S, SLACK_REAL_MS, TIME_SCALE } from '../desk/fixture.js';
import { until } from '../../support/until.js';

let rig: DeskRig | undefined;
let watcher: DetectionWatcher | undefined;
afterEach(async () => {
  watcher?.close();
  await rig?.close();
});

describe('DetectionWatcher', () => {
  it('matches safety faults and a heartbeat loss on 1.6 and 2.0.1 stations, and counts a fault whose issue never comes as missed', async () => {
    rig = await DeskRig.start();
    const ids = ['S1-CP1', 'S1-CP2', 'S1-CP3', 'S1-CP4'];
    const stations = [await rig.station('S1-CP1', 'ocpp1.6'), await rig.station('S1-CP2', 'ocpp2.0.1'), await rig.station('S1-CP3', 'ocpp1.6'), await rig.station('S1-CP4', 'ocpp2.0.1')];
    const runStart = Date.now();
    watcher = await DetectionWatcher.start({ csmsUrl: rig.csms.url, stationIds: ids, timeScale: TIME_SCALE, runStartEpochMs: runStart });
    const ctx = { clock: rig.clock };
    const injected = (fault: Omit<InjectedFault, 'atMs' | 'injectedAtMs' | 'params'>): InjectedFault => ({ ...fault, atMs: Date.now() - runStart, injectedAtMs: Date.now() - runStart, params: {} });

    injectFault('ground-failure', { stations: [stations[0]!.station], connectorId: 1 }, faultParams('ground-failure'), ctx);
    watcher.faultInjected(injected({ stationIndex: 0, connectorId: 1, kind: 'ground-failure', expectedIssue: 'safety-fault' }));
    injectFault('high-temperature', { stations: [stations[1]!.station], connectorId: 2 }, faultParams('high-temperature'), ctx);
    watcher.faultInjected(injected({ stationIndex: 1, connectorId: 2, kind: 'high-temperature', expectedIssue: 'safety-fault' }));
    // The engine reports connector 2, the station faults connector 1: the issue raised is another connector's.
    injectFault('ground-failure', { stations: [stations[3]!.station], connectorId: 1 }, faultParams('ground-failure'), ctx);
    watcher.faultInjected(injected({ stationIndex: 3, connectorId: 2, kind: 'ground-failure', expectedIssue: 'safety-fault' }));
    injectFault('heartbeat-loss', { stations: [stations[2]!.station] }, faultParams('heartbeat-loss'), ctx);
    watcher.faultInjected(injected({ stationIndex: 2, kind: 'heartbeat-loss', expectedIssue: 'no-connectivity' }));

    // Three heartbeat intervals of silence raise no-connectivity (docs/domain.md §4).
    const silenceRealMs = (3 * HEARTBEAT_S * 1_000) / TIME_SCALE;
    await until(() => watcher!.progress().detected === 3, silenceRealMs + SLACK_REAL_MS * 2);
    // The mismatched fault's station did raise its safety fault: it reached the stream and was not taken for it.
    await rig.waitFor('issue-raised', (e) => e.stationId === 'S1-CP4' && e.issue.type === 'safety-fault', 0);

    const results = watcher.result();
    expect(results.map((r) => [r.issueType, r.injected, r.detected, r.missed])).toEqual([
      ['no-connectivity', 1, 1, 0],
      ['safety-fault', 3, 2, 1],
    ]);
    const safety = results.find((r) => r.issueType === 'safety-fault')!;
    expect(safety.measuredFrom).toEqual({ firstFrame: 2, injection: 0 });
    expect(safety.latency.count).toBe(2);
    // Raised at once on the fault's frame (1.6 status, 2.0.1 NotifyEvent): the CSMS's own processing time.
    expect(safety.latency.max).toBeLessThan(SLACK_REAL_MS);
    expect(hdr.decodeFromCompressedBase64(safety.histogram).totalCount).toBe(2);
    for (const r of results) expect(r.latency.p50 <= r.latency.p90 && r.latency.p90 <= r.latency.p99 && r.latency.p99 <= r.latency.p99_9 && r.latency.p99_9 <= r.latency.max).toBe(true);

    const silent = results.find((r) => r.issueType === 'no-connectivity')!;
    // Its evidence is older than the fault (the silence has no frame): measured from the injection, and the
    // threshold runs from the last message heard, at most one interval before the fault.
    expect(silent.measuredFrom).toEqual({ firstFrame: 0, injection: 1 });
    expect(silent.latency.p50).toBeGreaterThanOrEqual(((2 * HEARTBEAT_S * 1_000) / TIME_SCALE) * 0.95);
    expect(silent.latency.p50).toBeLessThan(silenceRealMs + SLACK_REAL_MS);
  });

  it('matches an issue that came through the stream before the engine reported the injection', async () => {
    rig = await DeskRig.start();
    const station = await rig.station('S1-CP1', 'ocpp1.6');
    const runStart = Date.now();
    watcher = await DetectionWatcher.start({ csmsUrl: rig.csms.url, stationIds: ['S1-CP1'], timeScale: TIME_SCALE, runStartEpochMs: runStart });
    const injectedAtMs = Date.now() - runStart;
    injectFault('power-meter-failure', { stations: [station.station], connectorId: 2 }, faultParams('power-meter-failure'), { clock: rig.clock });
    await rig.waitFor('issue-raised', (e) => e.issue.type === 'power-meter-failure', 0 + 60_000);
    // The SSE copy of the same event may trail the in-process bus by a moment.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(watcher.progress()).toEqual({ injected: 0, detected: 0 });

    watcher.faultInjected({ atMs: injectedAtMs, injectedAtMs, stationIndex: 0, connectorId: 2, kind: 'power-meter-failure', params: {}, expectedIssue: 'power-meter-failure' });
    expect(watcher.progress()).toEqual({ injected: 1, detected: 1 });
    expect(watcher.result()).toEqual([expect.objectContaining({ issueType: 'power-meter-failure', injected: 1, detected: 1, missed: 0, measuredFrom: { firstFrame: 1, injection: 0 } })]);
  });

  it('detects the faults a profile scheduled, injected as the engine will: by plan index, connector and parameters', async () => {
    const compiled = parseProfile(
      'name: t\ndefaults: { stations: 4, sites: 1, protocol: mix, seed: 3 }\nstages: [{ ramp: 100% over 1s }, { hold: 1m }]\nfaults:\n  - { kind: ground-failure, count: 2 }\n  - { kind: high-temperature, count: 1, connector: 2 }\n',
      'p.yaml',
    );
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
    const { faults, defaults } = compiled.profile;
    const plan = planFleet(defaults);
    rig = await DeskRig.start();
    const stations = [];
    for (const planned of plan) stations.push(await rig.station(planned.id, planned.protocol));
    const runStart = Date.now();
    watcher = await DetectionWatcher.start({ csmsUrl: rig.csms.url, stationIds: plan.map((p) => p.id), timeScale: TIME_SCALE, runStartEpochMs: runStart });
    for (const fault of faults) {
      // The scheduled parameters are complete; faultParams re-checks them and gives them their kind's type.
      const kind = fault.kind as FaultKind;
      injectFault(kind, { stations: [stations[fault.stationIndex]!.station], connectorId: fault.connectorId }, faultParams(kind, fault.params), { clock: rig.clock });
      watcher.faultInjected({ ...fault, injectedAtMs: Date.now() - runStart });
    }
    await until(() => watcher!.progress().detected === 3, SLACK_REAL_MS * 2);
    expect(faults.map((f) => f.expectedIssue)).toEqual(['safety-fault', 'safety-fault', 'safety-fault']);
    expect(watcher.result().map((r) => [r.issueType, r.injected, r.detected, r.missed])).toEqual([['safety-fault', 3, 3, 0]]);
  });

  it('refuses a station index outside the plan', async () => {
    rig = await DeskRig.start();
    watcher = await DetectionWatcher.start({ csmsUrl: rig.csms.url, stationIds: ['S1-CP1'], timeScale: TIME_SCALE });
    expect(() => watcher!.faultInjected({ atMs: 0, injectedAtMs: 0, stationIndex: 1, kind: 'ground-failure', params: {}, expectedIssue: 'safety-fault' })).toThrow('station index 1 is not in the plan of 1 stations');
  });
});
