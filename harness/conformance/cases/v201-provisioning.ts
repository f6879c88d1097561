/** OCPP 2.0.1 block B (Provisioning): boot, device model variables and reports, resets. */
import type { JsonObject } from '../../../simulator/protocol/frames.js';
import type { CaseContext } from '../context.js';
import { bootNotification201, transactionEvent201 } from '../messages201.js';
import { boot } from '../preconditions.js';
import type { TestCase } from '../test-case.js';
import { commandCase, defineCase, field } from './define.js';

const P = 'ocpp2.0.1' as const;
const OFFLINE_THRESHOLD = { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'OfflineThreshold' } };
const AUTHORIZE_REMOTE_START = { component: { name: 'AuthCtrlr' }, variable: { name: 'AuthorizeRemoteStart' } };

function checkVariables(ctx: CaseContext, list: unknown, expected: readonly JsonObject[], what: string, frame: string): void {
  const entries = Array.isArray(list) ? (list as JsonObject[]) : [];
  ctx.equal(entries.length, expected.length, `number of ${what} entries`, frame);
  expected.forEach((want, i) => {
    ctx.equal((entries[i]?.['component'] as JsonObject | undefined)?.['name'], (want['component'] as JsonObject)['name'], `${what}[${i}].component.name`, frame);
    ctx.equal((entries[i]?.['variable'] as JsonObject | undefined)?.['name'], (want['variable'] as JsonObject)['name'], `${what}[${i}].variable.name`, frame);
  });
}

/** The station answers a report request and sends the report; the CSMS must answer every NotifyReport. */
async function sendReport(ctx: CaseContext, requestId: number): Promise<void> {
  await ctx.call('NotifyReport', {
    requestId,
    generatedAt: ctx.now(),
    seqNo: 0,
    tbc: false,
    reportData: [{ ...OFFLINE_THRESHOLD, variableAttribute: [{ type: 'Actual', value: '60', mutability: 'ReadWrite' }] }],
  });
}

async function rebootAndBoot(ctx: CaseContext): Promise<void> {
  await ctx.reconnect();
  await boot(ctx, 'RemoteReset');
}

function baseReport(id: string, reportBase: string, requirements: string[]): TestCase {
  return commandCase({
    id, title: `Get Base Report - ${reportBase}`, protocol: P, block: 'B', useCases: ['B07'], requirements,
    validations: [`GetBaseReportRequest reportBase is ${reportBase}`, 'NotifyReportRequest is answered with a valid NotifyReportResponse'],
    action: 'GetBaseReport', request: { requestId: 11, reportBase }, instruction: `request a ${reportBase} base report of the station`,
    check: (ctx, call) => ctx.equal(call.payload['reportBase'], reportBase, 'reportBase', call.text),
    reply: { status: 'Accepted' },
    after: (ctx, call) => sendReport(ctx, call.payload['requestId'] as number),
    afterSteps: ['The station sends NotifyReportRequest for the requestId', 'The CSMS answers NotifyReportResponse'],
  });
}

interface ResetSpec {
  id: string;
  title: string;
  titleSource?: 'octt' | 'summary';
  useCases: string[];
  requirements: string[];
  type: 'OnIdle' | 'Immediate';
  evse: boolean;
  transaction: boolean;
}

function resetCase(s: ResetSpec): TestCase {
  const status = s.transaction && s.type === 'OnIdle' ? 'Scheduled' : 'Accepted';
  return commandCase({
    id: s.id, title: s.title, ...(s.titleSource && { titleSource: s.titleSource }), protocol: P, block: 'B', useCases: s.useCases, requirements: s.requirements,
    preconditions: s.transaction ? ['Booted', 'Authorized', 'Charging'] : ['Booted'],
    validations: [
      `ResetRequest type is ${s.type}`,
      s.evse ? 'ResetRequest evseId is the configured EVSE (1)' : 'ResetRequest has no evseId (the whole station)',
      ...(s.transaction ? [`the TransactionEvent${s.type === 'OnIdle' ? ' Updated (StopAuthorized) and' : ''} Ended after the reset ${s.type === 'OnIdle' ? 'are' : 'is'} answered`] : []),
      ...(!s.evse ? ['after the reboot, BootNotification (reason RemoteReset) is Accepted'] : []),
    ],
    action: 'Reset', request: s.evse ? { type: s.type, evseId: 1 } : { type: s.type },
    instruction: `request the CSMS to reset ${s.evse ? 'EVSE 1' : 'the Charging Station'} with type ${s.type}`,
    check: (ctx, call) => {
      ctx.equal(call.payload['type'], s.type, 'ResetRequest type', call.text);
      if (s.evse) ctx.equal(call.payload['evseId'], ctx.evseId, 'ResetRequest evseId', call.text);
      else ctx.absent(call.payload['evseId'], 'ResetRequest evseId', call.text);
    },
    reply: { status },
    after: async (ctx) => {
      if (s.transaction) {
        if (s.type === 'Immediate') await transactionEvent201(ctx, 'Ended', 'ResetCommand', { chargingState: 'EVConnected', stoppedReason: 'ImmediateReset' });
        else {
          // OnIdle waits for the driver: the session is stopped, then the EV leaves (as OCTT's TC_B_26 scripts it).
          await transactionEvent201(ctx, 'Updated', 'StopAuthorized', { chargingState: 'EVConnected', idToken: ctx.tokens.valid });
          await transactionEvent201(ctx, 'Ended', 'EVCommunicationLost', { chargingState: 'Idle', stoppedReason: 'EVDisconnected' });
        }
      }
      if (!s.evse) await rebootAndBoot(ctx);
    },
    afterSteps: [
      `The station answers ResetResponse ${status}`,
      ...(s.transaction ? [s.type === 'OnIdle' ? 'The driver stops (TransactionEventRequest Updated StopAuthorized), the EV leaves (Ended EVDisconnected)' : 'The station ends the transaction (TransactionEventRequest Ended, ImmediateReset)'] : []),
      ...(!s.evse ? ['The station reconnects and boots with reason RemoteReset'] : []),
    ],
  });
}

export const V201_PROVISIONING: readonly TestCase[] = [
  defineCase({
    id: 'TC_B_01_CSMS', title: 'Cold Boot Charging Station - Accepted', titleSource: 'octt', protocol: P, block: 'B', useCases: ['B01'], requirements: ['B01.FR.02'],
    preconditions: [],
    steps: ['The station connects and sends BootNotificationRequest (reason PowerUp)', 'The station reports its connector with StatusNotificationRequest'],
    validations: ['BootNotificationResponse status is Accepted', 'BootNotificationResponse interval is greater than 0', 'StatusNotificationRequest is answered'],
    run: async (ctx) => {
      const answer = await bootNotification201(ctx);
      const frame = ctx.lastCsmsFrame();
      ctx.oneOf(answer['status'], ['Accepted'], 'BootNotificationResponse status', frame);
      if (!((answer['interval'] as number) > 0)) ctx.fail('wrong-value', `BootNotificationResponse interval is ${String(answer['interval'])}, expected more than 0`, frame);
      await ctx.call('StatusNotification', { timestamp: ctx.now(), connectorStatus: 'Available', evseId: 1, connectorId: 1 });
    },
  }),
  commandCase({
    id: 'TC_B_06_CSMS', title: 'Get Variables - single value', protocol: P, block: 'B', useCases: ['B06'], requirements: [],
    validations: ['GetVariablesRequest asks for exactly OCPPCommCtrlr.OfflineThreshold'],
    action: 'GetVariables', request: { getVariableData: [OFFLINE_THRESHOLD] }, instruction: 'request the value of OCPPCommCtrlr.OfflineThreshold',
    check: (ctx, call) => checkVariables(ctx, call.payload['getVariableData'], [OFFLINE_THRESHOLD], 'getVariableData', call.text),
    reply: { getVariableResult: [{ attributeStatus: 'Accepted', attributeValue: '60', ...OFFLINE_THRESHOLD }] },
  }),
  commandCase({
    id: 'TC_B_07_CSMS', title: 'Get Variables - multiple values', protocol: P, block: 'B', useCases: ['B06'], requirements: [],
    validations: ['GetVariablesRequest asks for OCPPCommCtrlr.OfflineThreshold and AuthCtrlr.AuthorizeRemoteStart'],
    action: 'GetVariables', request: { getVariableData: [OFFLINE_THRESHOLD, AUTHORIZE_REMOTE_START] }, instruction: 'request OCPPCommCtrlr.OfflineThreshold and AuthCtrlr.AuthorizeRemoteStart in one request',
    check: (ctx, call) => checkVariables(ctx, call.payload['getVariableData'], [OFFLINE_THRESHOLD, AUTHORIZE_REMOTE_START], 'getVariableData', call.text),
    reply: { getVariableResult: [{ attributeStatus: 'Accepted', attributeValue: '60', ...OFFLINE_THRESHOLD }, { attributeStatus: 'Accepted', attributeValue: 'true', ...AUTHORIZE_REMOTE_START }] },
  }),
  commandCase({
    id: 'TC_B_09_CSMS', title: 'Set Variables - single value', protocol: P, block: 'B', useCases: ['B05'], requirements: [],
    validations: ['SetVariablesRequest sets exactly OCPPCommCtrlr.OfflineThreshold to "123"'],
    action: 'SetVariables', request: { setVariableData: [{ attributeValue: '123', ...OFFLINE_THRESHOLD }] }, instruction: 'set OCPPCommCtrlr.OfflineThreshold to 123',
    check: (ctx, call) => {
      checkVariables(ctx, call.payload['setVariableData'], [OFFLINE_THRESHOLD], 'setVariableData', call.text);
      ctx.equal(field(call, 'setVariableData.0.attributeValue'), '123', 'setVariableData[0].attributeValue', call.text);
    },
    reply: { setVariableResult: [{ attributeStatus: 'Accepted', ...OFFLINE_THRESHOLD }] },
  }),
  commandCase({
    id: 'TC_B_10_CSMS', title: 'Set Variables - multiple values', protocol: P, block: 'B', useCases: ['B05'], requirements: [],
    validations: ['SetVariablesRequest sets OCPPCommCtrlr.OfflineThreshold ("123") and AuthCtrlr.AuthorizeRemoteStart ("false")'],
    action: 'SetVariables', request: { setVariableData: [{ attributeValue: '123', ...OFFLINE_THRESHOLD }, { attributeValue: 'false', ...AUTHORIZE_REMOTE_START }] },
    instruction: 'set OCPPCommCtrlr.OfflineThreshold to 123 and AuthCtrlr.AuthorizeRemoteStart to false in one request',
    check: (ctx, call) => {
      checkVariables(ctx, call.payload['setVariableData'], [OFFLINE_THRESHOLD, AUTHORIZE_REMOTE_START], 'setVariableData', call.text);
      ctx.equal(field(call, 'setVariableData.0.attributeValue'), '123', 'setVariableData[0].attributeValue', call.text);
      ctx.equal(field(call, 'setVariableData.1.attributeValue'), 'false', 'setVariableData[1].attributeValue', call.text);
    },
    reply: { setVariableResult: [{ attributeStatus: 'Accepted', ...OFFLINE_THRESHOLD }, { attributeStatus: 'Accepted', ...AUTHORIZE_REMOTE_START }] },
  }),
  baseReport('TC_B_12_CSMS', 'ConfigurationInventory', []),
  baseReport('TC_B_13_CSMS', 'FullInventory', []),
  baseReport('TC_B_14_CSMS', 'SummaryInventory', []),
  commandCase({
    id: 'TC_B_18_CSMS', title: 'Get Custom Report - with component criteria', protocol: P, block: 'B', useCases: ['B08'], requirements: [],
    validations: ['GetReportRequest carries componentCriteria', 'NotifyReportRequest is answered'],
    action: 'GetReport', request: { requestId: 12, componentCriteria: ['Available'] }, instruction: 'request a custom report of the components that are Available',
    check: (ctx, call) => ctx.present(call.payload['componentCriteria'], 'GetReportRequest componentCriteria', call.text),
    reply: { status: 'Accepted' },
    after: (ctx, call) => sendReport(ctx, call.payload['requestId'] as number),
    afterSteps: ['The station sends NotifyReportRequest', 'The CSMS answers NotifyReportResponse'],
  }),
  resetCase({ id: 'TC_B_20_CSMS', title: 'Reset Charging Station - Without ongoing transaction - OnIdle', useCases: ['B11'], requirements: [], type: 'OnIdle', evse: false, transaction: false }),
  resetCase({ id: 'TC_B_21_CSMS', title: 'Reset Charging Station - With ongoing transaction - OnIdle', useCases: ['B12'], requirements: [], type: 'OnIdle', evse: false, transaction: true }),
  resetCase({ id: 'TC_B_22_CSMS', title: 'Reset Charging Station - With ongoing transaction - Immediate', useCases: ['B12'], requirements: [], type: 'Immediate', evse: false, transaction: true }),
  resetCase({ id: 'TC_B_25_CSMS', title: 'Reset EVSE - Without ongoing transaction', titleSource: 'octt', useCases: ['B11'], requirements: ['B11.FR.04'], type: 'OnIdle', evse: true, transaction: false }),
  resetCase({ id: 'TC_B_26_CSMS', title: 'Reset EVSE - With Ongoing Transaction - OnIdle', titleSource: 'octt', useCases: ['B12'], requirements: ['B12.FR.07'], type: 'OnIdle', evse: true, transaction: true }),
  resetCase({ id: 'TC_B_27_CSMS', title: 'Reset EVSE - With Ongoing Transaction - Immediate', titleSource: 'octt', useCases: ['B12'], requirements: [], type: 'Immediate', evse: true, transaction: true }),
];
