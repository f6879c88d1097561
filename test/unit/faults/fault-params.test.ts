/** Fault parameters and targets are checked before anything is injected, with messages that say what is allowed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_KINDS, FAULTS, FaultInputError, faultParams, injectFault, validateFaultParams } from '../../../simulator/faults/registry.js';
import type { FaultDefinition } from '../../../simulator/faults/types.js';
import { startRig, type Rig } from './fault-rig.js';

describe('fault parameters', () => {
  it('fills in the defaults when a scenario gives no parameters', () => {
    expect(validateFaultParams('power-loss-resets', undefined)).toEqual({ ok: true, params: { count: 3, spacingS: 600 } });
    expect(validateFaultParams('connector-lock-failure', {})).toMatchObject({ ok: true, params: { recoversRemotely: true } });
  });

  it('refuses a negative count with the kind, the key, the value and what is allowed', () => {
    expect(validateFaultParams('power-loss-resets', { count: -1 })).toEqual({
      ok: false,
      problems: [{ path: '/count', message: '-1 is not allowed', allowed: ['a whole number >= 1'] }],
    });
    expect(() => faultParams('power-loss-resets', { count: -1 })).toThrow('power-loss-resets.count: -1 is not allowed, expected a whole number >= 1');
  });

  it('reports every bad parameter at once, including a wrong type and an unknown key', () => {
    const result = validateFaultParams('power-loss-resets', { count: '3', spacingS: 1.5, spaceingS: 60 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([
      { path: '/spaceingS', message: 'unknown parameter', allowed: ['count', 'spacingS'] },
      { path: '/count', message: '"3" is not allowed', allowed: ['a whole number >= 1'] },
      { path: '/spacingS', message: '1.5 is not allowed', allowed: ['a whole number >= 1'] },
    ]);
    expect(() => faultParams('power-loss-resets', { count: '3', spacingS: 1.5, spaceingS: 60 })).toThrow(
      'power-loss-resets.spaceingS: unknown parameter, expected one of count, spacingS; power-loss-resets.count: "3" is not allowed, expected a whole number >= 1; ' +
        'power-loss-resets.spacingS: 1.5 is not allowed, expected a whole number >= 1',
    );
  });

  it('checks enumerations, flags and text lengths', () => {
    const result = validateFaultParams('repeated-failed-sessions', { mode: 'slow', idTag: 'X'.repeat(21) });
    expect(!result.ok && result.problems).toEqual([
      { path: '/mode', message: '"slow" is not allowed', allowed: ['no-energy', 'fault-stop'] },
      { path: '/idTag', message: '"XXXXXXXXXXXXXXXXXXXXX" is not allowed', allowed: ['a token of 1 to 20 printable characters (OCPP 1.6 idTag)'] },
    ]);
    expect(() => faultParams('repeated-failed-sessions', { mode: 'slow' })).toThrow('repeated-failed-sessions.mode: "slow" is not allowed, expected one of no-energy, fault-stop');
    const flagResult = validateFaultParams('heartbeat-loss', { reachable: 'no' });
    expect(!flagResult.ok && flagResult.problems).toEqual([{ path: '/reachable', message: '"no" is not allowed', allowed: ['true or false'] }]);
  });

  it('refuses an unknown fault kind and lists the known ones', () => {
    const result = validateFaultParams('meteor-strike', {});
    expect(!result.ok && result.problems).toEqual([{ path: '', message: 'fault kind "meteor-strike" is not allowed', allowed: [...FAULT_KINDS] }]);
    expect(FAULT_KINDS.slice(0, 2)).toEqual(['heartbeat-loss', 'connection-loss']);
  });

  it('has one definition per kind, each with a description, both protocols, a clearing rule and valid defaults', () => {
    expect(Object.keys(FAULTS).sort()).toEqual([...FAULT_KINDS].sort());
    for (const kind of FAULT_KINDS) {
      const definition = FAULTS[kind];
      expect(definition.kind).toBe(kind);
      expect(definition.description.length).toBeGreaterThan(40);
      expect(definition.protocols).toEqual(['ocpp1.6', 'ocpp2.0.1']);
      const defaults = validateFaultParams(kind, {});
      if (!defaults.ok) throw new Error(JSON.stringify(defaults.problems));
      const rule = (FAULTS[kind] as FaultDefinition<object>).clearedBy(defaults.params);
      expect(rule.summary.length).toBeGreaterThan(10);
      for (const [name, spec] of Object.entries(definition.params)) expect(spec.description, `${kind}.${name}`).not.toBe('');
    }
  });

  it('says a safety fault is cleared by no remote command, only by a technician', () => {
    for (const kind of ['ground-failure', 'high-temperature'] as const) {
      expect(FAULTS[kind].clearedBy({ info: 'x', vendorErrorCode: 'y' })).toMatchObject({ remote: [], technician: true, owner: 'field-engineering' });
    }
  });

  it('lets a scenario choose whether a lock failure recovers remotely', () => {
    const base = { info: 'x', vendorErrorCode: 'y' };
    expect(FAULTS['connector-lock-failure'].clearedBy({ ...base, recoversRemotely: true }).remote).toEqual(['UnlockConnector+reset']);
    expect(FAULTS['connector-lock-failure'].clearedBy({ ...base, recoversRemotely: false }).remote).toEqual([]);
  });
});

describe('fault targets', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig({ protocol: 'ocpp1.6', stationIds: ['S1-CP1', 'S1-CP2'] });
  });
  afterAll(() => rig?.close());

  it('refuses a connector the station does not have, as data and as text', () => {
    const inject = () => injectFault('ground-failure', { stations: [rig.station], connectorId: 3 }, faultParams('ground-failure'), { clock: rig.clock });
    expect(inject).toThrow(FaultInputError);
    expect(inject).toThrow(expect.objectContaining({
      code: 'CHARGEDRILL_FAULT_INPUT',
      problems: [{ path: '/ground-failure', message: 'connector 3 is not allowed on S1-CP1', allowed: ['1 to 2'] }],
      message: 'ground-failure: connector 3 is not allowed on S1-CP1, expected 1 to 2',
    }));
  });

  it('refuses bad parameters when they are made, before any injection', () => {
    expect(() => faultParams('ground-failure', { info: '' })).toThrow(FaultInputError);
    expect(() => faultParams('ground-failure', { info: '' })).toThrow('ground-failure.info: "" is not allowed, expected text of 1 to 50 characters');
  });

  it('refuses ConcurrentTx on a single station and a connector fault on two', () => {
    expect(() => injectFault('concurrent-tx', { stations: [rig.station] }, faultParams('concurrent-tx'), { clock: rig.clock })).toThrow(
      'concurrent-tx: 1 target station(s) is not allowed, expected at least 2',
    );
    expect(() => injectFault('ground-failure', { stations: rig.stations }, faultParams('ground-failure'), { clock: rig.clock })).toThrow(
      'ground-failure: 2 target stations is not allowed, expected exactly 1 (it is a fault of one connector)',
    );
  });
});
