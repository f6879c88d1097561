/**
 * OCPP 1.6 Central System cases (OCTT 1.6 ids TC_nnn_CSMS). `block` is the feature profile's initial (C Core,
 * S Smart Charging).
 */
import type { CaseContext } from '../context.js';
import { authorize16, bootNotification16, startTransaction16, statusNotification16, stopTransaction16 } from '../messages16.js';
import { boot } from '../preconditions.js';
import type { TokenSet } from '../input-files.js';
import type { TestCase } from '../test-case.js';
import { commandCase, defineCase, field } from './define.js';

const P = 'ocpp1.6' as const;

async function accepted(ctx: CaseContext, status: unknown, what: string): Promise<void> {
  ctx.oneOf(status, ['Accepted'], what, ctx.lastCsmsFrame());
}

async function authorizeAccepted(ctx: CaseContext): Promise<void> {
  await accepted(ctx, await authorize16(ctx, ctx.tokens.valid), 'Authorize.conf idTagInfo.status');
}

async function startAccepted(ctx: CaseContext): Promise<void> {
  await accepted(ctx, await startTransaction16(ctx, ctx.tokens.valid), 'StartTransaction.conf idTagInfo.status');
}

function authorizeRefused(id: string, title: string, token: keyof TokenSet, status: string): TestCase {
  return defineCase({
    id, title, protocol: P, block: 'C',
    steps: [`The station sends Authorize.req with the configured ${token} idTag`],
    validations: [`Authorize.conf idTagInfo.status is ${status}`],
    run: async (ctx) => {
      ctx.oneOf(await authorize16(ctx, ctx.tokens[token]), [status], 'Authorize.conf idTagInfo.status', ctx.lastCsmsFrame());
    },
  });
}

const checkRemoteStart = (ctx: CaseContext, call: { payload: Record<string, unknown>; text: string }): void => {
  ctx.equal(call.payload['idTag'], ctx.tokens.valid, 'RemoteStartTransaction.req idTag', call.text);
};

const stillServed = async (ctx: CaseContext): Promise<void> => {
  await ctx.call('Heartbeat', {});
};

export const V16_CORE: readonly TestCase[] = [
  defineCase({
    id: 'TC_001_CSMS', title: 'Cold Boot Charge Point', titleSource: 'octt', protocol: P, block: 'C', preconditions: [],
    steps: ['BootNotification.req', 'StatusNotification.req for connectorId 0 and 1 (Available)', 'Heartbeat.req'],
    validations: ['BootNotification.conf status is Accepted', 'BootNotification.conf interval is greater than 0', 'StatusNotification.req and Heartbeat.req are answered (Heartbeat.conf has currentTime)'],
    run: async (ctx) => {
      const answer = await bootNotification16(ctx);
      const frame = ctx.lastCsmsFrame();
      ctx.oneOf(answer['status'], ['Accepted'], 'BootNotification.conf status', frame);
      if (!((answer['interval'] as number) > 0)) ctx.fail('wrong-value', `BootNotification.conf interval is ${String(answer['interval'])}, expected more than 0`, frame);
      await statusNotification16(ctx, 'Available', 'NoError', 0);
      await statusNotification16(ctx, 'Available');
      await ctx.call('Heartbeat', {});
    },
  }),
  defineCase({
    id: 'TC_003_CSMS', title: 'Regular Charging Session - Plugin First', protocol: P, block: 'C',
    steps: ['Preparing', 'Authorize.req (valid idTag)', 'StartTransaction.req', 'Charging', 'StopTransaction.req (Local)', 'Finishing, Available'],
    validations: ['Authorize.conf and StartTransaction.conf idTagInfo.status are Accepted', 'StartTransaction.conf transactionId is not one already handed out', 'StopTransaction.req is answered'],
    run: async (ctx) => {
      await statusNotification16(ctx, 'Preparing');
      await authorizeAccepted(ctx);
      await startAccepted(ctx);
      await statusNotification16(ctx, 'Charging');
      await stopTransaction16(ctx, 'Local', ctx.tokens.valid);
      await statusNotification16(ctx, 'Finishing');
      await statusNotification16(ctx, 'Available');
    },
  }),
  defineCase({
    id: 'TC_004_1_CSMS', title: 'Regular Charging Session - Identification First', titleSource: 'octt', protocol: P, block: 'C',
    steps: ['Authorize.req (valid idTag)', 'Preparing', 'StartTransaction.req', 'Charging'],
    validations: ['Authorize.conf and StartTransaction.conf idTagInfo.status are Accepted', 'StartTransaction.conf transactionId is not one already handed out'],
    run: async (ctx) => {
      await authorizeAccepted(ctx);
      await statusNotification16(ctx, 'Preparing');
      await startAccepted(ctx);
      await statusNotification16(ctx, 'Charging');
    },
  }),
  defineCase({
    id: 'TC_004_2_CSMS', title: 'Regular Charging Session - Identification First - ConnectionTimeOut', protocol: P, block: 'C',
    steps: ['Authorize.req (valid idTag)', 'Preparing', 'no cable within ConnectionTimeOut: Available'],
    validations: ['Authorize.conf idTagInfo.status is Accepted', 'both StatusNotification.req are answered'],
    run: async (ctx) => {
      await authorizeAccepted(ctx);
      await statusNotification16(ctx, 'Preparing');
      await statusNotification16(ctx, 'Available');
    },
  }),
  defineCase({
    id: 'TC_005_1_CSMS', title: 'EV Side Disconnected', protocol: P, block: 'C', preconditions: ['Booted', 'Authorized', 'Charging'],
    steps: ['StopTransaction.req (EVDisconnected)', 'Finishing, Available'],
    validations: ['StopTransaction.req and the StatusNotification.req are answered'],
    run: async (ctx) => {
      await stopTransaction16(ctx, 'EVDisconnected');
      await statusNotification16(ctx, 'Finishing');
      await statusNotification16(ctx, 'Available');
    },
  }),
  defineCase({
    id: 'TC_007_CSMS', title: 'Regular Start Charging Session - Cached Id', protocol: P, block: 'C',
    steps: ['Preparing', 'StartTransaction.req with a cached idTag (no Authorize.req)', 'Charging'],
    validations: ['StartTransaction.conf idTagInfo.status is Accepted', 'StartTransaction.conf transactionId is not one already handed out'],
    run: async (ctx) => {
      await statusNotification16(ctx, 'Preparing');
      await startAccepted(ctx);
      await statusNotification16(ctx, 'Charging');
    },
  }),
  commandCase({
    id: 'TC_010_CSMS', title: 'Remote Start Charging Session - Cable Plugged in First', titleSource: 'octt', protocol: P, block: 'C',
    validations: ['RemoteStartTransaction.req idTag is the configured valid idTag', 'Authorize.conf and StartTransaction.conf idTagInfo.status are Accepted'],
    before: async (ctx) => {
      await statusNotification16(ctx, 'Preparing');
    },
    action: 'RemoteStartTransaction', request: (ctx) => ({ connectorId: 1, idTag: ctx.tokens.valid }), instruction: 'request the CSMS to start a transaction remotely on connector 1 with the valid idTag',
    check: checkRemoteStart, reply: { status: 'Accepted' },
    after: async (ctx) => {
      await authorizeAccepted(ctx);
      await startAccepted(ctx);
      await statusNotification16(ctx, 'Charging');
    },
    afterSteps: ['Authorize.req', 'StartTransaction.req', 'Charging'],
  }),
  commandCase({
    id: 'TC_011_1_CSMS', title: 'Remote Start Charging Session - Remote Start First', titleSource: 'octt', protocol: P, block: 'C',
    validations: ['RemoteStartTransaction.req idTag is the configured valid idTag', 'Authorize.conf and StartTransaction.conf idTagInfo.status are Accepted'],
    action: 'RemoteStartTransaction', request: (ctx) => ({ connectorId: 1, idTag: ctx.tokens.valid }), instruction: 'request the CSMS to start a transaction remotely on connector 1 with the valid idTag',
    check: checkRemoteStart, reply: { status: 'Accepted' },
    after: async (ctx) => {
      await authorizeAccepted(ctx);
      await statusNotification16(ctx, 'Preparing');
      await startAccepted(ctx);
      await statusNotification16(ctx, 'Charging');
    },
    afterSteps: ['Authorize.req', 'Preparing', 'StartTransaction.req', 'Charging'],
  }),
  commandCase({
    id: 'TC_011_2_CSMS', title: 'Remote Start Charging Session - Time Out', titleSource: 'octt', protocol: P, block: 'C',
    validations: ['RemoteStartTransaction.req idTag is the configured valid idTag', 'Authorize.conf idTagInfo.status is Accepted', 'the StatusNotification.req (Preparing, then Available) are answered'],
    action: 'RemoteStartTransaction', request: (ctx) => ({ connectorId: 1, idTag: ctx.tokens.valid }), instruction: 'request the CSMS to start a transaction remotely on connector 1 with the valid idTag',
    check: checkRemoteStart, reply: { status: 'Accepted' },
    after: async (ctx) => {
      await authorizeAccepted(ctx);
      await statusNotification16(ctx, 'Preparing');
      await statusNotification16(ctx, 'Available');
    },
    afterSteps: ['Authorize.req', 'Preparing', 'no cable: Available'],
  }),
  commandCase({
    id: 'TC_012_CSMS', title: 'Remote Stop Charging Session', titleSource: 'octt', protocol: P, block: 'C', preconditions: ['Booted', 'Authorized', 'Charging'],
    validations: ['RemoteStopTransaction.req transactionId is the ongoing transaction', 'StopTransaction.req (Remote) and the StatusNotification.req are answered'],
    action: 'RemoteStopTransaction', request: (ctx) => ({ transactionId: ctx.transactionId16 ?? 0 }), instruction: 'request the CSMS to stop the ongoing transaction remotely',
    check: (ctx, call) => ctx.equal(call.payload['transactionId'], ctx.transactionId16, 'RemoteStopTransaction.req transactionId', call.text),
    reply: { status: 'Accepted' },
    after: async (ctx) => {
      await stopTransaction16(ctx, 'Remote');
      await statusNotification16(ctx, 'Finishing');
      await statusNotification16(ctx, 'Available');
    },
    afterSteps: ['StopTransaction.req (Remote)', 'Finishing, Available'],
  }),
  commandCase({
    id: 'TC_013_CSMS', title: 'Hard Reset Without transaction', titleSource: 'octt', protocol: P, block: 'C',
    validations: ['Reset.req type is Hard', 'after the reboot, BootNotification.conf is Accepted'],
    action: 'Reset', request: { type: 'Hard' }, instruction: 'request the CSMS to hard reset the Charge Point',
    check: (ctx, call) => ctx.equal(call.payload['type'], 'Hard', 'Reset.req type', call.text),
    reply: { status: 'Accepted' },
    after: async (ctx) => {
      await ctx.reconnect();
      await boot(ctx);
    },
    afterSteps: ['The station reconnects, boots and reports its connectors'],
  }),
  commandCase({
    id: 'TC_017_1_CSMS', title: 'Unlock connector - no charging session running (Not fixed cable)', titleSource: 'octt', protocol: P, block: 'C',
    validations: ['UnlockConnector.req connectorId is the configured connector (1)'],
    action: 'UnlockConnector', request: { connectorId: 1 }, instruction: 'request the CSMS to unlock connector 1',
    check: (ctx, call) => ctx.equal(call.payload['connectorId'], 1, 'UnlockConnector.req connectorId', call.text),
    reply: { status: 'Unlocked' },
  }),
  commandCase({
    id: 'TC_017_2_CSMS', title: 'Unlock connector - no charging session running (Fixed cable)', titleSource: 'octt', protocol: P, block: 'C',
    validations: ['UnlockConnector.req connectorId is the configured connector (1)', 'after the NotSupported answer the CSMS still answers the station'],
    action: 'UnlockConnector', request: { connectorId: 1 }, instruction: 'request the CSMS to unlock connector 1',
    check: (ctx, call) => ctx.equal(call.payload['connectorId'], 1, 'UnlockConnector.req connectorId', call.text),
    reply: { status: 'NotSupported' }, after: stillServed, afterSteps: ['Heartbeat.req'],
  }),
  commandCase({
    id: 'TC_018_1_CSMS', title: 'Unlock Connector - With Charging Session (Not fixed cable)', protocol: P, block: 'C', preconditions: ['Booted', 'Authorized', 'Charging'],
    validations: ['UnlockConnector.req connectorId is the connector of the transaction (1)', 'StopTransaction.req (UnlockCommand) and the StatusNotification.req are answered'],
    action: 'UnlockConnector', request: { connectorId: 1 }, instruction: 'request the CSMS to unlock connector 1 during the transaction',
    check: (ctx, call) => ctx.equal(call.payload['connectorId'], 1, 'UnlockConnector.req connectorId', call.text),
    reply: { status: 'Unlocked' },
    after: async (ctx) => {
      await stopTransaction16(ctx, 'UnlockCommand');
      await statusNotification16(ctx, 'Finishing');
      await statusNotification16(ctx, 'Available');
    },
    afterSteps: ['StopTransaction.req (UnlockCommand)', 'Finishing, Available'],
  }),
  commandCase({
    id: 'TC_019_1_CSMS', title: 'Retrieve all configuration keys', titleSource: 'octt', protocol: P, block: 'C',
    validations: ['GetConfiguration.req names no key (all keys)'],
    action: 'GetConfiguration', request: {}, instruction: 'request all configuration keys of the Charge Point',
    check: (ctx, call) => {
      const keys = call.payload['key'] as unknown[] | undefined;
      if (keys !== undefined && keys.length > 0) ctx.fail('wrong-value', `GetConfiguration.req key lists ${keys.length} keys, expected none (all keys)`, call.text);
    },
    reply: { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }, { key: 'MeterValueSampleInterval', readonly: false, value: '60' }] },
  }),
  commandCase({
    id: 'TC_021_CSMS', title: 'Change/set Configuration', titleSource: 'octt', protocol: P, block: 'C',
    validations: ['ChangeConfiguration.req key is MeterValueSampleInterval', 'ChangeConfiguration.req value is 60'],
    action: 'ChangeConfiguration', request: { key: 'MeterValueSampleInterval', value: '60' }, instruction: 'set MeterValueSampleInterval to 60',
    check: (ctx, call) => {
      ctx.equal(call.payload['key'], 'MeterValueSampleInterval', 'ChangeConfiguration.req key', call.text);
      ctx.equal(call.payload['value'], '60', 'ChangeConfiguration.req value', call.text);
    },
    reply: { status: 'Accepted' },
  }),
  authorizeRefused('TC_023_1_CSMS', 'Start Charging Session - Authorize invalid', 'invalid', 'Invalid'),
  authorizeRefused('TC_023_2_CSMS', 'Start Charging Session - Authorize expired', 'expired', 'Expired'),
  authorizeRefused('TC_023_3_CSMS', 'Start Charging Session - Authorize blocked', 'blocked', 'Blocked'),
  defineCase({
    id: 'TC_024_CSMS', title: 'Start Charging Session Lock Failure', titleSource: 'octt', protocol: P, block: 'C', preconditions: ['Booted', 'Authorized'],
    steps: ['Preparing', 'Faulted with errorCode ConnectorLockFailure'],
    validations: ['both StatusNotification.req are answered'],
    run: async (ctx) => {
      await statusNotification16(ctx, 'Preparing');
      await statusNotification16(ctx, 'Faulted', 'ConnectorLockFailure');
    },
  }),
  commandCase({
    id: 'TC_026_CSMS', title: 'Remote Start Charging Session - Rejected', titleSource: 'octt', protocol: P, block: 'C',
    validations: ['RemoteStartTransaction.req idTag is the configured valid idTag', 'after the Rejected answer the CSMS still answers the station'],
    action: 'RemoteStartTransaction', request: (ctx) => ({ connectorId: 1, idTag: ctx.tokens.valid }), instruction: 'request the CSMS to start a transaction remotely with the valid idTag',
    check: checkRemoteStart, reply: { status: 'Rejected' }, after: stillServed, afterSteps: ['Heartbeat.req'],
  }),
  commandCase({
    id: 'TC_028_CSMS', title: 'Remote Stop Transaction - Rejected', titleSource: 'octt', protocol: P, block: 'C', preconditions: ['Booted', 'Authorized', 'Charging'],
    validations: ['the CSMS sends a schema-valid RemoteStopTransaction.req', 'after the Rejected answer the CSMS still answers the station'],
    action: 'RemoteStopTransaction', request: { transactionId: 999999 }, instruction: 'request the CSMS to stop a transaction the Charge Point does not know',
    reply: { status: 'Rejected' }, after: stillServed, afterSteps: ['Heartbeat.req'],
  }),
  commandCase({
    id: 'TC_031_CSMS', title: 'Unlock Connector - Unknown Connector', titleSource: 'octt', protocol: P, block: 'C',
    validations: ['the CSMS sends a schema-valid UnlockConnector.req', 'after the NotSupported answer the CSMS still answers the station'],
    action: 'UnlockConnector', request: { connectorId: 9 }, instruction: 'request the CSMS to unlock connector 9, which the Charge Point does not have',
    reply: { status: 'NotSupported' }, after: stillServed, afterSteps: ['Heartbeat.req'],
  }),
  commandCase({
    id: 'TC_059_CSMS', title: 'Remote Start Transaction with Charging Profile', titleSource: 'octt', protocol: P, block: 'S', feature: 'SmartCharging',
    validations: ['RemoteStartTransaction.req idTag is the configured valid idTag', 'RemoteStartTransaction.req carries a chargingProfile with purpose TxProfile'],
    action: 'RemoteStartTransaction',
    request: (ctx) => ({
      connectorId: 1, idTag: ctx.tokens.valid,
      chargingProfile: { chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] } },
    }),
    instruction: 'request the CSMS to start a transaction remotely with a TxProfile charging profile',
    check: (ctx, call) => {
      checkRemoteStart(ctx, call);
      ctx.equal(field(call as never, 'chargingProfile.chargingProfilePurpose'), 'TxProfile', 'RemoteStartTransaction.req chargingProfile.chargingProfilePurpose', call.text, 'missing-field');
    },
    reply: { status: 'Accepted' },
  }),
  commandCase({
    id: 'TC_061_CSMS', title: 'Clear Authorization Data in Authorization Cache', titleSource: 'octt', protocol: P, block: 'C',
    validations: ['the CSMS sends a schema-valid ClearCache.req'],
    action: 'ClearCache', request: {}, instruction: 'request the Charge Point to clear its authorization cache',
    reply: { status: 'Accepted' },
  }),
  defineCase({
    id: 'TC_064_CSMS', title: 'Data Transfer to a Central System', protocol: P, block: 'C',
    steps: ['DataTransfer.req with vendorId chargedrill'],
    validations: ['DataTransfer.conf is schema-valid (status Accepted, Rejected, UnknownMessageId or UnknownVendorId)'],
    run: async (ctx) => {
      await ctx.call('DataTransfer', { vendorId: 'chargedrill', messageId: 'conformance', data: 'ping' });
    },
  }),
];
