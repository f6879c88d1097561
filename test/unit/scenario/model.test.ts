import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../harness/runner/scenario/load.js';
import type { Scenario } from '../../../harness/runner/scenario/model.js';
import { SCENARIO_DEFAULTS } from '../../../harness/runner/scenario/model.js';
import { formatProblem } from '../../../harness/runner/scenario/problems.js';

function scenario(lines: readonly string[]): Scenario {
  const result = parseScenario(lines.join('\n'), 'scenarios/model.yaml');
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.scenario;
}

const FULL = [
  'name: full-scenario',
  'summary: Every kind of step and expectation.',
  'tags: [safety, ocpp16]',
  'protocol: ocpp1.6',
  'timeScale: 120',
  'seed: 7',
  'fleet: { sites: 3, stationsPerSite: 4, connectors: 2, heartbeatInterval: 90s }',
  'technician: { travelTime: 20m, repairTime: 10m, testSession: false }',
  'duration: 1h30m',
  'csms:',
  '  heartbeatInterval: 1m',
  '  sitesWithoutTariff: [S3]',
  '  idTags: { blocked: [STOLEN-1] }',
  '  detector: { stuckFinishing: 10m, rebootLoopCount: 4 }',
  '  desk: { technicianTravel: 20m, verifyAvailableWithin: { soft-reset: 2m }, ladders: { stuck-finishing: [unlock-connector] } }',
  'steps:',
  '  - at: 0s',
  '    session: { station: S1-CP1, connector: 2, idTag: DRIVER-1, duration: 45m, power: 7.4, unplugAfter: 1m }',
  '  - at: 1m',
  '    session: { site: S2 }',
  '  - at: 2m',
  '    name: ground-fault',
  '    fault: { kind: ground-failure, station: S1-CP1, connector: 2 }',
  '  - at: 3m',
  '    fault: { kind: authorization-failures, stations: [S2-CP2, S1-CP3], params: { attempts: 4, spacingS: 300 } }',
  '  - at: 4m',
  '    fault: { kind: site-uplink-outage, site: S3, count: 2 }',
  '  - at: 5m',
  '    command: { action: Reset, count: 4, payload: { type: Soft } }',
  '  - { at: 6m, restartCsms: true }',
  '  - { at: 40m, clear: { fault: ground-failure, station: S1-CP1 } }',
  '  - { at: 1h, name: quiet, wait: true }',
  'expect:',
  '  - issue: safety-fault',
  '    station: S1-CP1',
  '    connector: 2',
  '    within: 30s',
  '  - escalation: field-engineering',
  '    issue: safety-fault',
  '    within: 1m',
  '  - command: ChangeAvailability',
  '    station: S1-CP1',
  '    payload: { type: Inoperative }',
  '  - issue: site-outage',
  '    site: S3',
  '    after: quiet',
  '    within: 5m',
  '  - never: { command: Reset, station: S1-CP1, payload: { type: Hard } }',
  '  - connector: { station: S1-CP1, connector: 2, status: Available, after: technician-visit }',
  '  - uptime: { station: S2-CP1, connector: 1, atLeast: 97 }',
  '  - metric: { name: detection-latency-p99, atMost: 45s }',
  '  - metric: { name: first-contact-resolution-rate, atLeast: 80 }',
  'allowIssues: [no-connectivity, reboot-loop]',
];

describe('a scenario file becomes a typed Scenario', () => {
  const full = scenario(FULL);

  it('keeps the header, applies its time scale and seed, and ends the scenario duration after the last step', () => {
    expect(full).toMatchObject({
      file: 'scenarios/model.yaml',
      source: { file: 'scenarios/model.yaml', line: 1, column: 7 },
      name: 'full-scenario',
      tags: ['safety', 'ocpp16'],
      protocol: 'ocpp1.6',
      timeScale: 120,
      seed: 7,
      durationMs: 5_400_000,
      endMs: 3_600_000 + 5_400_000,
      allowIssues: ['no-connectivity', 'reboot-loop'],
    });
  });

  it('lists the fleet in fleet order, with durations in ms', () => {
    expect(full.fleet).toMatchObject({ sites: 3, stationsPerSite: 4, connectors: 2, heartbeatIntervalMs: 90_000, siteIds: ['S1', 'S2', 'S3'] });
    expect(full.fleet.stationIds.slice(0, 4)).toEqual(['S1-CP1', 'S2-CP1', 'S3-CP1', 'S1-CP2']);
    expect(full.fleet.stationIds).toHaveLength(12);
  });

  it('converts the CSMS set-up into the options and config keys of the CSMS, detector and desk', () => {
    expect(full.csms).toEqual({
      heartbeatIntervalMs: 60_000,
      bootStatus: 'Accepted',
      sitesWithoutTariff: ['S3'],
      idTags: { blocked: ['STOLEN-1'] },
      detector: { stuckFinishingMs: 600_000, rebootLoopCount: 4 },
      desk: { technicianTravelMs: 1_200_000, verifyAvailableWithinMs: { 'soft-reset': 120_000 }, ladders: { 'stuck-finishing': ['unlock-connector'] } },
    });
    expect(full.technician).toEqual({ travelMs: 1_200_000, repairMs: 600_000, testSession: false });
  });

  it('converts step times to ms and keeps where each step was written', () => {
    expect(full.steps.map((step) => [step.kind, step.atMs])).toEqual([
      ['session', 0],
      ['session', 60_000],
      ['fault', 120_000],
      ['fault', 180_000],
      ['fault', 240_000],
      ['command', 300_000],
      ['restart-csms', 360_000],
      ['clear', 2_400_000],
      ['wait', 3_600_000],
    ]);
    expect(full.steps[2]?.source).toEqual({ file: 'scenarios/model.yaml', line: 21, column: 5 });
    expect(full.steps[2]?.name).toBe('ground-fault');
  });

  it('converts a session to ms and watts', () => {
    expect(full.steps[0]).toMatchObject({ connectorId: 2, idTag: 'DRIVER-1', durationMs: 2_700_000, powerW: 7_400, unplugAfterMs: 60_000 });
  });

  it('resolves a station, a list, a site, a site with a count and a fleet count to station ids', () => {
    const targets = full.steps.flatMap((step) => ('target' in step ? [step.target] : []));
    expect(targets.map((t) => [t.selector, t.stationIds, t.siteIds])).toEqual([
      [{ station: 'S1-CP1' }, ['S1-CP1'], ['S1']],
      [{ site: 'S2' }, ['S2-CP1', 'S2-CP2', 'S2-CP3', 'S2-CP4'], ['S2']],
      [{ station: 'S1-CP1' }, ['S1-CP1'], ['S1']],
      [{ stations: ['S2-CP2', 'S1-CP3'] }, ['S2-CP2', 'S1-CP3'], ['S2', 'S1']],
      [{ site: 'S3', count: 2 }, ['S3-CP1', 'S3-CP2'], ['S3']],
      // A fleet-wide count takes stations in fleet order, so it spreads over the sites.
      [{ count: 4 }, ['S1-CP1', 'S2-CP1', 'S3-CP1', 'S1-CP2'], ['S1', 'S2', 'S3']],
      [{ station: 'S1-CP1' }, ['S1-CP1'], ['S1']],
    ]);
  });

  it("completes fault parameters with the catalogue's defaults, and passes command payloads through", () => {
    expect(full.steps[3]).toMatchObject({ kind: 'fault', fault: 'authorization-failures' });
    expect(full.steps[3] && 'params' in full.steps[3] && full.steps[3].params).toEqual({ attempts: 4, spacingS: 300, idTag: 'BLOCKED-0001' });
    expect(full.steps[5]).toMatchObject({ kind: 'command', action: 'Reset', payload: { type: 'Soft' } });
  });

  it('measures within from the last fault step touching the expectation, or from the step named by after', () => {
    const [issue, escalation, command, site] = full.expectations;
    expect(issue).toMatchObject({ kind: 'issue', issue: 'safety-fault', stationId: 'S1-CP1', connectorId: 2, withinMs: 30_000 });
    expect(issue && 'from' in issue && issue.from).toEqual({ stepIndex: 2, stepName: 'ground-fault', atMs: 120_000 });
    expect(issue && 'deadlineMs' in issue && issue.deadlineMs).toBe(150_000);
    // No station: every fault step is in scope, and the last one is the site uplink outage.
    expect(escalation).toMatchObject({ kind: 'escalation', target: 'field-engineering', issue: 'safety-fault', from: { stepIndex: 4, atMs: 240_000 }, deadlineMs: 300_000 });
    // No within: until the scenario ends.
    expect(command).toMatchObject({ kind: 'command', action: 'ChangeAvailability', stationId: 'S1-CP1', payload: { type: 'Inoperative' }, deadlineMs: full.endMs });
    expect(site).toMatchObject({ kind: 'issue', siteId: 'S3', from: { stepIndex: 8, stepName: 'quiet', atMs: 3_600_000 }, deadlineMs: 3_900_000 });
  });

  it('types the other expectations, with units in their names', () => {
    expect(full.expectations.slice(4)).toMatchObject([
      { kind: 'never', action: 'Reset', stationId: 'S1-CP1', payload: { type: 'Hard' } },
      { kind: 'connector', stationId: 'S1-CP1', connectorId: 2, status: 'Available', after: 'technician-visit' },
      { kind: 'uptime', stationId: 'S2-CP1', connectorId: 1, atLeastPercent: 97 },
      { kind: 'metric', metric: 'detection-latency-p99', unit: 'ms', atMost: 45_000 },
      { kind: 'metric', metric: 'first-contact-resolution-rate', unit: 'percent', atLeast: 80 },
    ]);
    expect(full.expectations[4]?.source).toEqual({ file: 'scenarios/model.yaml', line: 48, column: 5 });
  });
});

describe('defaults', () => {
  const minimal = scenario([
    'name: minimal',
    'summary: Only what is required.',
    'protocol: ocpp2.0.1',
    'fleet: { sites: 1, stationsPerSite: 2 }',
    'steps:',
    '  - at: 1m',
    '    session: { station: S1-CP2 }',
    'expect: []',
  ]);

  it('fill in time scale, seed, fleet, CSMS, technician and duration', () => {
    expect(minimal).toMatchObject({
      tags: [],
      timeScale: SCENARIO_DEFAULTS.timeScale,
      seed: SCENARIO_DEFAULTS.seed,
      durationMs: SCENARIO_DEFAULTS.durationMs,
      endMs: 60_000 + SCENARIO_DEFAULTS.durationMs,
      allowIssues: [],
      fleet: { connectors: 2, heartbeatIntervalMs: 300_000, stationIds: ['S1-CP1', 'S1-CP2'] },
      csms: { heartbeatIntervalMs: 300_000, bootStatus: 'Accepted', sitesWithoutTariff: [], idTags: {}, detector: {}, desk: {} },
      technician: { travelMs: 7_200_000, repairMs: 1_800_000, testSession: true },
    });
  });

  it('fill in a session on connector 1 for 30 minutes, leaving token and power to the runner', () => {
    const [session] = minimal.steps;
    expect(session).toMatchObject({ kind: 'session', connectorId: 1, durationMs: 1_800_000, unplugAfterMs: 30_000 });
    expect(session).not.toHaveProperty('idTag');
    expect(session).not.toHaveProperty('powerW');
  });

  it('let the CSMS hand out the fleet heartbeat interval', () => {
    const other = scenario([
      'name: hb',
      'summary: s',
      'protocol: ocpp1.6',
      'fleet: { sites: 1, stationsPerSite: 1, heartbeatInterval: 1m }',
      'steps: [{ at: 0s, wait: true }]',
      'expect: []',
    ]);
    expect(other.csms.heartbeatIntervalMs).toBe(60_000);
  });
});
