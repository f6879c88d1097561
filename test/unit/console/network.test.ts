import { describe, expect, it } from 'vitest';
import { applyStationEvent, connectorLabel, groupBySite, matchesFilter, NO_FILTER } from '../../../console/src/network.js';
import type { CsmsEvent, StationView } from '../../../console/src/types.js';

function station(id: string, siteId: string, statuses: string[], connected = true): StationView {
  return {
    id,
    siteId,
    protocol: 'ocpp1.6',
    connected,
    bootStatus: 'Accepted',
    vendor: null,
    model: null,
    firmware: null,
    lastSeenAt: 0,
    connectors: statuses.map((status, i) => ({ connectorId: i + 1, status, errorCode: 'NoError', updatedAt: 0 })),
  };
}

const fleet = [station('S10-CP1', 'S10', ['Available']), station('S2-CP2', 'S2', ['Faulted', 'Available']), station('S2-CP1', 'S2', ['Charging'], false)];

describe('network model', () => {
  it('groups stations by site in natural order', () => {
    expect(groupBySite(fleet).map((g) => [g.siteId, g.stations.map((s) => s.id)])).toEqual([
      ['S2', ['S2-CP1', 'S2-CP2']],
      ['S10', ['S10-CP1']],
    ]);
  });

  it('narrows by faulted, offline, open issue and text together', () => {
    const ids = (filter: Partial<typeof NO_FILTER>, open = new Set<string>()) => fleet.filter((s) => matchesFilter(s, { ...NO_FILTER, ...filter }, open)).map((s) => s.id);
    expect(ids({})).toEqual(['S10-CP1', 'S2-CP2', 'S2-CP1']);
    expect(ids({ faulted: true })).toEqual(['S2-CP2']);
    expect(ids({ offline: true })).toEqual(['S2-CP1']);
    expect(ids({ openIssue: true }, new Set(['S10-CP1']))).toEqual(['S10-CP1']);
    expect(ids({ faulted: true, offline: true })).toEqual([]);
    expect(ids({ text: 's10' })).toEqual(['S10-CP1']);
  });

  it('applies status, connect and disconnect events and ignores others', () => {
    const status = { type: 'status', seq: 1, at: 500, stationId: 'S2-CP2', connectorId: 1, status: 'Available', errorCode: 'NoError' } as CsmsEvent;
    const after = applyStationEvent(fleet, status);
    expect(after[1]?.connectors[0]).toEqual({ connectorId: 1, status: 'Available', errorCode: 'NoError', updatedAt: 500 });
    expect(after[0]).toBe(fleet[0]);
    const added = applyStationEvent(fleet, { ...status, connectorId: 3, status: 'Unavailable' } as CsmsEvent);
    expect(added[1]?.connectors.map((c) => [c.connectorId, c.status])).toEqual([[1, 'Faulted'], [2, 'Available'], [3, 'Unavailable']]);
    const offline = applyStationEvent(fleet, { type: 'disconnect', seq: 2, at: 600, stationId: 'S10-CP1', code: 1006, reason: '' });
    expect(offline[0]?.connected).toBe(false);
    const online = applyStationEvent(fleet, { type: 'connect', seq: 3, at: 700, stationId: 'S2-CP1', protocol: 'ocpp2.0.1', remoteAddress: '127.0.0.1' });
    expect([online[2]?.connected, online[2]?.protocol]).toEqual([true, 'ocpp2.0.1']);
    expect(applyStationEvent(fleet, { ...status, stationId: 'nobody' } as CsmsEvent)).toBe(fleet);
    expect(applyStationEvent(fleet, { type: 'connect-refused', seq: 4, at: 1, stationId: 'S2-CP1', reason: 'x' })).toBe(fleet);
  });

  it('matches a 2.0.1 status to its EVSE', () => {
    const s = { ...station('S1-CP1', 'S1', []), protocol: 'ocpp2.0.1' as const, connectors: [1, 2].map((e) => ({ evseId: e, connectorId: 1, status: 'Available', errorCode: null, updatedAt: 0 })) };
    const after = applyStationEvent([s], { type: 'status', seq: 1, at: 9, stationId: 'S1-CP1', evseId: 2, connectorId: 1, status: 'Faulted' });
    expect(after[0]?.connectors.map((c) => c.status)).toEqual(['Available', 'Faulted']);
    expect(connectorLabel({ evseId: 2, connectorId: 1 })).toBe('EVSE 2 connector 1');
    expect(connectorLabel({ connectorId: 0 })).toBe('Station');
  });
});
