import { watchLoopLag } from '../../support/loop-lag.js';
import { afterEach, describe, expect, it } from 'vitest';
import { OcppError } from '../../../simulator/protocol/errors.js';
import { createStationFixture, startAccepted, type StationFixture } from './station-fixture.js';

let fixture: StationFixture | undefined;
afterEach(async () => {
  const violations = fixture?.fake.violations ?? [];
  await fixture?.station.stop();
  fixture = undefined;
  expect(violations, 'payloads must follow the official schemas').toEqual([]);
});

/** OCPP 1.6 §9.1: the keys a Core charge point must report, and whether the CSMS may change them. */
const CORE_KEYS: Record<string, 'R' | 'RW'> = {
  AuthorizeRemoteTxRequests: 'RW',
  ClockAlignedDataInterval: 'RW',
  ConnectionTimeOut: 'RW',
  ConnectorPhaseRotation: 'RW',
  GetConfigurationMaxKeys: 'R',
  HeartbeatInterval: 'RW',
  LocalAuthorizeOffline: 'RW',
  LocalPreAuthorize: 'RW',
  MeterValuesAlignedData: 'RW',
  MeterValuesSampledData: 'RW',
  MeterValueSampleInterval: 'RW',
  NumberOfConnectors: 'R',
  ResetRetries: 'RW',
  StopTransactionOnEVSideDisconnect: 'RW',
  StopTransactionOnInvalidId: 'RW',
  StopTxnAlignedData: 'RW',
  StopTxnSampledData: 'RW',
  SupportedFeatureProfiles: 'R',
  TransactionMessageAttempts: 'RW',
  TransactionMessageRetryInterval: 'RW',
  UnlockConnectorOnEVSideDisconnect: 'RW',
};

type Key = { key: string; readonly: boolean; value: string };

async function configuration(f: StationFixture, key?: string[]): Promise<{ configurationKey: Key[]; unknownKey?: string[] }> {
  return (await f.fake.invoke('GetConfiguration', key === undefined ? {} : { key })) as { configurationKey: Key[]; unknownKey?: string[] };
}

describe('1.6 configuration', () => {
  it('GetConfiguration without keys lists every Core key with the access the spec gives it', async () => {
    fixture = createStationFixture('ocpp1.6', { featureProfiles: ['Core'] });
    await startAccepted(fixture);
    const { configurationKey } = await configuration(fixture);
    const byKey = new Map(configurationKey.map((k) => [k.key, k]));
    for (const [key, access] of Object.entries(CORE_KEYS)) {
      // Listed, with a value (an empty string is a value; a missing key is not).
      expect(typeof byKey.get(key)?.value, key).toBe('string');
      expect(byKey.get(key)?.readonly, key).toBe(access === 'R');
    }
    expect(byKey.get('NumberOfConnectors')?.value).toBe('2');
    // Keys of profiles not advertised are absent.
    for (const key of ['LocalAuthListEnabled', 'ReserveConnectorZeroSupported', 'ChargeProfileMaxStackLevel', 'SupportedFileTransferProtocols']) expect(byKey.has(key), key).toBe(false);
  });

  it('lists the keys of the other profiles when advertised', async () => {
    fixture = createStationFixture('ocpp1.6');
    await startAccepted(fixture);
    const keys = (await configuration(fixture)).configurationKey.map((k) => k.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'LocalAuthListEnabled',
        'LocalAuthListMaxLength',
        'SendLocalListMaxLength',
        'ReserveConnectorZeroSupported',
        'ChargeProfileMaxStackLevel',
        'ChargingScheduleAllowedChargingRateUnit',
        'ChargingScheduleMaxPeriods',
        'MaxChargingProfilesInstalled',
        'SupportedFileTransferProtocols',
      ]),
    );
    // 2.0.1-only variables never show as 1.6 keys.
    expect(keys.some((k) => k.includes('.'))).toBe(false);
  });

  it('lists unknown keys apart and refuses more keys than GetConfigurationMaxKeys', async () => {
    fixture = createStationFixture('ocpp1.6');
    await startAccepted(fixture);
    await expect(configuration(fixture, ['ConnectionTimeOut', 'NoSuchKey', 'OCPPCommCtrlr.OfflineThreshold'])).resolves.toEqual({
      configurationKey: [{ key: 'ConnectionTimeOut', readonly: false, value: '60' }],
      unknownKey: ['NoSuchKey', 'OCPPCommCtrlr.OfflineThreshold'],
    });
    const max = Number((await configuration(fixture, ['GetConfigurationMaxKeys'])).configurationKey[0]?.value);
    const tooMany = Array.from({ length: max + 1 }, (_, i) => `K${i}`);
    const error = await fixture.fake.invoke('GetConfiguration', { key: tooMany }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OcppError);
    expect((error as OcppError).code).toBe('OccurrenceConstraintViolation');
    expect((await configuration(fixture, tooMany.slice(1))).unknownKey).toHaveLength(max);
  });

  it.each([
    ['HeartbeatInterval', '-5', 'Rejected'],
    ['HeartbeatInterval', '1.5', 'Rejected'],
    ['LocalPreAuthorize', 'yes', 'Rejected'],
    ['LocalPreAuthorize', 'true', 'Accepted'],
    ['MeterValuesSampledData', 'Energy.Active.Import.Register,Temperature', 'Rejected'],
    ['StopTxnSampledData', 'Energy.Active.Import.Register,Voltage', 'Accepted'],
    ['MeterValuesAlignedData', '', 'Accepted'],
    ['ConnectorPhaseRotation', '0.RST,1.XYZ', 'Rejected'],
    ['ConnectorPhaseRotation', '0.RST,1.RTS', 'Accepted'],
    ['NumberOfConnectors', '4', 'Rejected'],
    ['GetConfigurationMaxKeys', '99', 'Rejected'],
    ['NoSuchKey', '1', 'NotSupported'],
    ['OCPPCommCtrlr.OfflineThreshold', '10', 'NotSupported'],
  ])('ChangeConfiguration %s=%j is %s', async (key, value, status) => {
    fixture = createStationFixture('ocpp1.6');
    await startAccepted(fixture);
    const before = (await configuration(fixture, [key])).configurationKey[0]?.value;
    await expect(fixture.fake.invoke('ChangeConfiguration', { key, value })).resolves.toEqual({ status });
    const after = (await configuration(fixture, [key])).configurationKey[0]?.value;
    expect(after).toBe(status === 'Accepted' ? value : before);
  });

  it('ChangeConfiguration HeartbeatInterval re-arms the heartbeat at the new interval', async () => {
    fixture = createStationFixture('ocpp1.6');
    await startAccepted(fixture);
    const { fake, clock } = fixture;
    const lag = watchLoopLag();
    const changedAt = clock.now();
    await expect(fake.invoke('ChangeConfiguration', { key: 'HeartbeatInterval', value: '20' })).resolves.toEqual({ status: 'Accepted' });
    await fake.waitForCall('Heartbeat', { count: 2 });
    lag.stop();
    const beats = fake.callsOf('Heartbeat').map((c) => c.atMs - changedAt);
    // The first beat comes one new interval after the change, not at the old 300 s: re-armed while the change
    // was handled, it fires no earlier; the handling and the timer can each be held up by a stall of this process.
    expect(beats[0]).toBeGreaterThanOrEqual(20_000);
    expect(beats[0]).toBeLessThanOrEqual(20_000 + 2 * clock.toSimMs(lag.maxMs()));
  });

  it('ChangeConfiguration MeterValueSampleInterval sets the sampling of the next transaction', async () => {
    fixture = createStationFixture('ocpp1.6');
    await startAccepted(fixture);
    const { fake, station } = fixture;
    await expect(fake.invoke('ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '10' })).resolves.toEqual({ status: 'Accepted' });
    void station.runSession({ connectorId: 1, idTag: 'TAG-1', durationS: 600, powerW: 11_000 });
    const lag = watchLoopLag();
    const start = await fake.waitForCall('StartTransaction');
    await fake.waitForCall('MeterValues', { count: 2 });
    lag.stop();
    // Sample k is read at the transaction's start + k × 10 s (not the default 60 s), never earlier; later only by
    // stalls of this process, which are measured (at scale 1,000 one real ms is a simulated second). A sample's
    // timer can wait through two stalls (beside two busy loops one came 25.7 ms late with no single stall over
    // 21.4 ms), so the allowance is their sum over the watch, which lasts about 20 ms here.
    const origin = Date.parse(start.payload.timestamp as string);
    const sampledAt = fake.callsOf('MeterValues').map((c) => Date.parse((c.payload.meterValue as { timestamp: string }[])[0]?.timestamp as string));
    const slackMs = fixture.clock.toSimMs(lag.totalMs());
    sampledAt.slice(0, 2).forEach((at, i) => {
      expect(at - origin).toBeGreaterThanOrEqual((i + 1) * 10_000);
      expect(at - origin).toBeLessThanOrEqual((i + 1) * 10_000 + slackMs);
    });
  });
});
