import { describe, expect, it } from 'vitest';
import { ALLOWED_TRANSITIONS, Connector, ConnectorTransitionError, isTransitionAllowed } from '../../../simulator/station/connector.js';
import { CHARGE_POINT_STATUSES, toConnectorStatus201, type ChargePointStatus } from '../../../simulator/vocabulary/connector-status.js';

// docs/domain.md §2, written out independently of the implementation's table.
const EXPECTED: Record<ChargePointStatus, ChargePointStatus[]> = {
  Available: ['Preparing', 'Charging', 'SuspendedEVSE', 'SuspendedEV', 'Reserved', 'Unavailable', 'Faulted'],
  Preparing: ['Available', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Faulted'],
  Charging: ['Available', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Unavailable', 'Faulted'],
  SuspendedEV: ['Available', 'Charging', 'SuspendedEVSE', 'Finishing', 'Unavailable', 'Faulted'],
  SuspendedEVSE: ['Available', 'Charging', 'SuspendedEV', 'Finishing', 'Unavailable', 'Faulted'],
  Finishing: ['Available', 'Preparing', 'Unavailable', 'Faulted'],
  Reserved: ['Available', 'Preparing', 'Unavailable', 'Faulted'],
  Unavailable: ['Available', 'Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Faulted'],
  Faulted: ['Available', 'Preparing', 'Charging', 'SuspendedEVSE', 'SuspendedEV', 'Finishing', 'Reserved', 'Unavailable'],
};

/** A connector brought to `status` through allowed transitions only. */
function connectorIn(status: ChargePointStatus): Connector {
  const connector = new Connector(1);
  if (status === 'Finishing') connector.transition('Preparing');
  if (status === 'Faulted') connector.fault('OtherError');
  else connector.transition(status);
  expect(connector.status).toBe(status);
  return connector;
}

const PAIRS = CHARGE_POINT_STATUSES.flatMap((from) =>
  CHARGE_POINT_STATUSES.filter((to) => to !== from).map((to) => [from, to] as const),
);

describe('connector state machine', () => {
  it('has exactly the transition table of docs/domain.md §2', () => {
    for (const from of CHARGE_POINT_STATUSES) {
      expect([...ALLOWED_TRANSITIONS[from]].sort(), from).toEqual([...EXPECTED[from]].sort());
    }
  });

  it.each(PAIRS.filter(([from, to]) => EXPECTED[from].includes(to)))('accepts %s → %s', (from, to) => {
    const connector = connectorIn(from);
    expect(connector.transition(to)).toBe(true);
    expect(connector.status).toBe(to);
  });

  it.each(PAIRS.filter(([from, to]) => !EXPECTED[from].includes(to)))('rejects %s → %s with a clear error', (from, to) => {
    const connector = connectorIn(from);
    expect(isTransitionAllowed(from, to)).toBe(false);
    expect(() => connector.transition(to)).toThrow(ConnectorTransitionError);
    expect(() => connector.transition(to)).toThrow(`${from} → ${to} is not allowed`);
    expect(connector.status).toBe(from);
  });

  it('rejects the classic mistakes a sloppy station makes', () => {
    expect(() => connectorIn('Available').transition('Finishing')).toThrow(ConnectorTransitionError);
    expect(() => connectorIn('Finishing').transition('Charging')).toThrow(ConnectorTransitionError);
    expect(() => connectorIn('Preparing').transition('Unavailable')).toThrow(ConnectorTransitionError);
  });

  it('treats a status to itself as no change', () => {
    expect(connectorIn('Charging').transition('Charging')).toBe(false);
  });

  it('keeps errorCode, info and vendorErrorCode while Faulted and clears them on leaving', () => {
    const connector = new Connector(2);
    expect(connector.fault('GroundFailure', 'RCD tripped', 'E-17')).toBe(true);
    expect([connector.status, connector.errorCode, connector.info, connector.vendorErrorCode]).toEqual([
      'Faulted',
      'GroundFailure',
      'RCD tripped',
      'E-17',
    ]);
    expect(connector.fault('GroundFailure', 'RCD tripped', 'E-17')).toBe(false);
    expect(connector.fault('HighTemperature')).toBe(true);
    connector.transition('Available');
    expect([connector.errorCode, connector.info, connector.vendorErrorCode]).toEqual(['NoError', undefined, undefined]);
  });

  it('idles in Unavailable when inoperative', () => {
    const connector = new Connector(1);
    connector.operative = false;
    expect(connector.idleStatus).toBe('Unavailable');
  });
});

describe('toConnectorStatus201', () => {
  it.each([
    ['Available', false, 'Available'],
    ['Preparing', false, 'Occupied'],
    ['Charging', true, 'Occupied'],
    ['SuspendedEV', true, 'Occupied'],
    ['SuspendedEVSE', true, 'Occupied'],
    ['Finishing', false, 'Occupied'],
    ['Reserved', false, 'Reserved'],
    ['Unavailable', false, 'Unavailable'],
    ['Faulted', false, 'Faulted'],
  ] as const)('maps %s (transaction: %s) to %s', (status, hasTransaction, expected) => {
    expect(toConnectorStatus201(status, hasTransaction)).toBe(expected);
  });
});
