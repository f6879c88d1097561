/** OCPP 2.0.1 blocks C (Authorization) and D (Local Authorization List Management). */
import type { JsonObject } from '../../../simulator/protocol/frames.js';
import type { CaseContext } from '../context.js';
import { authorize201, idToken201, idTokenStatus, transactionEvent201 } from '../messages201.js';
import type { TokenSet } from '../input-files.js';
import type { TestCase } from '../test-case.js';
import { commandCase, defineCase } from './define.js';

const P = 'ocpp2.0.1' as const;

function authorizeCase(id: string, title: string, token: keyof TokenSet, allowed: string[]): TestCase {
  return defineCase({
    id, title, protocol: P, block: 'C', useCases: ['C01'], requirements: [],
    steps: [`The station sends AuthorizeRequest with the configured ${token} idToken`],
    validations: [`AuthorizeResponse idTokenInfo.status is ${allowed.join(' or ')}`],
    run: async (ctx) => {
      const answer = await authorize201(ctx, ctx.tokens[token]);
      ctx.oneOf(idTokenStatus(ctx, answer, 'AuthorizeResponse'), allowed, 'AuthorizeResponse idTokenInfo.status', ctx.lastCsmsFrame());
    },
  });
}

/** The CSMS must keep serving the station after a refused command. */
async function stillServed(ctx: CaseContext): Promise<void> {
  await ctx.call('Heartbeat', {});
}

function sendLocalList(id: string, title: string, request: JsonObject, checks: string[], check: (ctx: CaseContext, payload: JsonObject, frame: string) => void): TestCase {
  return commandCase({
    id, title, protocol: P, block: 'D', feature: 'LocalAuthListManagement', useCases: ['D01'], requirements: ['D01.FR.01', 'D01.FR.06', 'D01.FR.18'],
    validations: checks,
    action: 'SendLocalList', request, instruction: `send the station a local authorization list (${String(request['updateType'])})`,
    check: (ctx, call) => check(ctx, call.payload, call.text),
    reply: { status: 'Accepted' },
  });
}

const entry = (token: string, withInfo: boolean): JsonObject => ({ idToken: idToken201(token), ...(withInfo && { idTokenInfo: { status: 'Accepted' } }) });

function listOf(payload: JsonObject): JsonObject[] {
  return (payload['localAuthorizationList'] as JsonObject[] | undefined) ?? [];
}

function positiveVersion(ctx: CaseContext, payload: JsonObject, frame: string): void {
  if (!((payload['versionNumber'] as number) > 0)) ctx.fail('wrong-value', `versionNumber is ${String(payload['versionNumber'])}, expected more than 0`, frame);
}

export const V201_AUTHORIZATION: readonly TestCase[] = [
  authorizeCase('TC_C_02_CSMS', 'Local start transaction - Authorization Invalid/Unknown', 'invalid', ['Invalid', 'Unknown']),
  authorizeCase('TC_C_06_CSMS', 'Local start transaction - Authorization Blocked', 'blocked', ['Blocked']),
  authorizeCase('TC_C_07_CSMS', 'Local start transaction - Authorization Expired', 'expired', ['Expired']),
  defineCase({
    id: 'TC_C_08_CSMS', title: 'Authorization through authorization cache - Accepted', protocol: P, block: 'C', useCases: ['C10'], requirements: [],
    steps: ['The station starts a transaction with a cached valid idToken, without AuthorizeRequest'],
    validations: ['TransactionEventResponse idTokenInfo.status is Accepted'],
    run: async (ctx) => {
      const answer = await transactionEvent201(ctx, 'Started', 'Authorized', { chargingState: 'EVConnected', idToken: ctx.tokens.valid });
      ctx.oneOf(idTokenStatus(ctx, answer, 'TransactionEventResponse'), ['Accepted'], 'TransactionEventResponse idTokenInfo.status', ctx.lastCsmsFrame());
    },
  }),
  defineCase({
    id: 'TC_C_20_CSMS', title: 'Authorization through authorization cache - Invalid', protocol: P, block: 'C', useCases: ['C10'], requirements: [],
    steps: ['The station starts a transaction with a cached idToken the CSMS does not know', 'The station ends it, DeAuthorized'],
    validations: ['TransactionEventResponse idTokenInfo.status is Invalid or Unknown', 'TransactionEventRequest Ended is answered'],
    run: async (ctx) => {
      const answer = await transactionEvent201(ctx, 'Started', 'Authorized', { chargingState: 'EVConnected', idToken: ctx.tokens.invalid });
      ctx.oneOf(idTokenStatus(ctx, answer, 'TransactionEventResponse'), ['Invalid', 'Unknown'], 'TransactionEventResponse idTokenInfo.status', ctx.lastCsmsFrame());
      await transactionEvent201(ctx, 'Ended', 'Deauthorized', { chargingState: 'EVConnected', stoppedReason: 'DeAuthorized' });
    },
  }),
  commandCase({
    id: 'TC_C_37_CSMS', title: 'Clear Authorization Data in Authorization Cache - Accepted', titleSource: 'octt', protocol: P, block: 'C', useCases: ['C11'], requirements: [],
    validations: ['the CSMS sends a schema-valid ClearCacheRequest'],
    action: 'ClearCache', request: {}, instruction: 'request the station to clear its authorization cache',
    reply: { status: 'Accepted' },
  }),
  commandCase({
    id: 'TC_C_38_CSMS', title: 'Clear Authorization Data in Authorization Cache - Rejected', titleSource: 'octt', protocol: P, block: 'C', useCases: ['C11'], requirements: [],
    validations: ['the CSMS sends a schema-valid ClearCacheRequest', 'after the Rejected answer the CSMS still answers the station (HeartbeatRequest)'],
    action: 'ClearCache', request: {}, instruction: 'request the station to clear its authorization cache',
    reply: { status: 'Rejected' },
    after: stillServed,
    afterSteps: ['The station sends HeartbeatRequest'],
  }),
  sendLocalList('TC_D_01_CSMS', 'Send Local Authorization List - Full', { versionNumber: 1, updateType: 'Full', localAuthorizationList: [entry('CDLOCAL01', true)] },
    ['updateType is Full', 'versionNumber is greater than 0', 'localAuthorizationList is not empty', 'every entry has idTokenInfo'],
    (ctx, p, frame) => {
      ctx.equal(p['updateType'], 'Full', 'updateType', frame);
      positiveVersion(ctx, p, frame);
      if (listOf(p).length === 0) ctx.fail('missing-field', 'localAuthorizationList is empty', frame);
      listOf(p).forEach((e, i) => ctx.present(e['idTokenInfo'], `localAuthorizationList[${i}].idTokenInfo`, frame));
    }),
  sendLocalList('TC_D_02_CSMS', 'Send Local Authorization List - Differential Update', { versionNumber: 2, updateType: 'Differential', localAuthorizationList: [entry('CDLOCAL02', true)] },
    ['updateType is Differential', 'versionNumber is greater than 0', 'localAuthorizationList is not empty'],
    (ctx, p, frame) => {
      ctx.equal(p['updateType'], 'Differential', 'updateType', frame);
      positiveVersion(ctx, p, frame);
      if (listOf(p).length === 0) ctx.fail('missing-field', 'localAuthorizationList is empty', frame);
    }),
  sendLocalList('TC_D_03_CSMS', 'Send Local Authorization List - Differential Remove', { versionNumber: 3, updateType: 'Differential', localAuthorizationList: [entry('CDLOCAL02', false)] },
    ['updateType is Differential', 'versionNumber is greater than 0', 'entries carry idToken without idTokenInfo (removal)'],
    (ctx, p, frame) => {
      ctx.equal(p['updateType'], 'Differential', 'updateType', frame);
      positiveVersion(ctx, p, frame);
      if (listOf(p).length === 0) ctx.fail('missing-field', 'localAuthorizationList is empty', frame);
      listOf(p).forEach((e, i) => ctx.absent(e['idTokenInfo'], `localAuthorizationList[${i}].idTokenInfo`, frame));
    }),
  sendLocalList('TC_D_04_CSMS', 'Send Local Authorization List - Full with empty list', { versionNumber: 4, updateType: 'Full' },
    ['updateType is Full', 'versionNumber is greater than 0', 'localAuthorizationList is absent or empty'],
    (ctx, p, frame) => {
      ctx.equal(p['updateType'], 'Full', 'updateType', frame);
      positiveVersion(ctx, p, frame);
      if (listOf(p).length > 0) ctx.fail('wrong-value', `localAuthorizationList has ${listOf(p).length} entries, expected none`, frame);
    }),
  commandCase({
    id: 'TC_D_08_CSMS', title: 'Get Local List Version - Success', protocol: P, block: 'D', feature: 'LocalAuthListManagement', useCases: ['D02'], requirements: [],
    validations: ['the CSMS sends a schema-valid GetLocalListVersionRequest', 'after the answer (version 1) the CSMS still answers the station'],
    action: 'GetLocalListVersion', request: {}, instruction: 'request the version of the station\'s local authorization list',
    reply: { versionNumber: 1 }, after: stillServed, afterSteps: ['The station sends HeartbeatRequest'],
  }),
  commandCase({
    id: 'TC_D_09_CSMS', title: 'Get Local List Version - No list available', protocol: P, block: 'D', feature: 'LocalAuthListManagement', useCases: ['D02'], requirements: [],
    validations: ['the CSMS sends a schema-valid GetLocalListVersionRequest', 'after the answer (version 0: no list) the CSMS still answers the station'],
    action: 'GetLocalListVersion', request: {}, instruction: 'request the version of the station\'s local authorization list',
    reply: { versionNumber: 0 }, after: stillServed, afterSteps: ['The station sends HeartbeatRequest'],
  }),
];
