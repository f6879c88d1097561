import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  actionsSentBy,
  isSentBy,
  type ActionOf,
  type Request16,
  type Request201,
  type RequestOf,
  type Response16,
  type ResponseOf,
} from '../../../simulator/protocol/actions.js';
import { actionsOf } from '../../../simulator/protocol/validator.js';
import { PROTOCOLS } from '../../../simulator/protocol/versions.js';

describe('actionsSentBy', () => {
  it('gives every action of each version a sender, and only DataTransfer both', () => {
    for (const protocol of PROTOCOLS) {
      const station = actionsSentBy(protocol, 'station');
      const csms = actionsSentBy(protocol, 'csms');
      expect(new Set([...station, ...csms])).toEqual(new Set(actionsOf(protocol)));
      expect(station.filter((action) => csms.includes(action))).toEqual(['DataTransfer']);
    }
  });

  it('lists actions sorted and without repeats', () => {
    for (const protocol of PROTOCOLS) {
      for (const sender of ['station', 'csms'] as const) {
        const actions = actionsSentBy(protocol, sender);
        expect(actions).toEqual([...new Set(actions)].sort());
      }
    }
  });
});

describe('isSentBy', () => {
  it('has a 1.6 station send what docs/domain.md §2 lists as station → CSMS', () => {
    const stationSends = [
      'BootNotification',
      'Heartbeat',
      'StatusNotification',
      'Authorize',
      'StartTransaction',
      'StopTransaction',
      'MeterValues',
      'DataTransfer',
      'DiagnosticsStatusNotification',
      'FirmwareStatusNotification',
    ];
    for (const action of stationSends) expect(isSentBy('ocpp1.6', 'station', action), action).toBe(true);
  });

  it('has a 1.6 CSMS send what docs/domain.md §2 lists as CSMS → station', () => {
    const csmsSends = [
      'Reset',
      'UnlockConnector',
      'ChangeAvailability',
      'TriggerMessage',
      'RemoteStartTransaction',
      'RemoteStopTransaction',
      'GetConfiguration',
      'ChangeConfiguration',
      'ClearCache',
      'DataTransfer',
    ];
    for (const action of csmsSends) expect(isSentBy('ocpp1.6', 'csms', action), action).toBe(true);
  });

  it('has a 2.0.1 station report transactions, events and security events', () => {
    for (const action of ['TransactionEvent', 'NotifyEvent', 'SecurityEventNotification', 'StatusNotification']) {
      expect(isSentBy('ocpp2.0.1', 'station', action), action).toBe(true);
      expect(isSentBy('ocpp2.0.1', 'csms', action), action).toBe(false);
    }
  });

  it('never has a station send a reset, nor a CSMS a boot notification', () => {
    for (const protocol of PROTOCOLS) {
      expect(isSentBy(protocol, 'station', 'Reset')).toBe(false);
      expect(isSentBy(protocol, 'csms', 'BootNotification')).toBe(false);
    }
  });

  it('says no for actions the version does not define', () => {
    expect(isSentBy('ocpp2.0.1', 'station', 'StartTransaction')).toBe(false);
    expect(isSentBy('ocpp1.6', 'station', 'TransactionEvent')).toBe(false);
    expect(isSentBy('ocpp1.6', 'csms', 'constructor')).toBe(false);
  });
});

describe('message types', () => {
  it('give each version its own payload shapes', () => {
    expectTypeOf<Request16<'BootNotification'>>().toHaveProperty('chargePointVendor').toEqualTypeOf<string>();
    expectTypeOf<Request201<'BootNotification'>['reason']>().toExtend<string>();
    expectTypeOf<Response16<'BootNotification'>['status']>().toEqualTypeOf<'Accepted' | 'Pending' | 'Rejected'>();
    expectTypeOf<RequestOf<'ocpp2.0.1', 'Reset'>['type']>().toEqualTypeOf<'Immediate' | 'OnIdle'>();
    expectTypeOf<ResponseOf<'ocpp1.6', 'Reset'>['status']>().toEqualTypeOf<'Accepted' | 'Rejected'>();
  });

  it('know which actions exist in which version', () => {
    expectTypeOf<'TransactionEvent'>().toExtend<ActionOf<'ocpp2.0.1'>>();
    expectTypeOf<'TransactionEvent'>().not.toExtend<ActionOf<'ocpp1.6'>>();
    expectTypeOf<'StartTransaction'>().toExtend<ActionOf<'ocpp1.6'>>();
  });
});
