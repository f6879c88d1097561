/** OCPP 1.6 cases of the optional feature profiles: Local Auth List Management (block L) and Reservation (block R). */
import type { JsonObject } from '../../../simulator/protocol/frames.js';
import type { CaseContext } from '../context.js';
import { authorize16, startTransaction16, statusNotification16 } from '../messages16.js';
import type { IncomingCall } from '../test-station.js';
import type { TestCase } from '../test-case.js';
import { commandCase } from './define.js';

const P = 'ocpp1.6' as const;

const entries = (payload: JsonObject): JsonObject[] => (payload['localAuthorizationList'] as JsonObject[] | undefined) ?? [];

const reserve = (extra: JsonObject) => (ctx: CaseContext): JsonObject => ({
  connectorId: 1,
  expiryDate: new Date(Date.now() + 3_600_000).toISOString(),
  idTag: ctx.tokens.valid,
  reservationId: 17,
  ...extra,
});

function checkReserve(ctx: CaseContext, call: IncomingCall, connectorId: number): void {
  ctx.equal(call.payload['connectorId'], connectorId, 'ReserveNow.req connectorId', call.text);
  ctx.equal(call.payload['idTag'], ctx.tokens.valid, 'ReserveNow.req idTag', call.text);
}

/** The reserved connector is used: Authorize, Preparing, StartTransaction with the reservationId, Charging. */
async function chargeOnReservation(ctx: CaseContext, call: IncomingCall): Promise<void> {
  ctx.oneOf(await authorize16(ctx, ctx.tokens.valid), ['Accepted'], 'Authorize.conf idTagInfo.status', ctx.lastCsmsFrame());
  await statusNotification16(ctx, 'Preparing');
  ctx.oneOf(await startTransaction16(ctx, ctx.tokens.valid, call.payload['reservationId'] as number), ['Accepted'], 'StartTransaction.conf idTagInfo.status', ctx.lastCsmsFrame());
  await statusNotification16(ctx, 'Charging');
}

export const V16_PROFILES: readonly TestCase[] = [
  commandCase({
    id: 'TC_042_2_CSMS', title: 'Get Local List Version (empty)', titleSource: 'octt', protocol: P, block: 'L', feature: 'LocalAuthListManagement',
    validations: ['the CSMS sends a schema-valid GetLocalListVersion.req', 'after the answer (listVersion 0) the CSMS still answers the station'],
    action: 'GetLocalListVersion', request: {}, instruction: 'request the version of the Charge Point\'s local authorization list',
    reply: { listVersion: 0 },
    after: async (ctx) => {
      await ctx.call('Heartbeat', {});
    },
    afterSteps: ['Heartbeat.req'],
  }),
  commandCase({
    id: 'TC_043_4_CSMS', title: 'Send Local Authorization List - Full', titleSource: 'octt', protocol: P, block: 'L', feature: 'LocalAuthListManagement',
    validations: ['SendLocalList.req updateType is Full', 'every localAuthorizationList entry has an idTagInfo'],
    action: 'SendLocalList', request: (ctx) => ({ listVersion: 1, updateType: 'Full', localAuthorizationList: [{ idTag: ctx.tokens.valid, idTagInfo: { status: 'Accepted' } }] }),
    instruction: 'send the Charge Point a full local authorization list',
    check: (ctx, call) => {
      ctx.equal(call.payload['updateType'], 'Full', 'SendLocalList.req updateType', call.text);
      entries(call.payload).forEach((e, i) => ctx.present(e['idTagInfo'], `localAuthorizationList[${i}].idTagInfo`, call.text));
    },
    reply: { status: 'Accepted' },
  }),
  commandCase({
    id: 'TC_043_5_CSMS', title: 'Send Local Authorization List - Differential', titleSource: 'octt', protocol: P, block: 'L', feature: 'LocalAuthListManagement',
    validations: ['SendLocalList.req updateType is Differential', 'localAuthorizationList holds exactly one idTag, with an idTagInfo', 'listVersion is greater than the initial (full) list\'s'],
    before: async (ctx) => {
      const full = await ctx.manual('SendLocalList', { listVersion: 1, updateType: 'Full', localAuthorizationList: [{ idTag: ctx.tokens.valid, idTagInfo: { status: 'Accepted' } }] }, 'set the initial local authorization list (Full)');
      ctx.reply(full, { status: 'Accepted' });
      ctx.initialListVersion = full.payload['listVersion'] as number;
    },
    action: 'SendLocalList', request: { listVersion: 2, updateType: 'Differential', localAuthorizationList: [{ idTag: 'CDLOCAL16', idTagInfo: { status: 'Accepted' } }] },
    instruction: 'send a Differential update adding one idTag that is not in the list yet',
    check: (ctx, call) => {
      ctx.equal(call.payload['updateType'], 'Differential', 'SendLocalList.req updateType', call.text);
      ctx.equal(entries(call.payload).length, 1, 'number of localAuthorizationList entries', call.text);
      ctx.present(entries(call.payload)[0]?.['idTagInfo'], 'localAuthorizationList[0].idTagInfo', call.text);
      if (!((call.payload['listVersion'] as number) > (ctx.initialListVersion ?? 0))) {
        ctx.fail('wrong-value', `listVersion is ${String(call.payload['listVersion'])}, expected more than the initial ${String(ctx.initialListVersion)}`, call.text);
      }
    },
    reply: { status: 'Accepted' },
  }),
  commandCase({
    id: 'TC_046_CSMS', title: 'Reservation of a Connector - Transaction', titleSource: 'octt', protocol: P, block: 'R', feature: 'Reservation',
    validations: ['ReserveNow.req connectorId is the configured connector (1) and idTag the configured valid idTag', 'the Reserved status and the charging session on the reservation (StartTransaction with reservationId) are accepted'],
    action: 'ReserveNow', request: reserve({}), instruction: 'reserve connector 1 for the valid idTag',
    check: (ctx, call) => checkReserve(ctx, call, 1),
    reply: { status: 'Accepted' },
    after: async (ctx, call) => {
      await statusNotification16(ctx, 'Reserved');
      await chargeOnReservation(ctx, call);
    },
    afterSteps: ['Reserved', 'Charging on the reservation (Authorize, Preparing, StartTransaction with reservationId, Charging)'],
  }),
  commandCase({
    id: 'TC_047_CSMS', title: 'Reservation of a Connector - Expire', titleSource: 'octt', protocol: P, block: 'R', feature: 'Reservation',
    validations: ['ReserveNow.req connectorId is the configured connector (1) and idTag the configured valid idTag', 'ReserveNow.req expiryDate is in the future', 'the Reserved and, after expiry, Available statuses are answered'],
    action: 'ReserveNow', request: reserve({}), instruction: 'reserve connector 1 for the valid idTag',
    check: (ctx, call) => {
      checkReserve(ctx, call, 1);
      if (!(Date.parse(String(call.payload['expiryDate'])) > Date.now())) ctx.fail('wrong-value', `ReserveNow.req expiryDate ${String(call.payload['expiryDate'])} is not in the future`, call.text);
    },
    reply: { status: 'Accepted' },
    after: async (ctx) => {
      await statusNotification16(ctx, 'Reserved');
      await statusNotification16(ctx, 'Available');
    },
    afterSteps: ['Reserved', 'the reservation expires: Available'],
  }),
  commandCase({
    id: 'TC_048_3_CSMS', title: 'Reservation of a Connector - Unavailable', titleSource: 'octt', protocol: P, block: 'R', feature: 'Reservation',
    validations: ['ChangeAvailability.req connectorId is the configured connector (1), type Inoperative', 'ReserveNow.req connectorId is that connector and idTag the configured valid idTag'],
    before: async (ctx) => {
      const change = await ctx.manual('ChangeAvailability', { connectorId: 1, type: 'Inoperative' }, 'make connector 1 Inoperative');
      ctx.equal(change.payload['connectorId'], 1, 'ChangeAvailability.req connectorId', change.text);
      ctx.equal(change.payload['type'], 'Inoperative', 'ChangeAvailability.req type', change.text);
      ctx.reply(change, { status: 'Accepted' });
      await statusNotification16(ctx, 'Unavailable');
    },
    action: 'ReserveNow', request: reserve({}), instruction: 'reserve connector 1 for the valid idTag',
    check: (ctx, call) => checkReserve(ctx, call, 1),
    reply: { status: 'Unavailable' },
  }),
  commandCase({
    id: 'TC_049_CSMS', title: 'Reservation of a Charge Point - Transaction', titleSource: 'octt', protocol: P, block: 'R', feature: 'Reservation',
    validations: ['ReserveNow.req connectorId is 0 (any connector) and idTag the configured valid idTag', 'the Reserved status is answered'],
    action: 'ReserveNow', request: reserve({ connectorId: 0 }), instruction: 'reserve the Charge Point (any connector) for the valid idTag',
    check: (ctx, call) => checkReserve(ctx, call, 0),
    reply: { status: 'Accepted' },
    after: async (ctx) => {
      await statusNotification16(ctx, 'Reserved');
    },
    afterSteps: ['Reserved'],
  }),
  commandCase({
    id: 'TC_053_CSMS', title: 'Use a reserved Connector with parentIdTag', titleSource: 'octt', protocol: P, block: 'R', feature: 'Reservation',
    validations: ['ReserveNow.req connectorId is not 0', 'ReserveNow.req carries a parentIdTag', 'the Reserved status and the charging session on the reservation are accepted'],
    action: 'ReserveNow', request: reserve({ parentIdTag: 'CDPARENT01' }), instruction: 'reserve connector 1 with a parentIdTag',
    check: (ctx, call) => {
      if (call.payload['connectorId'] === 0) ctx.fail('wrong-value', 'ReserveNow.req connectorId is 0, expected a specific connector', call.text);
      ctx.present(call.payload['parentIdTag'], 'ReserveNow.req parentIdTag', call.text);
    },
    reply: { status: 'Accepted' },
    after: async (ctx, call) => {
      await statusNotification16(ctx, 'Reserved');
      await chargeOnReservation(ctx, call);
    },
    afterSteps: ['Reserved', 'Charging on the reservation'],
  }),
];
