/**
 * An action the protocol defines but the CSMS does not take from a station (a CSMS command such as Reset,
 * or a station message it has no handler for) is answered NotSupported; an action the protocol does not
 * define stays NotImplemented (docs/domain.md §2). ocpp-rpc alone answered NotImplemented for both.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Csms } from '../../../harness/csms/server.js';
import { RawStation, boot16, boot201 } from './raw-station.js';

let csms: Csms;
beforeEach(async () => {
  csms = await Csms.start();
});
afterEach(async () => {
  await csms.close();
});

const CASES = [
  { protocol: 'ocpp1.6' as const, boot: boot16, command: ['Reset', { type: 'Soft' }] as const, unhandled: ['LogStatusNotification', { status: 'Idle' }] as const, badReset: { type: 'Sideways' }, schemaCode: 'FormationViolation' },
  { protocol: 'ocpp2.0.1' as const, boot: boot201, command: ['Reset', { type: 'Immediate' }] as const, unhandled: undefined, badReset: { type: 'Sideways' }, schemaCode: 'FormatViolation' },
];

describe.each(CASES)('$protocol: actions the CSMS does not take', ({ protocol, boot, command, unhandled, badReset, schemaCode }) => {
  it('answers a CSMS command sent by a station with NotSupported, an unknown action with NotImplemented', async () => {
    const station = await RawStation.connect(csms.ocppUrl, 'S1-CP1', protocol);
    expect((await station.call('BootNotification', boot))[0]).toBe(3);

    const reset = await station.call(command[0], command[1]);
    expect(reset[0]).toBe(4);
    expect(reset[2]).toBe('NotSupported');

    const unknown = await station.call('FuzzAction', {});
    expect(unknown[0]).toBe(4);
    expect(unknown[2]).toBe('NotImplemented');

    // The payload is still checked first: an invalid command is a schema error in the version's spelling.
    const invalid = await station.call('Reset', badReset);
    expect(invalid[0]).toBe(4);
    expect(invalid[2]).toBe(schemaCode);

    if (unhandled) {
      const answer = await station.call(unhandled[0], unhandled[1]);
      expect(answer[0]).toBe(4);
      expect(answer[2]).toBe('NotSupported');
    }
    // The connection keeps working.
    expect((await station.call('Heartbeat', {}))[0]).toBe(3);
    await station.close();
  });
});
