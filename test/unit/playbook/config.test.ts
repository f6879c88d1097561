import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOK_CONFIG, parsePlaybookConfig, PlaybookConfigError, validatePlaybookConfig } from '../../../harness/playbook/config.js';

describe('playbook config', () => {
  it('accepts its own defaults', () => {
    expect(validatePlaybookConfig(DEFAULT_PLAYBOOK_CONFIG)).toEqual([]);
    expect(parsePlaybookConfig()).toMatchObject({ unresolvedToEngineeringMs: 3_600_000, outageToManagementMs: 14_400_000, testSessionAfterRecovery: false });
  });

  it('starts the stuck-Finishing ladder at UnlockConnector and the generic one at TriggerMessage', () => {
    const config = parsePlaybookConfig();
    expect(config.ladders['stuck-finishing'][0]).toBe('unlock-connector');
    expect(config.ladders['connector-faulted']).toEqual(['trigger-status', 'unlock-connector', 'soft-reset', 'hard-reset']);
  });

  it('merges nested settings per key instead of replacing the whole record', () => {
    const config = parsePlaybookConfig({ ladders: { 'stuck-finishing': ['soft-reset'] }, verifyAvailableWithinMs: { 'hard-reset': 900_000 } });
    expect(config.ladders).toMatchObject({ 'stuck-finishing': ['soft-reset'], 'power-meter-failure': ['soft-reset'] });
    expect(config.verifyAvailableWithinMs).toMatchObject({ 'hard-reset': 900_000, 'unlock-connector': 120_000 });
  });

  it('lists every problem in one error, including a reset configured for a safety fault', () => {
    const bad = {
      unresolvedToEngineeringMs: -1,
      testSessionAfterRecovery: 'yes',
      ladders: { 'stuck-finishing': ['reboot'], 'safety-fault': [] },
      laddersByErrorCode: { GroundFailure: ['soft-reset'] },
      verifyAvailableWithinMs: { 'soft-reset': 0 },
      bogusMs: 1,
    };
    expect(validatePlaybookConfig(bad)).toEqual([
      { path: '/unresolvedToEngineeringMs', message: '-1 is not allowed', allowed: ['a number of milliseconds > 0'] },
      { path: '/testSessionAfterRecovery', message: '"yes" is not allowed', allowed: ['true or false'] },
      { path: '/ladders/stuck-finishing/0', message: '"reboot" is not allowed', allowed: ['trigger-status', 'unlock-connector', 'soft-reset', 'hard-reset'] },
      { path: '/ladders/safety-fault', message: 'is not a known setting', allowed: ['no-connectivity', 'connector-faulted', 'power-meter-failure', 'stuck-finishing'] },
      { path: '/laddersByErrorCode/GroundFailure/0', message: '"soft-reset" is not allowed', allowed: ['no reset on a safety fault'] },
      { path: '/verifyAvailableWithinMs/soft-reset', message: '0 is not allowed', allowed: ['a number of milliseconds > 0'] },
      { path: '/bogusMs', message: 'is not a known setting', allowed: expect.arrayContaining(['ladders', 'routing']) },
    ]);
    expect(() => parsePlaybookConfig(bad as never)).toThrow(
      [
        'invalid playbook config:',
        '  unresolvedToEngineeringMs: -1 is not allowed, expected a number of milliseconds > 0',
        '  testSessionAfterRecovery: "yes" is not allowed, expected true or false',
        '  ladders.stuck-finishing[0]: "reboot" is not allowed, expected one of trigger-status, unlock-connector, soft-reset, hard-reset',
        '  ladders.safety-fault: is not a known setting, expected one of no-connectivity, connector-faulted, power-meter-failure, stuck-finishing',
        '  laddersByErrorCode.GroundFailure[0]: "soft-reset" is not allowed, expected no reset on a safety fault',
        '  verifyAvailableWithinMs.soft-reset: 0 is not allowed, expected a number of milliseconds > 0',
        '  bogusMs: is not a known setting, expected one of ladders, ',
      ].join('\n'),
    );
    expect(() => parsePlaybookConfig(bad as never)).toThrow(PlaybookConfigError);
    expect(() => parsePlaybookConfig(bad as never)).toThrow(/invalid playbook config:\n {2}unresolvedToEngineeringMs/);
  });

  it('refuses a config that is not an object', () => {
    expect(validatePlaybookConfig([])).toEqual([{ path: '', message: '[] is not allowed', allowed: ['an object'] }]);
    expect(() => parsePlaybookConfig([] as never)).toThrow('config: [] is not allowed, expected an object');
  });
});
