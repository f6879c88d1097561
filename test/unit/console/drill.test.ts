import { describe, expect, it } from 'vitest';
import { actionLine, debriefRows, DRILL_REMOTE_ACTIONS, drillActionBody, parseConsoleConfig, scoreLine, sinceStart, UNKNOWN_CONFIG } from '../../../console/src/drill.js';
import { buildRemoteAction, GUIDED_ACTIONS } from '../../../harness/training/remote-actions.js';
import { faultLine, injectRequest } from '../../../console/src/faults.js';
import type { FaultKind } from '../../../console/src/types.js';

describe('drill model', () => {
  it('builds each action body in the drill API\'s words and names what is missing', () => {
    expect(drillActionBody('classify', { severity: 'critical' })).toEqual({ type: 'classify', severity: 'critical' });
    expect(drillActionBody('remote-action', { remote: 'soft-reset' })).toEqual({ type: 'remote-action', action: 'Reset', params: { type: 'Soft' } });
    expect(drillActionBody('remote-action', { remote: 'hard-reset' })).toEqual({ type: 'remote-action', action: 'Reset', params: { type: 'Hard' } });
    expect(drillActionBody('remote-action', { remote: 'unlock-connector' })).toEqual({ type: 'remote-action', action: 'UnlockConnector', params: {} });
    expect(drillActionBody('remote-action', { remote: 'make-inoperative' })).toEqual({ type: 'remote-action', action: 'ChangeAvailability', params: { type: 'Inoperative' } });
    expect(drillActionBody('remote-action', { remote: 'make-operative' })).toEqual({ type: 'remote-action', action: 'ChangeAvailability', params: { type: 'Operative' } });
    expect(drillActionBody('remote-action', { remote: 'trigger-status' })).toEqual({ type: 'remote-action', action: 'TriggerMessage', params: { requestedMessage: 'StatusNotification' } });
    expect(drillActionBody('escalate', { tier: 'tier-2' })).toEqual({ type: 'escalate', tier: 'tier-2' });
    expect(drillActionBody('work-order', { part: 'RCD' })).toEqual({ type: 'work-order', part: 'RCD' });
    expect(drillActionBody('close', {})).toEqual({ type: 'close' });
    expect(() => drillActionBody('escalate', { tier: '' })).toThrow('tier: choose one first');
    expect(() => drillActionBody('classify', {})).toThrow('severity: choose one first');
    expect(() => drillActionBody('remote-action', { remote: 'remote-start' })).toThrow('remote action: "remote-start" is not allowed, expected one of soft-reset, hard-reset, unlock-connector');
  });

  it('offers only actions the drill API guides, each one the API builds for the drilled connector', () => {
    for (const choice of DRILL_REMOTE_ACTIONS) {
      expect(GUIDED_ACTIONS).toContain(choice.action);
      const built = buildRemoteAction(choice.action, { ...choice.params }, 'ocpp1.6', 2);
      expect(built.ok, choice.id).toBe(true);
    }
  });

  it('lays the two timelines side by side, sharing rows at the same moment', () => {
    expect(
      debriefRows(
        [{ afterMs: 10, what: 'classified' }, { afterMs: 30, what: 'reset' }],
        [{ afterMs: 10, what: 'raised' }, { afterMs: 20, what: 'made inoperative' }, { afterMs: 40, what: 'work order' }],
      ),
    ).toEqual([
      { afterMs: 10, trainee: 'classified', playbook: 'raised' },
      { afterMs: 20, playbook: 'made inoperative' },
      { afterMs: 30, trainee: 'reset' },
      { afterMs: 40, playbook: 'work order' },
    ]);
  });

  it('words the score and each kind of action, with the station\'s answer or why there was none', () => {
    const at = '2026-12-01T03:00:00.000Z';
    expect(scoreLine({ total: 7, max: 10, items: [] })).toBe('7 of 10 points (70 %)');
    expect(actionLine({ at, afterMs: 1, type: 'escalate', tier: 'tier-2' })).toBe('escalated to tier-2');
    expect(actionLine({ at, afterMs: 1, type: 'verify', available: false, status: 'Faulted' })).toBe('verified: the connector is Faulted, not Available');
    expect(actionLine({ at, afterMs: 1, type: 'remote-action', action: 'Reset', payload: { type: 'Soft' }, response: { status: 'Accepted' } })).toBe('Reset {"type":"Soft"}: station answered {"status":"Accepted"}');
    expect(actionLine({ at, afterMs: 1, type: 'remote-action', action: 'Reset', payload: { type: 'Soft' }, error: { code: 'NotConnected', message: 'S1-CP1 is not connected' } })).toBe(
      'Reset {"type":"Soft"}: no answer: NotConnected, S1-CP1 is not connected',
    );
    expect(sinceStart(125_000)).toBe('+2 min 5 s');
  });

  it('reads the console config, a 404 as a plain csms', () => {
    expect(parseConsoleConfig(404, { error: 'no route' })).toEqual(UNKNOWN_CONFIG);
    expect(parseConsoleConfig(200, { control: true, drills: true, timeScale: 60, paused: false })).toEqual({ control: true, drills: true, timeScale: 60, paused: false });
    expect(() => parseConsoleConfig(200, { control: 'yes' })).toThrow('control must be true or false');
    expect(() => parseConsoleConfig(500, {})).toThrow('answered 500');
  });
});

const KINDS: FaultKind[] = [
  { kind: 'ground-failure', description: '', scope: 'connector', protocols: ['ocpp1.6'], params: { info: { description: '', default: 'RCD', allowed: ['text'] } } },
  { kind: 'power-loss-resets', description: '', scope: 'station', protocols: ['ocpp1.6'], params: { count: { description: '', default: 3, allowed: ['a whole number >= 1'] } } },
  { kind: 'site-uplink-outage', description: '', scope: 'stations', protocols: ['ocpp1.6'], params: {} },
];

describe('inject form', () => {
  it('builds the control API body with typed parameters', () => {
    expect(injectRequest(KINDS, { kind: 'ground-failure', target: ' S1-CP1 ', targetType: 'site', connector: '2', params: { info: '' }, at: '' })).toEqual({ kind: 'ground-failure', station: 'S1-CP1', connector: 2 });
    expect(injectRequest(KINDS, { kind: 'power-loss-resets', target: 'S1-CP1', targetType: 'site', connector: '', params: { count: '5' }, at: '10m' })).toEqual({
      kind: 'power-loss-resets',
      station: 'S1-CP1',
      params: { count: 5 },
      at: '10m',
    });
    expect(injectRequest(KINDS, { kind: 'site-uplink-outage', target: 'S2', targetType: 'site', connector: '', params: {}, at: '' })).toEqual({ kind: 'site-uplink-outage', site: 'S2' });
    expect(injectRequest(KINDS, { kind: 'site-uplink-outage', target: 'S2-CP1, S2-CP2', targetType: 'stations', connector: '', params: {}, at: '' })).toEqual({
      kind: 'site-uplink-outage',
      stations: ['S2-CP1', 'S2-CP2'],
    });
  });

  it('names the bad field', () => {
    expect(() => injectRequest(KINDS, { kind: 'nope', target: 'S1', targetType: 'site', connector: '', params: {}, at: '' })).toThrow('kind: "nope" is not in the catalogue');
    expect(() => injectRequest(KINDS, { kind: 'ground-failure', target: '', targetType: 'site', connector: '', params: {}, at: '' })).toThrow('target: a station id is required');
    expect(() => injectRequest(KINDS, { kind: 'ground-failure', target: 'S1', targetType: 'site', connector: '0', params: {}, at: '' })).toThrow('connector: "0" is not allowed');
    expect(() => injectRequest(KINDS, { kind: 'power-loss-resets', target: 'S1', targetType: 'site', connector: '', params: { count: 'many' }, at: '' })).toThrow('params.count: "many" is not a number');
  });

  it('words a fault', () => {
    expect(faultLine({ id: 'f1', kind: 'ground-failure', state: 'active', targets: { stationIds: ['S1-CP1'], connectorId: 1 } })).toBe('f1 ground-failure on S1-CP1 connector 1: active');
  });
});
