/**
 * chargedrill's own checks of the RPC framework (ids CD_RPC_nn_CSMS): OCTT has no CSMS case for the CALLERROR a
 * CSMS answers to a broken frame, and the spelling differs between versions (docs/domain.md §2).
 */
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import type { CaseContext } from '../context.js';
import type { TestCase } from '../test-case.js';
import { defineCase } from './define.js';

async function expectError(ctx: CaseContext, action: string, raw: (id: string) => string, allowed: readonly string[], what: string): Promise<void> {
  const answer = await ctx.station.callAny(action, {}, raw);
  if (!('error' in answer)) return ctx.fail('wrong-status', `${what} was answered with a CALLRESULT, expected CALLERROR ${allowed.join(' or ')}`, answer.text);
  ctx.oneOf(answer.error.code, allowed, `CALLERROR code for ${what}`, answer.error.text, 'wrong-error-code');
}

function rpcCases(protocol: OcppProtocol): TestCase[] {
  const v16 = protocol === 'ocpp1.6';
  const suffix = v16 ? '16' : '201';
  return [
    defineCase({
      id: `CD_RPC_01_CSMS_${suffix}`, title: 'Frame of an unknown message type - CALLERROR in the version\'s spelling', titleSource: 'chargedrill', protocol, block: 'RPC', preconditions: ['Booted'],
      steps: ['The station sends [7, id, "Heartbeat", {}] (message type 7 does not exist)'],
      validations: [v16 ? 'CALLERROR code is FormationViolation (1.6 has no MessageTypeNotSupported or RpcFrameworkError)' : 'CALLERROR code is MessageTypeNotSupported (2.0.1 has no FormationViolation)'],
      run: (ctx) => expectError(ctx, 'Heartbeat', (id) => JSON.stringify([7, id, 'Heartbeat', {}]), v16 ? ['FormationViolation'] : ['MessageTypeNotSupported'], 'a frame of message type 7'),
    }),
    defineCase({
      id: `CD_RPC_02_CSMS_${suffix}`, title: 'CALL missing a required field - OccurrenceConstraintViolation in the version\'s spelling', titleSource: 'chargedrill', protocol, block: 'RPC', preconditions: ['Booted'],
      steps: ['The station sends StatusNotification without its required fields'],
      validations: [v16 ? 'CALLERROR code is OccurenceConstraintViolation (the 1.6 spelling, one "r")' : 'CALLERROR code is OccurrenceConstraintViolation'],
      run: (ctx) => expectError(ctx, 'StatusNotification', (id) => JSON.stringify([2, id, 'StatusNotification', {}]), [v16 ? 'OccurenceConstraintViolation' : 'OccurrenceConstraintViolation'], 'StatusNotification without required fields'),
    }),
  ];
}

export const RPC_CASES: readonly TestCase[] = [...rpcCases('ocpp1.6'), ...rpcCases('ocpp2.0.1')];
