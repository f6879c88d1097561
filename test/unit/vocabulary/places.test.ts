import { describe, expect, it } from 'vitest';
import { connectorOfEvse, evseOfConnector, stationConnectorOf } from '../../../simulator/vocabulary/evse.js';
import { placeText } from '../../../simulator/vocabulary/place.js';
import { parseStationId, siteOfStation, stationId } from '../../../simulator/vocabulary/site.js';
import { stoppedReasonOfFault } from '../../../simulator/vocabulary/error-codes.js';
import { toConnectorStatus201 } from '../../../simulator/vocabulary/connector-status.js';

describe('station and site ids', () => {
  it('builds and splits S<site>-CP<n>', () => {
    expect(stationId(12, 3)).toBe('S12-CP3');
    expect(siteOfStation('S12-CP3')).toBe('S12');
    expect(parseStationId('S12-CP3')).toEqual({ site: 12, n: 3 });
  });
  it('treats an id outside the convention as its own site', () => {
    expect(siteOfStation('depot-7')).toBe('depot-7');
    expect(siteOfStation('-CP1')).toBe('-CP1');
    expect(parseStationId('depot-7')).toBeUndefined();
  });
});

describe('connector <-> EVSE', () => {
  it('connector n is EVSE n with connector 1, and back', () => {
    expect(evseOfConnector(2)).toEqual({ id: 2, connectorId: 1 });
    expect(connectorOfEvse(evseOfConnector(3).id)).toBe(3);
  });
  it('a record names its EVSE first, else its 1.6 connector', () => {
    expect(stationConnectorOf({ evseId: 2, connectorId: 1 })).toBe(2);
    expect(stationConnectorOf({ connectorId: 4 })).toBe(4);
    expect(stationConnectorOf({})).toBeUndefined();
  });
});

describe('placeText', () => {
  it('names the narrowest place known', () => {
    expect(placeText({ stationId: 'S1-CP1', siteId: 'S1', connectorId: 2 })).toBe('S1-CP1 connector 2');
    expect(placeText({ stationId: 'S1-CP1', siteId: 'S1' })).toBe('S1-CP1');
    expect(placeText({ siteId: 'S1' })).toBe('site S1');
    expect(placeText({})).toBe('the network');
  });
});

describe('fault stop reasons and 2.0.1 statuses', () => {
  it('safety faults stop with their own 2.0.1 reason, others with Other', () => {
    expect(stoppedReasonOfFault('GroundFailure')).toBe('GroundFault');
    expect(stoppedReasonOfFault('OverCurrentFailure')).toBe('OvercurrentFault');
    expect(stoppedReasonOfFault('ReaderFailure')).toBe('Other');
  });
  it('every cable-in 1.6 status is Occupied in 2.0.1', () => {
    expect(toConnectorStatus201('Finishing', false)).toBe('Occupied');
    expect(toConnectorStatus201('Faulted', true)).toBe('Faulted');
  });
});
