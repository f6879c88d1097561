import { afterEach, describe, expect, it } from 'vitest';
import { parseScenario } from '../../../harness/runner/scenario/load.js';
import { formatProblem } from '../../../harness/runner/scenario/problems.js';
import { SCENARIO_SCHEMA } from '../../../harness/runner/scenario/schema.js';
import { OCPP16_CSMS_ACTIONS, OCPP201_CSMS_ACTIONS } from '../../../simulator/protocol/actions.js';
import { OcppError } from '../../../simulator/protocol/errors.js';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import { FEATURE_PROFILES, FeatureProfiles, profileOf } from '../../../simulator/station/feature-profiles.js';
import { createStationFixture, startAccepted, type StationFixture } from './station-fixture.js';

let fixture: StationFixture | undefined;
afterEach(async () => {
  await fixture?.station.stop();
  fixture = undefined;
});

const TRIGGER_HEARTBEAT = { requestedMessage: 'Heartbeat' };

async function refusal(promise: Promise<unknown>): Promise<OcppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof OcppError)) throw new Error(`expected an OcppError, got ${String(error)}`);
  return error;
}

describe('feature profiles', () => {
  it('every CSMS -> station action of both versions belongs to a profile', () => {
    for (const action of OCPP16_CSMS_ACTIONS) expect(FEATURE_PROFILES, action).toContain(profileOf('ocpp1.6', action));
    for (const action of OCPP201_CSMS_ACTIONS) expect(FEATURE_PROFILES, action).toContain(profileOf('ocpp2.0.1', action));
    expect(profileOf('ocpp1.6', 'Heartbeat')).toBeUndefined();
    expect(profileOf('ocpp2.0.1', 'SendLocalList')).toBe('LocalAuthListManagement');
    expect(profileOf('ocpp1.6', 'GetDiagnostics')).toBe('FirmwareManagement');
  });

  it('Core is always advertised and an unknown profile name is refused', () => {
    expect(new FeatureProfiles(['RemoteTrigger']).toCsl()).toBe('Core,RemoteTrigger');
    expect(new FeatureProfiles().toCsl()).toBe(FEATURE_PROFILES.join(','));
    expect(() => new FeatureProfiles(['Core', 'Firmware'])).toThrow(/unknown feature profile "Firmware": allowed are Core, FirmwareManagement/);
  });

  it('gives one shared instance per list of profiles, and refuses an unknown name every time', () => {
    const triggerOnly = FeatureProfiles.of(['RemoteTrigger']);
    expect(FeatureProfiles.of(['RemoteTrigger'])).toBe(triggerOnly);
    expect(triggerOnly.toCsl()).toBe('Core,RemoteTrigger');
    expect(FeatureProfiles.of()).toBe(FeatureProfiles.of());
    expect(FeatureProfiles.of().toCsl()).toBe(FEATURE_PROFILES.join(','));
    expect(FeatureProfiles.of(['SmartCharging'])).not.toBe(triggerOnly);
    for (let i = 0; i < 2; i++) expect(() => FeatureProfiles.of(['Firmware'])).toThrow(/unknown feature profile "Firmware"/);
  });

  for (const protocol of ['ocpp1.6', 'ocpp2.0.1'] as OcppProtocol[]) {
    it(`${protocol}: a command of a profile not advertised is answered NotSupported; the same command works when advertised`, async () => {
      fixture = createStationFixture(protocol, { featureProfiles: ['Core', 'SmartCharging'] });
      await startAccepted(fixture);
      const error = await refusal(fixture.fake.invoke('TriggerMessage', TRIGGER_HEARTBEAT));
      expect(error.code).toBe('NotSupported');
      expect(error.message).toContain('RemoteTrigger');
      // Core commands still work.
      await expect(fixture.fake.invoke('ClearCache', {})).resolves.toEqual({ status: 'Accepted' });
      await fixture.station.stop();

      fixture = createStationFixture(protocol);
      await startAccepted(fixture);
      await expect(fixture.fake.invoke('TriggerMessage', TRIGGER_HEARTBEAT)).resolves.toEqual({ status: 'Accepted' });
    });
  }

  it('1.6 SupportedFeatureProfiles lists exactly the advertised profiles, read-only', async () => {
    fixture = createStationFixture('ocpp1.6', { featureProfiles: ['Reservation', 'RemoteTrigger'] });
    await startAccepted(fixture);
    await expect(fixture.fake.invoke('GetConfiguration', { key: ['SupportedFeatureProfiles'] })).resolves.toEqual({
      configurationKey: [{ key: 'SupportedFeatureProfiles', readonly: true, value: 'Core,Reservation,RemoteTrigger' }],
    });
    await expect(fixture.fake.invoke('ChangeConfiguration', { key: 'SupportedFeatureProfiles', value: 'Core' })).resolves.toEqual({ status: 'Rejected' });
  });
});

describe('scenario fleet.featureProfiles', () => {
  const lines = (fleet: string) => ['name: x', 'summary: s', 'protocol: ocpp1.6', `fleet: ${fleet}`, 'steps: [{ at: 0s, wait: true }]', 'expect: []'].join('\n');

  it('is carried into the fleet spec, and absent means all', () => {
    const given = parseScenario(lines('{ sites: 1, stationsPerSite: 1, featureProfiles: [Core, Reservation] }'), 'x.yaml');
    if (!given.ok) throw new Error(given.problems.map(formatProblem).join('\n'));
    expect(given.scenario.fleet.featureProfiles).toEqual(['Core', 'Reservation']);
    const absent = parseScenario(lines('{ sites: 1, stationsPerSite: 1 }'), 'x.yaml');
    expect(absent.ok && absent.scenario.fleet.featureProfiles).toBeUndefined();
  });

  it('refuses a name that is no profile', () => {
    const result = parseScenario(lines('{ sites: 1, stationsPerSite: 1, featureProfiles: [Core, Firmware] }'), 'x.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map(formatProblem).join('\n')).toMatch(/featureProfiles/);
  });

  it('the schema enum is the list of profiles', () => {
    const definitions = SCENARIO_SCHEMA.definitions as Record<string, { properties: Record<string, { items: { enum: string[] } }> }>;
    expect(definitions.fleet?.properties.featureProfiles?.items.enum).toEqual([...FEATURE_PROFILES]);
  });
});
