import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTOR_CONFIG, DetectorConfigError, parseDetectorConfig, validateDetectorConfig } from '../../../harness/detector/config.js';

describe('detector config', () => {
  it('defaults to the thresholds of docs/domain.md §4', () => {
    const config = parseDetectorConfig();
    expect(config).toMatchObject({
      noConnectivityHeartbeatMultiple: 3,
      noConnectivityAfterMs: undefined,
      siteOutageFraction: 0.5,
      siteOutageMinStations: 2,
      siteOutageWindowMs: 120_000,
      stuckFinishingMs: 900_000,
      rebootLoopCount: 3,
      rebootLoopWindowMs: 3_600_000,
      authFailuresCount: 3,
      authFailuresWindowMs: 600_000,
      networkAuthSites: 3,
      failedSessionsCount: 3,
      failedSessionsWindowMs: 3_600_000,
      failedSessionMaxWh: 10,
    });
    expect(config.isTariffRefusal).toBe(DEFAULT_DETECTOR_CONFIG.isTariffRefusal);
  });

  it('overlays the given settings on the defaults', () => {
    expect(parseDetectorConfig({ stuckFinishingMs: 60_000, noConnectivityAfterMs: 86_400_000 })).toMatchObject({
      stuckFinishingMs: 60_000,
      noConnectivityAfterMs: 86_400_000,
      rebootLoopCount: 3,
    });
  });

  it('reports a bad value with the key, the value and what was expected', () => {
    expect(validateDetectorConfig({ siteOutageFraction: 1.5 })).toEqual([{ path: '/siteOutageFraction', message: '1.5 is not allowed', allowed: ['a fraction > 0 and ≤ 1'] }]);
    expect(validateDetectorConfig({ rebootLoopCount: 2.5 })).toEqual([{ path: '/rebootLoopCount', message: '2.5 is not allowed', allowed: ['an integer ≥ 1'] }]);
    expect(validateDetectorConfig({ stuckFinishingMs: '15m' })).toEqual([{ path: '/stuckFinishingMs', message: '"15m" is not allowed', allowed: ['a number of milliseconds > 0'] }]);
    expect(() => parseDetectorConfig({ stuckFinishingMs: '15m' } as never)).toThrow('stuckFinishingMs: "15m" is not allowed, expected a number of milliseconds > 0');
  });

  it('refuses unknown keys so a typo does not silently keep the default', () => {
    const [problem] = validateDetectorConfig({ stuckFinishingMinutes: 15 });
    expect(problem).toMatchObject({ path: '/stuckFinishingMinutes', message: 'is not a known setting' });
    expect(problem?.allowed).toContain('stuckFinishingMs');
    expect(() => parseDetectorConfig({ stuckFinishingMinutes: 15 } as never)).toThrow(/stuckFinishingMinutes: is not a known setting, expected one of .*stuckFinishingMs/);
  });

  it('refuses a config that is not an object, naming it "config"', () => {
    expect(validateDetectorConfig(7)).toEqual([{ path: '', message: '7 is not allowed', allowed: ['an object'] }]);
    expect(() => parseDetectorConfig(7 as never)).toThrow('invalid detector config:\n  config: 7 is not allowed, expected an object');
  });

  it('refuses failedSessionShortMs, now that a session is never judged by its length', () => {
    const problems = validateDetectorConfig({ failedSessionShortMs: 120_000 });
    expect(problems).toHaveLength(1);
    expect(JSON.stringify(problems)).toContain('failedSessionShortMs');
    expect(JSON.stringify(problems)).toContain('not a known setting');
  });

  it('throws one error listing every problem at once', () => {
    const parse = () => parseDetectorConfig({ authFailuresCount: 0, siteOutageWindowMs: -1 } as never);
    expect(parse).toThrow(DetectorConfigError);
    try {
      parse();
    } catch (error) {
      expect((error as DetectorConfigError).problems).toHaveLength(2);
      expect((error as Error).message).toContain('authFailuresCount: 0 is not allowed, expected an integer ≥ 1');
      expect((error as Error).message).toContain('siteOutageWindowMs: -1 is not allowed, expected a number of milliseconds ≥ 0');
    }
  });
});
