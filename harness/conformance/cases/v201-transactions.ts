/** OCPP 2.0.1 block E (Transactions). */
import type { CaseContext } from '../context.js';
import { authorize201, idTokenStatus, statusNotification201, transactionEvent201, type TxOptions } from '../messages201.js';
import type { TestCase } from '../test-case.js';
import { commandCase, defineCase } from './define.js';

const P = 'ocpp2.0.1' as const;

async function expectAccepted(ctx: CaseContext, eventType: 'Started' | 'Updated' | 'Ended', trigger: string, options: TxOptions): Promise<void> {
  const answer = await transactionEvent201(ctx, eventType, trigger, options);
  ctx.oneOf(idTokenStatus(ctx, answer, `TransactionEventResponse (${eventType})`), ['Accepted'], `TransactionEventResponse (${eventType}) idTokenInfo.status`, ctx.lastCsmsFrame());
}

function startCase(id: string, title: string, useCase: string, requirement: string, trigger: string, chargingState: string, withToken: boolean): TestCase {
  return defineCase({
    id, title, protocol: P, block: 'E', useCases: [useCase], requirements: [requirement],
    preconditions: withToken ? ['Booted', 'Authorized'] : ['Booted'],
    steps: ['The station reports the connector Occupied', `The station sends TransactionEventRequest Started, triggerReason ${trigger}, chargingState ${chargingState}${withToken ? ', with the valid idToken' : ''}`],
    validations: withToken ? ['TransactionEventResponse idTokenInfo.status is Accepted'] : ['TransactionEventRequest Started is answered (schema-valid, no CALLERROR)'],
    run: async (ctx) => {
      await statusNotification201(ctx, 'Occupied');
      if (withToken) await expectAccepted(ctx, 'Started', trigger, { chargingState, idToken: ctx.tokens.valid });
      else await transactionEvent201(ctx, 'Started', trigger, { chargingState });
    },
  });
}

function stopCase(id: string, title: string, useCase: string, requirement: string, trigger: string, stoppedReason: string, withToken: boolean): TestCase {
  return defineCase({
    id, title, protocol: P, block: 'E', useCases: [useCase], requirements: [requirement],
    preconditions: ['Booted', 'Authorized', 'Charging'],
    steps: [`The station sends TransactionEventRequest Ended, triggerReason ${trigger}, stoppedReason ${stoppedReason}${withToken ? ', with the valid idToken' : ''}`, 'The station reports the connector Available'],
    validations: withToken ? ['TransactionEventResponse (Ended) idTokenInfo.status is Accepted', 'StatusNotificationRequest is answered'] : ['TransactionEventRequest Ended is answered', 'StatusNotificationRequest is answered'],
    run: async (ctx) => {
      if (withToken) await expectAccepted(ctx, 'Ended', trigger, { chargingState: 'EVConnected', stoppedReason, idToken: ctx.tokens.valid });
      else await transactionEvent201(ctx, 'Ended', trigger, { chargingState: 'Idle', stoppedReason });
      await statusNotification201(ctx, 'Available');
    },
  });
}

function transactionStatusCase(id: string, title: string, requirements: string[], withId: boolean, ongoing: boolean, messages: boolean): TestCase {
  return commandCase({
    id, title, protocol: P, block: 'E', useCases: ['E14'], requirements,
    preconditions: withId ? ['Booted', 'Authorized', 'Charging'] : ['Booted'],
    validations: [withId ? 'GetTransactionStatusRequest transactionId is the ongoing transaction' : 'GetTransactionStatusRequest has no transactionId'],
    action: 'GetTransactionStatus',
    request: (ctx) => (withId ? { transactionId: ctx.transactionId ?? '' } : {}),
    instruction: withId ? 'request the status of the ongoing transaction' : 'request whether the station has transaction messages queued',
    check: (ctx, call) => {
      if (withId) ctx.equal(call.payload['transactionId'], ctx.transactionId, 'GetTransactionStatusRequest transactionId', call.text);
      else ctx.absent(call.payload['transactionId'], 'GetTransactionStatusRequest transactionId', call.text);
    },
    reply: withId ? { ongoingIndicator: ongoing, messagesInQueue: messages } : { messagesInQueue: messages },
    before: async (ctx) => {
      if (withId && !ongoing) await transactionEvent201(ctx, 'Ended', 'StopAuthorized', { chargingState: 'EVConnected', stoppedReason: 'Local' }).then(() => undefined);
    },
  });
}

export const V201_TRANSACTIONS: readonly TestCase[] = [
  defineCase({
    id: 'TC_E_01_CSMS', title: 'Start transaction options - PowerPathClosed', protocol: P, block: 'E', useCases: ['E01'], requirements: ['E01.FR.05'],
    preconditions: ['Booted', 'Authorized'],
    steps: ['The station reports Occupied', 'TransactionEventRequest Started (Authorized, SuspendedEVSE, valid idToken)', 'TransactionEventRequest Updated (ChargingStateChanged, Charging)'],
    validations: ['TransactionEventResponse (Started) idTokenInfo.status is Accepted', 'TransactionEventRequest Updated is answered'],
    run: async (ctx) => {
      await statusNotification201(ctx, 'Occupied');
      await expectAccepted(ctx, 'Started', 'Authorized', { chargingState: 'SuspendedEVSE', idToken: ctx.tokens.valid });
      await transactionEvent201(ctx, 'Updated', 'ChargingStateChanged', { chargingState: 'Charging' });
    },
  }),
  startCase('TC_E_02_CSMS', 'Start transaction options - EnergyTransfer', 'E01', 'E01.FR.06', 'ChargingStateChanged', 'Charging', true),
  defineCase({
    id: 'TC_E_03_CSMS', title: 'Local start transaction - Cable plugin first', protocol: P, block: 'E', useCases: ['E02'], requirements: ['E02.FR.02'],
    steps: ['Occupied; TransactionEventRequest Started (CablePluggedIn, EVConnected)', 'AuthorizeRequest with the valid idToken', 'TransactionEventRequest Updated (Authorized, valid idToken)'],
    validations: ['AuthorizeResponse idTokenInfo.status is Accepted', 'TransactionEventResponse (Updated) idTokenInfo.status is Accepted'],
    run: async (ctx) => {
      await statusNotification201(ctx, 'Occupied');
      await transactionEvent201(ctx, 'Started', 'CablePluggedIn', { chargingState: 'EVConnected' });
      ctx.oneOf(idTokenStatus(ctx, await authorize201(ctx, ctx.tokens.valid), 'AuthorizeResponse'), ['Accepted'], 'AuthorizeResponse idTokenInfo.status', ctx.lastCsmsFrame());
      await expectAccepted(ctx, 'Updated', 'Authorized', { chargingState: 'Charging', idToken: ctx.tokens.valid });
    },
  }),
  defineCase({
    id: 'TC_E_04_CSMS', title: 'Local start transaction - Authorization first', protocol: P, block: 'E', useCases: ['E03'], requirements: ['E03.FR.02'],
    steps: ['AuthorizeRequest with the valid idToken', 'TransactionEventRequest Started (Authorized, valid idToken)', 'Occupied; TransactionEventRequest Updated (CablePluggedIn, EVConnected)'],
    validations: ['AuthorizeResponse idTokenInfo.status is Accepted', 'TransactionEventResponse (Started) idTokenInfo.status is Accepted', 'TransactionEventRequest Updated is answered'],
    run: async (ctx) => {
      ctx.oneOf(idTokenStatus(ctx, await authorize201(ctx, ctx.tokens.valid), 'AuthorizeResponse'), ['Accepted'], 'AuthorizeResponse idTokenInfo.status', ctx.lastCsmsFrame());
      await expectAccepted(ctx, 'Started', 'Authorized', { idToken: ctx.tokens.valid });
      await statusNotification201(ctx, 'Occupied');
      await transactionEvent201(ctx, 'Updated', 'CablePluggedIn', { chargingState: 'EVConnected' });
    },
  }),
  stopCase('TC_E_07_CSMS', 'Stop transaction options - PowerPathClosed - Local stop', 'E06', 'E06.FR.06', 'StopAuthorized', 'Local', true),
  stopCase('TC_E_08_CSMS', 'Stop transaction options - EnergyTransfer stopped - StopAuthorized', 'E06', 'E06.FR.07', 'StopAuthorized', 'Local', true),
  startCase('TC_E_09_CSMS', 'Start transaction options - EVConnected', 'E01', 'E01.FR.02', 'CablePluggedIn', 'EVConnected', false),
  startCase('TC_E_10_CSMS', 'Start transaction options - Authorized', 'E01', 'E01.FR.03', 'Authorized', 'EVConnected', true),
  stopCase('TC_E_14_CSMS', 'Stop transaction options - EVDisconnected - Charging Station side', 'E06', 'E06.FR.02', 'EVCommunicationLost', 'EVDisconnected', false),
  stopCase('TC_E_15_CSMS', 'Stop transaction options - StopAuthorized - Local', 'E06', 'E06.FR.03', 'StopAuthorized', 'Local', true),
  defineCase({
    id: 'TC_E_16_CSMS', title: 'Stop transaction options - Deauthorized - Invalid idToken', protocol: P, block: 'E', useCases: ['E06'], requirements: ['E06.FR.04', 'E01.FR.11', 'E01.FR.12'],
    steps: ['Occupied; TransactionEventRequest Started with the invalid idToken', 'TransactionEventRequest Ended (Deauthorized, stoppedReason DeAuthorized)'],
    validations: ['TransactionEventResponse (Started) idTokenInfo.status is Invalid or Unknown', 'TransactionEventRequest Ended is answered'],
    run: async (ctx) => {
      await statusNotification201(ctx, 'Occupied');
      const answer = await transactionEvent201(ctx, 'Started', 'Authorized', { chargingState: 'EVConnected', idToken: ctx.tokens.invalid });
      ctx.oneOf(idTokenStatus(ctx, answer, 'TransactionEventResponse'), ['Invalid', 'Unknown'], 'TransactionEventResponse idTokenInfo.status', ctx.lastCsmsFrame());
      await transactionEvent201(ctx, 'Ended', 'Deauthorized', { chargingState: 'EVConnected', stoppedReason: 'DeAuthorized' });
    },
  }),
  commandCase({
    id: 'TC_E_21_CSMS', title: 'Stop transaction options - StopAuthorized - Remote', protocol: P, block: 'E', useCases: ['E06', 'F03'], requirements: ['E06.FR.03', 'F03.FR.01'],
    preconditions: ['Booted', 'Authorized', 'Charging'],
    validations: ['RequestStopTransactionRequest transactionId is the ongoing transaction', 'TransactionEventRequest Ended (Remote) is answered'],
    action: 'RequestStopTransaction', request: (ctx) => ({ transactionId: ctx.transactionId ?? '' }), instruction: 'request the CSMS to stop the ongoing transaction remotely',
    check: (ctx, call) => ctx.equal(call.payload['transactionId'], ctx.transactionId, 'RequestStopTransactionRequest transactionId', call.text),
    reply: { status: 'Accepted' },
    after: async (ctx) => {
      await transactionEvent201(ctx, 'Ended', 'RemoteStop', { chargingState: 'EVConnected', stoppedReason: 'Remote' });
    },
    afterSteps: ['TransactionEventRequest Ended (RemoteStop, stoppedReason Remote)'],
  }),
  transactionStatusCase('TC_E_29_CSMS', 'Check Transaction status - Transaction with id ongoing - with message in queue', ['E14.FR.02', 'E14.FR.04'], true, true, true),
  transactionStatusCase('TC_E_30_CSMS', 'Check Transaction status - Transaction with id ongoing - without message in queue', ['E14.FR.02', 'E14.FR.05'], true, true, false),
  transactionStatusCase('TC_E_33_CSMS', 'Check Transaction status - Without transactionId - with message in queue', ['E14.FR.06', 'E14.FR.07'], false, false, true),
  transactionStatusCase('TC_E_34_CSMS', 'Check Transaction status - Without transactionId - without message in queue', ['E14.FR.06', 'E14.FR.08'], false, false, false),
  defineCase({
    id: 'TC_E_53_CSMS', title: 'Reset Sequence Number', protocol: P, block: 'E', useCases: ['E01'], requirements: ['E01.FR.07'],
    preconditions: ['Booted', 'Authorized'],
    steps: ['Two transactions one after the other, each starting at seqNo 0'],
    validations: ['both TransactionEventRequest Started (seqNo 0) get idTokenInfo.status Accepted', 'both Ended events are answered'],
    run: async (ctx) => {
      for (let i = 0; i < 2; i++) {
        await expectAccepted(ctx, 'Started', 'Authorized', { chargingState: 'Charging', idToken: ctx.tokens.valid });
        await transactionEvent201(ctx, 'Ended', 'StopAuthorized', { chargingState: 'EVConnected', stoppedReason: 'Local' });
      }
    },
  }),
];
