import { describe, expect, it } from 'vitest';
import type { FaultParamsValidator } from '../../../harness/runner/scenario/fault-params.js';
import { parseScenario } from '../../../harness/runner/scenario/load.js';
import type { LoadOptions } from '../../../harness/runner/scenario/load.js';
import { formatProblem } from '../../../harness/runner/scenario/problems.js';

const FILE = 'scenarios/x.yaml';

/** Lines 1–4 of every test file; what follows starts on line 5. */
const HEADER = ['name: x', 'summary: a scenario under test', 'protocol: ocpp1.6', 'fleet: { sites: 2, stationsPerSite: 2 }'];

function problems(lines: readonly string[], options?: LoadOptions): string[] {
  const result = parseScenario(lines.join('\n'), FILE, options);
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('a bad scenario file is refused with file:line:column', () => {
  it('for a YAML syntax error, where the parser found it', () => {
    expect(problems([...HEADER, 'steps:', '  - at: 0s', '    wait: true', '  bad: [1, 2', 'expect: []'])).toEqual([
      `${FILE}:8:3: YAML syntax error: All mapping items must start at the same column`,
      `${FILE}:9:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ]);
  });

  it('for a key written twice', () => {
    expect(problems([...HEADER, 'name: y', 'steps: [{ at: 0s, wait: true }]', 'expect: []'])).toEqual([
      `${FILE}:5:1: YAML syntax error: Map keys must be unique`,
    ]);
  });

  it('for an unknown key, at the key, listing the keys allowed there', () => {
    expect(
      problems([...HEADER, 'steps:', '  - at: 0s', '    fault: { kind: ground-failure, station: S1-CP1 }', 'expect:', '  - issue: safety-fault', '    station: S1-CP1', '    withn: 30s']),
    ).toEqual([`${FILE}:11:5: /expect/0: unknown key "withn" (did you mean "within"?) (allowed: issue, station, site, connector, within, after)`]);
  });

  it('for a value outside an enum, listing the allowed values', () => {
    const [problem] = problems([...HEADER, 'steps:', '  - at: 0s', '    session: { station: S1-CP1 }', '  - at: 2m', '    fault: { kind: ground-fault, station: S1-CP1 }', 'expect: []']);
    expect(problem).toBe(
      `${FILE}:9:20: /steps/1/fault/kind: "ground-fault" is not a known fault (did you mean "ground-failure"?) ` +
        '(allowed: heartbeat-loss, connection-loss, site-uplink-outage, ground-failure, high-temperature, stuck-finishing, ' +
        'power-loss-resets, crash-loop, power-meter-failure, connector-lock-failure, reader-failure, ev-communication-error, ' +
        'authorization-failures, concurrent-tx, cost-not-configured, repeated-failed-sessions)',
    );
  });

  it("for a command, listing only the scenario protocol's commands", () => {
    const [problem] = problems([...HEADER, 'steps: [{ at: 0s, wait: true }]', 'expect:', '  - never: { command: Rest }']);
    expect(problem).toMatch(new RegExp(`^${FILE}:7:23: /expect/0/never/command: "Rest" is not a known CSMS command \\(did you mean "Reset"\\?\\) \\(allowed: CancelReservation, `));
    expect(problem).toContain('RemoteStartTransaction');
    expect(problem).not.toContain('RequestStartTransaction');
  });

  it('for a bad duration, saying what a duration looks like', () => {
    expect(problems([...HEADER, 'steps:', '  - at: 5 minutes', '    wait: true', '  - at: 0', '    wait: true', 'expect: []'])).toEqual([
      `${FILE}:6:9: /steps/0/at: "5 minutes" is not a duration (allowed: a duration like 250ms, 90s, 5m, 24h or 1h30m)`,
      `${FILE}:8:9: /steps/1/at: 0 is not a duration (allowed: a duration like 250ms, 90s, 5m, 24h or 1h30m)`,
    ]);
  });

  it('for a station, site, count or connector outside the fleet', () => {
    expect(
      problems([
        ...HEADER,
        'steps:',
        '  - at: 0s',
        '    fault: { kind: ground-failure, station: S3-CP1 }',
        '  - at: 0s',
        '    session: { site: S1, count: 3, connector: 3 }',
        '  - at: 0s',
        '    clear: { fault: ground-failure, site: S9 }',
        'expect: []',
      ]),
    ).toEqual([
      `${FILE}:7:45: /steps/0/fault/station: station "S3-CP1" is not in the fleet (allowed: S1-CP1, S1-CP2, S2-CP1, S2-CP2)`,
      `${FILE}:9:33: /steps/1/session/count: 3 is more than the 2 stations of S1 (allowed: at most 2)`,
      `${FILE}:9:47: /steps/1/session/connector: connector 3 does not exist: stations have 2 (allowed: 1 … 2)`,
      `${FILE}:11:43: /steps/2/clear/site: site "S9" is not in the fleet (allowed: S1, S2)`,
    ]);
  });

  it('for a within that ends after the scenario, saying how long it may be', () => {
    expect(
      problems([...HEADER, 'steps:', '  - at: 2m', '    fault: { kind: ground-failure, station: S1-CP1 }', 'expect:', '  - issue: safety-fault', '    station: S1-CP1', '    within: 30m']),
    ).toEqual([
      `${FILE}:11:13: /expect/0/within: 30m from step 0 at 2m ends at 32m, after the scenario ends at 12m ` +
        '(last step at 2m + duration 10m); shorten it or lengthen duration (allowed: at most 10m)',
    ]);
  });

  it('for missing required keys, at the object that lacks them', () => {
    expect(problems(['name: x', 'summary: s', 'fleet: { sites: 2 }', 'steps:', '  - at: 0s', 'expect: []'])).toEqual([
      `${FILE}:1:1: missing required key "protocol"`,
      `${FILE}:3:8: /fleet: missing required key "stationsPerSite"`,
      `${FILE}:5:5: /steps/0: needs exactly one of these keys (found: at) (allowed: session, fault, clear, wait, restartCsms, command, replay)`,
    ]);
  });

  it('for a value of the wrong type', () => {
    expect(problems([...HEADER, 'seed: seven', 'steps:', '  - at: 0s', '    session: { station: S1-CP1, connector: two }', 'expect: []'])).toEqual([
      `${FILE}:5:7: /seed: expected a whole number, got the string "seven"`,
      `${FILE}:8:44: /steps/0/session/connector: expected a whole number, got the string "two"`,
    ]);
  });

  it('for an empty file or a list instead of a mapping', () => {
    expect(problems([''])).toEqual([`${FILE}:1:1: expected a mapping (key: value), got nothing`]);
    expect(problems(['- a', '- b'])).toEqual([`${FILE}:1:1: expected a mapping (key: value), got a list`]);
  });

  it('for a step with two actions, or an expectation of no known kind', () => {
    expect(problems([...HEADER, 'steps:', '  - at: 0s', '    wait: true', '    restartCsms: true', 'expect:', '  - isue: safety-fault', '    within: 30s'])).toEqual([
      `${FILE}:6:5: /steps/0: has "wait" and "restartCsms": only one of them is allowed (allowed: session, fault, clear, wait, restartCsms, command, replay)`,
      `${FILE}:10:5: /expect/0: needs one of these keys (found: isue, within; did you mean "issue"?) ` +
        '(allowed: issue, escalation, command, never, connector, uptime, metric)',
    ]);
  });
});

describe('what the schema cannot say is refused too', () => {
  it('steps out of time order, a name used twice, and a reserved name', () => {
    expect(
      problems([
        ...HEADER,
        'steps:',
        '  - { at: 5m, name: a, wait: true }',
        '  - { at: 1m, name: a, wait: true }',
        '  - { at: 6m, name: end, wait: true }',
        'expect: []',
      ]),
    ).toEqual([
      `${FILE}:7:11: /steps/1/at: 1m is before the previous step's 5m: steps are in time order (allowed: 5m or later)`,
      `${FILE}:7:21: /steps/1/name: step name "a" is already used by step 0`,
      `${FILE}:8:21: /steps/2/name: "end" is reserved for connector expectations`,
    ]);
  });

  it('a clear of a fault no earlier step injected there', () => {
    expect(
      problems([...HEADER, 'steps:', '  - at: 0s', '    fault: { kind: ground-failure, station: S1-CP1 }', '  - at: 1m', '    clear: { fault: ground-failure, station: S1-CP2 }', 'expect: []']),
    ).toEqual([`${FILE}:9:21: /steps/1/clear/fault: no earlier step injects "ground-failure" into S1-CP2`]);
  });

  it('an operator command that is not a command of the protocol, or whose payload is not a valid request', () => {
    expect(
      problems([
        ...HEADER,
        'steps:',
        '  - at: 0s',
        '    command: { action: RequestStartTransaction, station: S1-CP1 }',
        '  - at: 1m',
        '    command: { action: Reset, station: S1-CP1, payload: { type: Immediate } }',
        'expect: []',
      ]),
    ).toEqual([
      expect.stringMatching(new RegExp(`^${FILE}:7:24: /steps/0/command/action: "RequestStartTransaction" is not a command of ocpp1.6 \\(allowed: CancelReservation, `)),
      `${FILE}:9:57: /steps/1/command/payload: not a valid ocpp1.6 Reset request: /type must be one of Hard, Soft`,
    ]);
  });

  it('an expectation with nothing to measure within from, or after a step that does not exist', () => {
    expect(
      problems([
        ...HEADER,
        'steps:',
        '  - { at: 0s, name: ground-fault, fault: { kind: ground-failure, station: S1-CP1 } }',
        'expect:',
        '  - { issue: safety-fault, station: S2-CP1, within: 1m }',
        '  - { issue: safety-fault, after: ground-falt, within: 1m }',
      ]),
    ).toEqual([
      `${FILE}:8:5: /expect/0: nothing to measure "within" from: no step touches S2-CP1; name the step with "after" (allowed: ground-fault)`,
      `${FILE}:9:35: /expect/1/after: no step is named "ground-falt" (did you mean "ground-fault"?) (allowed: ground-fault)`,
    ]);
  });

  it("a connector status of the other protocol, and a technician visit that cannot end before the scenario does", () => {
    expect(
      problems([
        ...HEADER,
        'steps:',
        '  - { at: 2m, fault: { kind: ground-failure, station: S1-CP1 } }',
        'expect:',
        '  - connector: { station: S1-CP1, connector: 1, status: Occupied, after: technician-visit }',
      ]),
    ).toEqual([
      `${FILE}:8:57: /expect/0/connector/status: "Occupied" is not a connector status of ocpp1.6 ` +
        '(allowed: Available, Preparing, Charging, SuspendedEVSE, SuspendedEV, Finishing, Reserved, Unavailable, Faulted)',
      `${FILE}:8:74: /expect/0/connector/after: the technician's visit ends at 2h32m at the earliest ` +
        '(fault at 2m + travel 2h + repair 30m), after the scenario ends at 12m (allowed: duration of at least 2h30m, a shorter technician travelTime or repairTime)',
    ]);
  });

  it('a metric bound of the wrong unit', () => {
    expect(problems([...HEADER, 'steps: [{ at: 0s, wait: true }]', 'expect:', '  - metric: { name: detection-latency-p99, atMost: 50 }'])).toEqual([
      `${FILE}:7:52: /expect/0/metric/atMost: 50 is not a duration (detection-latency-p99 is a time) (allowed: a duration like 250ms, 90s, 5m, 24h or 1h30m)`,
    ]);
  });

  it('a desk ladder that resets into a safety fault, and a site without tariff outside the fleet', () => {
    expect(
      problems([
        ...HEADER,
        'csms:',
        '  sitesWithoutTariff: [S3]',
        '  desk: { laddersByErrorCode: { GroundFailure: [soft-reset] } }',
        'steps: [{ at: 0s, wait: true }]',
        'expect: []',
      ]),
    ).toEqual([
      `${FILE}:6:24: /csms/sitesWithoutTariff/0: site "S3" is not in the fleet (allowed: S1, S2)`,
      `${FILE}:7:49: /csms/desk/laddersByErrorCode/GroundFailure/0: "soft-reset" is not allowed (allowed: no reset on a safety fault)`,
    ]);
  });

  it("fault parameters the fault catalogue's validator refuses, at the parameter", () => {
    const validateFaultParams: FaultParamsValidator = (kind, params, context) => ({
      problems:
        kind === 'power-loss-resets' && typeof params['count'] !== 'number'
          ? [{ path: '/params/count', message: `${kind} needs a count on ${context.target.stationIds.join(', ')}`, allowed: ['a whole number ≥ 1'] }]
          : [],
    });
    expect(
      problems([...HEADER, 'steps:', '  - at: 0s', '    fault:', '      kind: power-loss-resets', '      station: S1-CP1', '      params: { count: many }', 'expect: []'], {
        validateFaultParams,
      }),
    ).toEqual([`${FILE}:10:24: /steps/0/fault/params/count: power-loss-resets needs a count on S1-CP1 (allowed: a whole number ≥ 1)`]);
  });
});
