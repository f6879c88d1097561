import { describe, expect, it } from 'vitest';
import { formatDurationMs, parseDurationMs } from '../../../simulator/duration.js';

describe('parseDurationMs', () => {
  it.each([
    ['250ms', 250],
    ['90s', 90_000],
    ['5m', 300_000],
    ['24h', 86_400_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1_500],
    ['2d', 172_800_000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(['', '5', 'm5', '5 minutes', '5m junk', '-5s', '5x'])('refuses %j', (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });
});

describe('formatDurationMs', () => {
  it('writes short and long durations compactly', () => {
    expect(formatDurationMs(850)).toBe('850ms');
    expect(formatDurationMs(47_200)).toBe('47.2s');
    expect(formatDurationMs(5_400_000)).toBe('1h30m');
    expect(formatDurationMs(130_000)).toBe('2m10s');
  });

  it('rounds seconds before splitting units, so 179.6 s is 3m and not 2m60s', () => {
    expect(formatDurationMs(179_600)).toBe('3m');
    expect(formatDurationMs(59_960)).toBe('1m');
  });
});
