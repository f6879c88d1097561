import { describe, expect, it } from 'vitest';
import { createHarness, normalSession16, normalSession201 } from './harness.js';

describe('the detector on healthy traffic', () => {
  it('raises nothing for normal 1.6 sessions on every connector of a site', () => {
    const h = createHarness({ heartbeatIntervalS: 60 });
    const stations = ['S1-CP1', 'S1-CP2', 'S1-CP3'];
    for (const station of stations) {
      h.connect(station);
      h.boot(station);
      h.status(station, 1, 'Available', { errorCode: 'NoError' });
    }
    for (let round = 0; round < 3; round++) {
      for (const station of stations) normalSession16(h, station, 1, `${station}-${round}`, stations);
      h.pass(5 * 60_000, stations);
    }
    expect(h.raised).toEqual([]);
  });

  it('raises nothing for normal 2.0.1 sessions', () => {
    const h = createHarness({ heartbeatIntervalS: 60 });
    h.connect('S2-CP1', 'ocpp2.0.1');
    h.boot('S2-CP1', 'Accepted', { reason: 'PowerUp' });
    h.status('S2-CP1', 1, 'Available', { evseId: 1 });
    for (let round = 0; round < 3; round++) normalSession201(h, 'S2-CP1', 1, `tx-${round}`);
    h.pass(60 * 60_000, ['S2-CP1']);
    expect(h.raised).toEqual([]);
  });

  it('raises nothing for one rejected Authorize followed by a good session', () => {
    const h = createHarness({ heartbeatIntervalS: 60 });
    h.boot('S1-CP1');
    h.authorize('S1-CP1', 'TAG-TYPO', 'Invalid');
    normalSession16(h, 'S1-CP1', 1, 'tx-1');
    expect(h.raised).toEqual([]);
  });
});
