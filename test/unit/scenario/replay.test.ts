/**
 * Replay: a trace of JSON lines read into frames, imported into a scenario (protocol, station, answers armed
 * before the CSMS can ask, the recorded transactionId kept), and the loader's checks of a replay step.
 */
import { describe, expect, it } from 'vitest';
import { importReplay } from '../../../harness/replay/import.js';
import { readTrace } from '../../../harness/replay/trace.js';
import { catalogueFaultParams } from '../../../harness/runner/fault-validator.js';
import { parseScenario } from '../../../harness/runner/scenario/load.js';
import type { ReplayStep } from '../../../harness/runner/scenario/model.js';

const T0 = Date.parse('2026-11-30T10:00:00Z');
const line = (s: number, direction: string, frame: unknown[]) => JSON.stringify({ at: new Date(T0 + s * 1_000).toISOString(), direction, stationId: 'ACME-S4-CP2', frame });

const TRACE = [
  line(0, 'station-to-csms', [2, 'b1', 'BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'X' }]),
  line(0.1, 'csms-to-station', [3, 'b1', { status: 'Accepted', currentTime: '2026-11-30T10:00:00Z', interval: 120 }]),
  line(10, 'station-to-csms', [2, 's1', 'StartTransaction', { connectorId: 2, idTag: 'CARD-1', meterStart: 0, timestamp: '2026-11-30T10:00:10Z' }]),
  line(10.1, 'csms-to-station', [3, 's1', { transactionId: 77, idTagInfo: { status: 'Accepted' } }]),
  line(70, 'station-to-csms', [2, 'f1', 'StatusNotification', { connectorId: 2, status: 'Faulted', errorCode: 'GroundFailure', timestamp: '2026-11-30T10:01:10Z' }]),
  line(70.2, 'csms-to-station', [2, 'c1', 'ChangeAvailability', { connectorId: 2, type: 'Inoperative' }]),
  line(70.3, 'station-to-csms', [3, 'c1', { status: 'Scheduled' }]),
].join('\n');

const options = { timeScale: 120, tailMs: 300_000, expect: [], source: 'field.jsonl' } as const;

describe('replay-import', () => {
  it('imports JSON lines: protocol from the actions, the station id from the trace, boot left to the fleet', () => {
    const trace = readTrace(TRACE);
    expect(trace.problems).toEqual([]);
    const imported = importReplay(trace.frames, { ...options, expect: ['safety-fault'] });
    if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
    const parsed = parseScenario(imported.yaml, 'replay.yaml', { validateFaultParams: catalogueFaultParams });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const { scenario } = parsed;
    expect(scenario.protocol).toBe('ocpp1.6');
    expect(scenario.fleet).toMatchObject({ sites: 4, stationsPerSite: 2, connectors: 2, heartbeatIntervalMs: 120_000 });
    const steps = scenario.steps as ReplayStep[];
    // Times count from the boot's answer; the recorded boot itself is not replayed.
    expect(steps.map((s) => [s.atMs, s.mode, s.action])).toEqual([
      [9_900, 'send', 'StartTransaction'],
      [69_900, 'send', 'StatusNotification'],
      // Armed with the CALL that made the CSMS ask, so it is in place before the CSMS's CALL arrives.
      [69_900, 'answer', 'ChangeAvailability'],
    ]);
    expect(steps[0]?.recordedAnswer).toEqual({ transactionId: 77, idTagInfo: { status: 'Accepted' } });
    expect(steps[2]?.payload).toEqual({ status: 'Scheduled' });
    expect(steps.every((s) => s.target.stationIds[0] === 'S4-CP2')).toBe(true);
    expect(scenario.expectations).toEqual([expect.objectContaining({ kind: 'issue', issue: 'safety-fault', stationId: 'S4-CP2' })]);
    expect(scenario.allowIssues).not.toContain('safety-fault');
  });

  it('names what is wrong with a line of the trace', () => {
    expect(readTrace('{"at": "yesterday", "direction": "in", "frame": [2, "a", "Heartbeat", {}]}\n{"at": 1, "direction": "up", "frame": []}').problems).toEqual([
      { path: 'line 1/at', message: '"yesterday" is not a time', allowed: ['epoch milliseconds', 'an ISO 8601 date-time'] },
      { path: 'line 2/direction', message: '"up" is not a direction', allowed: ['in', 'out', 'station-to-csms', 'csms-to-station'] },
    ]);
  });
});

describe('a replay step in a scenario file', () => {
  const file = (step: string) => `name: replay-checks
summary: Replay steps the loader checks.
protocol: ocpp1.6
fleet: { sites: 1, stationsPerSite: 1 }
steps:
  - at: 0s
    replay: ${step}
expect: []
`;
  const problems = (step: string) => {
    const parsed = parseScenario(file(step), 'r.yaml', { validateFaultParams: catalogueFaultParams });
    return parsed.ok ? [] : parsed.problems.map((p) => [p.path, p.message]);
  };

  it('accepts a recorded CALL and an answer', () => {
    expect(problems('{ station: S1-CP1, send: Heartbeat, payload: {}, recordedAt: "2026-11-30T10:00:00Z" }')).toEqual([]);
    expect(problems('{ station: S1-CP1, answer: Reset, payload: { status: Accepted } }')).toEqual([]);
  });

  it('refuses an action of the other side, a payload the schema refuses, and an answer with recording fields', () => {
    expect(problems('{ station: S1-CP1, send: Reset, payload: { type: Hard } }')).toEqual([['/steps/0/replay/send', '"Reset" is not sent by the station in ocpp1.6']]);
    expect(problems('{ station: S1-CP1, send: StatusNotification, payload: { connectorId: 1 } }')[0]?.[0]).toBe('/steps/0/replay/payload');
    expect(problems('{ station: S1-CP1, answer: Reset, payload: { status: Accepted }, recordedAt: "2026-11-30T10:00:00Z" }')).toEqual([
      ['/steps/0/replay', 'recordedAt and recordedAnswer go with send, not answer'],
    ]);
  });
});
