/**
 * Handlers on both sides are typed by the generated OCPP messages. The `@ts-expect-error` lines are
 * checked by `tsc -p tsconfig.json` (which includes test/): each fails the build if the wrong
 * handler it guards ever compiles.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { acknowledge201 } from '../../../harness/csms/handlers/common/acknowledge.js';
import { defineCommonHandler, defineHandler16, defineHandler201 } from '../../../harness/csms/handlers/handler.js';
import type { Request16, Request201, Response16, Response201 } from '../../../simulator/protocol/actions.js';
import { COMMANDS_16 } from '../../../simulator/station/commands/ocpp16.js';
import { COMMANDS_201 } from '../../../simulator/station/commands/ocpp201.js';

describe('CSMS handlers', () => {
  it('read the request type of their action and protocol version', () => {
    const start = defineHandler16('StartTransaction', (_ctx, req) => {
      expectTypeOf(req).toEqualTypeOf<Request16<'StartTransaction'>>();
      return { idTagInfo: { status: 'Accepted' }, transactionId: req.connectorId };
    });
    const event = defineHandler201('TransactionEvent', (_ctx, req) => {
      expectTypeOf(req).toEqualTypeOf<Request201<'TransactionEvent'>>();
      return {};
    });
    const heartbeat = defineCommonHandler('Heartbeat', (_ctx, req) => {
      expectTypeOf(req).toEqualTypeOf<Request16<'Heartbeat'> | Request201<'Heartbeat'>>();
      return { currentTime: '' };
    });
    expect([start.protocol, start.action]).toEqual(['ocpp1.6', 'StartTransaction']);
    expect([event.protocol, event.action]).toEqual(['ocpp2.0.1', 'TransactionEvent']);
    expect([heartbeat('ocpp1.6').protocol, heartbeat('ocpp2.0.1').protocol]).toEqual(['ocpp1.6', 'ocpp2.0.1']);
  });

  it('do not compile with a wrong answer, action or version', () => {
    // @ts-expect-error the answer lacks transactionId
    defineHandler16('StartTransaction', () => ({ idTagInfo: { status: 'Accepted' } }));
    // @ts-expect-error NotAtThisLocation is a 2.0.1 status only
    defineHandler16('Authorize', () => ({ idTagInfo: { status: 'NotAtThisLocation' } }));
    defineHandler201('Authorize', () => ({ idTokenInfo: { status: 'NotAtThisLocation' } }));
    // @ts-expect-error an async handler is checked too: interval must be a number
    defineHandler16('BootNotification', async () => ({ status: 'Accepted', currentTime: '', interval: '300' }));
    // @ts-expect-error StartTransaction is not a 2.0.1 action
    defineHandler201('StartTransaction', () => ({}));
    // @ts-expect-error Reset is sent by the CSMS, never to it
    defineHandler16('Reset', () => ({ status: 'Accepted' }));
    // @ts-expect-error a handler for both versions must answer what both accept: 1.6 has no NotAtThisLocation
    defineCommonHandler('DataTransfer', () => ({ status: 'NotAtThisLocation' }));
    // @ts-expect-error Authorize's answer is not empty, so it cannot be merely acknowledged
    acknowledge201('Authorize');
  });
});

describe('station command handlers', () => {
  it('take their action\'s request and give its response', () => {
    expectTypeOf<Parameters<NonNullable<typeof COMMANDS_16.RemoteStartTransaction>>[0]>().toEqualTypeOf<Request16<'RemoteStartTransaction'>>();
    expectTypeOf<ReturnType<NonNullable<typeof COMMANDS_16.RemoteStartTransaction>>>().toEqualTypeOf<Response16<'RemoteStartTransaction'>>();
    expectTypeOf<Parameters<NonNullable<typeof COMMANDS_201.GetVariables>>[0]>().toEqualTypeOf<Request201<'GetVariables'>>();
    expectTypeOf<ReturnType<NonNullable<typeof COMMANDS_201.GetVariables>>>().toEqualTypeOf<Response201<'GetVariables'>>();
    expect(Object.keys(COMMANDS_16)).toContain('RemoteStartTransaction');
    expect(Object.keys(COMMANDS_201)).toContain('GetVariables');
  });

  it('do not compile with a wrong answer or a station-sent action', () => {
    const wrongStatus: typeof COMMANDS_16 = {
      // @ts-expect-error 'Unlocked' answers UnlockConnector, not Reset
      Reset: () => ({ status: 'Unlocked' }),
    };
    const stationAction: typeof COMMANDS_201 = {
      // @ts-expect-error Heartbeat is sent by the station
      Heartbeat: () => ({ currentTime: '' }),
    };
    expect([wrongStatus, stationAction]).toHaveLength(2);
  });
});
