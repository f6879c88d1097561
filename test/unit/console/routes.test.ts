import { describe, expect, it } from 'vitest';
import { hrefOf, parseRoute, titleOf } from '../../../console/src/routes.js';

describe('console routes', () => {
  it('parses every page and round-trips through hrefOf', () => {
    const cases = [
      ['/', { page: 'network' }],
      ['/desk', { page: 'desk' }],
      ['/trainer/', { page: 'trainer' }],
      ['/stations/S1-CP1', { page: 'station', stationId: 'S1-CP1' }],
      ['/stations/a%2Fb', { page: 'station', stationId: 'a/b' }],
      ['/drills/d7', { page: 'drill', drillId: 'd7' }],
    ] as const;
    for (const [path, route] of cases) {
      expect(parseRoute(path)).toEqual(route);
      expect(parseRoute(hrefOf(route))).toEqual(route);
    }
  });

  it('answers not-found for unknown and malformed paths', () => {
    expect(parseRoute('/nope')).toEqual({ page: 'not-found', path: '/nope' });
    expect(parseRoute('/stations/%E0%A4%A')).toEqual({ page: 'not-found', path: '/stations/%E0%A4%A' });
    expect(parseRoute('/stations/a/b')).toEqual({ page: 'not-found', path: '/stations/a/b' });
  });

  it('titles each page', () => {
    expect(titleOf({ page: 'station', stationId: 'S2-CP3' })).toBe('Station S2-CP3');
    expect(titleOf({ page: 'network' })).toBe('Network');
  });
});
