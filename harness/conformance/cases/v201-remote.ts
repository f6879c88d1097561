/** OCPP 2.0.1 block F (Remote Control): remote start, unlock, trigger message. */
import type { JsonObject } from '../../../simulator/protocol/frames.js';
import type { CaseContext } from '../context.js';
import { authorize201, idToken201, idTokenStatus, statusNotification201, transactionEvent201 } from '../messages201.js';
import type { IncomingCall } from '../test-station.js';
import type { PreconditionName } from '../types.js';
import type { TestCase } from '../test-case.js';
import { commandCase, field } from './define.js';

const P = 'ocpp2.0.1' as const;

function checkRemoteStart(ctx: CaseContext, call: IncomingCall): void {
  ctx.equal(field(call, 'idToken.idToken'), ctx.tokens.valid, 'RequestStartTransactionRequest idToken.idToken', call.text);
  ctx.present(call.payload['remoteStartId'], 'RequestStartTransactionRequest remoteStartId', call.text);
}

async function startedRemotely(ctx: CaseContext, call: IncomingCall, eventType: 'Started' | 'Updated', chargingState: string): Promise<void> {
  const answer = await transactionEvent201(ctx, eventType, 'RemoteStart', { chargingState, idToken: ctx.tokens.valid, remoteStartId: call.payload['remoteStartId'] as number });
  ctx.oneOf(idTokenStatus(ctx, answer, 'TransactionEventResponse'), ['Accepted'], 'TransactionEventResponse idTokenInfo.status', ctx.lastCsmsFrame());
}

const remoteStartRequest = (ctx: CaseContext): JsonObject => ({ idToken: idToken201(ctx.tokens.valid), remoteStartId: 7, evseId: 1 });

function triggerCase(id: string, title: string, requirements: string[], requestedMessage: string, evse: boolean, send: (ctx: CaseContext) => Promise<unknown>, preconditions: PreconditionName[] = ['Booted']): TestCase {
  return commandCase({
    id, title, protocol: P, block: 'F', useCases: ['F06'], requirements, preconditions,
    validations: [`TriggerMessageRequest requestedMessage is ${requestedMessage}`, evse ? 'TriggerMessageRequest evse.id is the configured EVSE (1)' : 'TriggerMessageRequest has no evse', `the triggered ${requestedMessage}Request is answered`],
    action: 'TriggerMessage', request: evse ? { requestedMessage, evse: { id: 1 } } : { requestedMessage },
    instruction: `request the station to send ${requestedMessage}${evse ? ' for EVSE 1' : ''}`,
    check: (ctx, call) => {
      ctx.equal(call.payload['requestedMessage'], requestedMessage, 'TriggerMessageRequest requestedMessage', call.text);
      if (evse) ctx.equal(field(call, 'evse.id'), ctx.evseId, 'TriggerMessageRequest evse.id', call.text);
      else ctx.absent(call.payload['evse'], 'TriggerMessageRequest evse', call.text);
    },
    reply: { status: 'Accepted' },
    after: async (ctx) => {
      await send(ctx);
    },
    afterSteps: [`The station sends ${requestedMessage}Request`],
  });
}

const meterValues = (ctx: CaseContext): Promise<unknown> =>
  ctx.call('MeterValues', { evseId: 1, meterValue: [{ timestamp: ctx.now(), sampledValue: [{ value: 1200, measurand: 'Energy.Active.Import.Register' }] }] });

export const V201_REMOTE: readonly TestCase[] = [
  commandCase({
    id: 'TC_F_01_CSMS', title: 'Remote start transaction - Cable plugin first', protocol: P, block: 'F', useCases: ['F01'], requirements: [],
    validations: ['RequestStartTransactionRequest idToken is the configured valid idToken', 'RequestStartTransactionRequest has a remoteStartId', 'TransactionEventResponse (Updated, RemoteStart) idTokenInfo.status is Accepted'],
    before: async (ctx) => {
      await statusNotification201(ctx, 'Occupied');
      await transactionEvent201(ctx, 'Started', 'CablePluggedIn', { chargingState: 'EVConnected' });
    },
    action: 'RequestStartTransaction', request: remoteStartRequest, instruction: 'request the CSMS to start a transaction remotely with the valid idToken',
    check: checkRemoteStart,
    reply: (ctx) => ({ status: 'Accepted', transactionId: ctx.transactionId ?? '' }),
    after: (ctx, call) => startedRemotely(ctx, call, 'Updated', 'Charging'),
    afterSteps: ['TransactionEventRequest Updated (RemoteStart, remoteStartId, valid idToken)'],
  }),
  commandCase({
    id: 'TC_F_02_CSMS', title: 'Remote start transaction - Remote start first - AuthorizeRemoteStart is true', protocol: P, block: 'F', useCases: ['F01', 'F02'], requirements: ['F02.FR.01', 'F01.FR.01'],
    validations: ['RequestStartTransactionRequest idToken is the configured valid idToken and has a remoteStartId', 'AuthorizeResponse idTokenInfo.status is Accepted', 'TransactionEventResponse (Started) idTokenInfo.status is Accepted'],
    action: 'RequestStartTransaction', request: remoteStartRequest, instruction: 'request the CSMS to start a transaction remotely with the valid idToken',
    check: checkRemoteStart, reply: { status: 'Accepted' },
    after: async (ctx, call) => {
      ctx.oneOf(idTokenStatus(ctx, await authorize201(ctx, ctx.tokens.valid), 'AuthorizeResponse'), ['Accepted'], 'AuthorizeResponse idTokenInfo.status', ctx.lastCsmsFrame());
      await statusNotification201(ctx, 'Occupied');
      await startedRemotely(ctx, call, 'Started', 'Charging');
    },
    afterSteps: ['AuthorizeRequest', 'Occupied; TransactionEventRequest Started (RemoteStart)'],
  }),
  commandCase({
    id: 'TC_F_03_CSMS', title: 'Remote start transaction - Remote start first - AuthorizeRemoteStart is false', protocol: P, block: 'F', useCases: ['F01', 'F02'], requirements: ['F02.FR.01', 'F01.FR.02'],
    validations: ['RequestStartTransactionRequest idToken is the configured valid idToken and has a remoteStartId', 'TransactionEventResponse (Started) idTokenInfo.status is Accepted'],
    action: 'RequestStartTransaction', request: remoteStartRequest, instruction: 'request the CSMS to start a transaction remotely with the valid idToken',
    check: checkRemoteStart, reply: { status: 'Accepted' },
    after: async (ctx, call) => {
      await statusNotification201(ctx, 'Occupied');
      await startedRemotely(ctx, call, 'Started', 'Charging');
    },
    afterSteps: ['Occupied; TransactionEventRequest Started (RemoteStart), no AuthorizeRequest'],
  }),
  commandCase({
    id: 'TC_F_04_CSMS', title: 'Remote start transaction - Remote start first - Cable plugin timeout', protocol: P, block: 'F', useCases: ['F02', 'E03'], requirements: ['E03.FR.04', 'E03.FR.05'],
    validations: ['RequestStartTransactionRequest idToken is the configured valid idToken and has a remoteStartId', 'TransactionEventRequest Ended (EVConnectTimeout, stoppedReason Timeout) is answered'],
    action: 'RequestStartTransaction', request: remoteStartRequest, instruction: 'request the CSMS to start a transaction remotely with the valid idToken',
    check: checkRemoteStart, reply: { status: 'Accepted' },
    after: async (ctx, call) => {
      await startedRemotely(ctx, call, 'Started', 'Idle');
      await transactionEvent201(ctx, 'Ended', 'EVConnectTimeout', { chargingState: 'Idle', stoppedReason: 'Timeout' });
    },
    afterSteps: ['TransactionEventRequest Started (RemoteStart)', 'no cable: TransactionEventRequest Ended (EVConnectTimeout, Timeout)'],
  }),
  commandCase({
    id: 'TC_F_06_CSMS', title: 'Remote unlock Connector - Without ongoing transaction - Accepted', titleSource: 'octt', protocol: P, block: 'F', useCases: ['F05'], requirements: [],
    validations: ['UnlockConnectorRequest evseId is the configured EVSE (1)', 'UnlockConnectorRequest connectorId is the configured connector (1)'],
    action: 'UnlockConnector', request: { evseId: 1, connectorId: 1 }, instruction: 'request the CSMS to unlock connector 1 of EVSE 1',
    check: (ctx, call) => {
      ctx.equal(call.payload['evseId'], ctx.evseId, 'UnlockConnectorRequest evseId', call.text);
      ctx.equal(call.payload['connectorId'], ctx.connectorId, 'UnlockConnectorRequest connectorId', call.text);
    },
    reply: { status: 'Unlocked' },
  }),
  triggerCase('TC_F_11_CSMS', 'Trigger message - MeterValues - Specific EVSE', ['F06.FR.01', 'F06.FR.02'], 'MeterValues', true, meterValues),
  triggerCase('TC_F_12_CSMS', 'Trigger message - MeterValues - All EVSE', ['F06.FR.01'], 'MeterValues', false, meterValues),
  triggerCase('TC_F_13_CSMS', 'Trigger message - TransactionEvent - Specific EVSE', ['F06.FR.01', 'F06.FR.02'], 'TransactionEvent', true,
    (ctx) => transactionEvent201(ctx, 'Updated', 'Trigger', { chargingState: 'Charging' }), ['Booted', 'Authorized', 'Charging']),
  triggerCase('TC_F_14_CSMS', 'Trigger message - TransactionEvent - All EVSE', ['F06.FR.01'], 'TransactionEvent', false,
    (ctx) => transactionEvent201(ctx, 'Updated', 'Trigger', { chargingState: 'Charging' }), ['Booted', 'Authorized', 'Charging']),
  triggerCase('TC_F_15_CSMS', 'Trigger message - LogStatusNotification - Idle', ['F06.FR.01'], 'LogStatusNotification', false, (ctx) => ctx.call('LogStatusNotification', { status: 'Idle' })),
  triggerCase('TC_F_18_CSMS', 'Trigger message - FirmwareStatusNotification - Idle', ['F06.FR.01'], 'FirmwareStatusNotification', false, (ctx) => ctx.call('FirmwareStatusNotification', { status: 'Idle' })),
  triggerCase('TC_F_20_CSMS', 'Trigger message - Heartbeat', ['F06.FR.01'], 'Heartbeat', false, (ctx) => ctx.call('Heartbeat', {})),
  triggerCase('TC_F_23_CSMS', 'Trigger message - StatusNotification - Specific EVSE - Available', ['F06.FR.01', 'F06.FR.02', 'F06.FR.13'], 'StatusNotification', true, (ctx) => statusNotification201(ctx, 'Available')),
  triggerCase('TC_F_24_CSMS', 'Trigger message - StatusNotification - Specific EVSE - Occupied', ['F06.FR.01', 'F06.FR.02', 'F06.FR.13'], 'StatusNotification', true, (ctx) => statusNotification201(ctx, 'Occupied')),
  commandCase({
    id: 'TC_F_27_CSMS', title: 'Trigger message - NotImplemented', protocol: P, block: 'F', useCases: ['F06'], requirements: ['F06.FR.08'],
    validations: ['the CSMS sends a schema-valid TriggerMessageRequest', 'after the NotImplemented answer the CSMS still answers the station (HeartbeatRequest)'],
    action: 'TriggerMessage', request: { requestedMessage: 'SignChargingStationCertificate' }, instruction: 'request the station to send a message it has not implemented (SignChargingStationCertificate)',
    reply: { status: 'NotImplemented' },
    after: async (ctx) => {
      await ctx.call('Heartbeat', {});
    },
    afterSteps: ['The station sends HeartbeatRequest'],
  }),
];
