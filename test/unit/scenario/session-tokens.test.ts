/** A scenario's session token is checked by the token rules of the scenario's OCPP version. */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../harness/runner/scenario/load.js';
import { formatProblem } from '../../../harness/runner/scenario/problems.js';

const FILE = 'scenarios/x.yaml';

function problems(protocol: string, idTag: string): string[] {
  const lines = ['name: x', 'summary: a scenario under test', `protocol: ${protocol}`, 'fleet: { sites: 1, stationsPerSite: 1 }', 'steps:', '  - at: 0s', `    session: { station: S1-CP1, idTag: ${idTag} }`, 'expect: []'];
  const result = parseScenario(lines.join('\n'), FILE);
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('session idTag in a scenario', () => {
  it('refuses a 1.6 token longer than 20 characters, naming the idTag rule', () => {
    expect(problems('ocpp1.6', 'DRIVER-WITH-A-LONG-NAME')).toEqual([
      `${FILE}:7:40: /steps/0/session/idTag: "DRIVER-WITH-A-LONG-NAME" is not a valid idTag: expected 1 to 20 printable characters for an ocpp1.6 station`,
    ]);
  });

  it('accepts it on 2.0.1, where a readable token is sent as Local (up to 36 characters)', () => {
    expect(problems('ocpp2.0.1', 'DRIVER-WITH-A-LONG-NAME')).toEqual([]);
    expect(problems('ocpp2.0.1', '04A3F29B1C5E80')).toEqual([]);
  });
});
