/** OCPP 2.0.1 blocks G (Availability) and H (Reservation). */
import type { JsonObject } from '../../../simulator/protocol/frames.js';
import type { CaseContext } from '../context.js';
import { idToken201, statusNotification201 } from '../messages201.js';
import type { IncomingCall } from '../test-station.js';
import type { TestCase } from '../test-case.js';
import { commandCase, defineCase, field } from './define.js';

const P = 'ocpp2.0.1' as const;
type Level = 'EVSE' | 'Charging Station' | 'Connector';

function availabilityCase(id: string, title: string, useCase: string, level: Level, operationalStatus: 'Inoperative' | 'Operative', duringTransaction: boolean): TestCase {
  const evse: JsonObject | undefined = level === 'Charging Station' ? undefined : level === 'EVSE' ? { id: 1 } : { id: 1, connectorId: 1 };
  const status = duringTransaction ? 'Scheduled' : 'Accepted';
  return commandCase({
    id, title, protocol: P, block: 'G', useCases: [useCase], requirements: [],
    preconditions: duringTransaction ? ['Booted', 'Authorized', 'Charging'] : operationalStatus === 'Operative' ? ['Booted', 'Unavailable'] : ['Booted'],
    validations: [
      `ChangeAvailabilityRequest operationalStatus is ${operationalStatus}`,
      level === 'Charging Station' ? 'ChangeAvailabilityRequest has no evse' : level === 'EVSE' ? 'evse.id is 1 and evse.connectorId is absent' : 'evse.id is 1 and evse.connectorId is 1',
      ...(duringTransaction ? [] : ['the StatusNotificationRequest that follows is answered']),
    ],
    action: 'ChangeAvailability', request: evse ? { operationalStatus, evse } : { operationalStatus },
    instruction: `request the CSMS to make the ${level.toLowerCase()} ${operationalStatus}`,
    check: (ctx, call) => {
      ctx.equal(call.payload['operationalStatus'], operationalStatus, 'ChangeAvailabilityRequest operationalStatus', call.text);
      if (level === 'Charging Station') ctx.absent(call.payload['evse'], 'ChangeAvailabilityRequest evse', call.text);
      else {
        ctx.equal(field(call, 'evse.id'), 1, 'ChangeAvailabilityRequest evse.id', call.text);
        if (level === 'EVSE') ctx.absent(field(call, 'evse.connectorId'), 'ChangeAvailabilityRequest evse.connectorId', call.text);
        else ctx.equal(field(call, 'evse.connectorId'), 1, 'ChangeAvailabilityRequest evse.connectorId', call.text);
      }
    },
    reply: { status },
    after: async (ctx) => {
      if (!duringTransaction) await statusNotification201(ctx, operationalStatus === 'Inoperative' ? 'Unavailable' : 'Available');
    },
    afterSteps: [`The station answers ${status}`, ...(duringTransaction ? [] : ['The station reports the new connector status'])],
  });
}

const reserveRequest = (extra: JsonObject) => (ctx: CaseContext): JsonObject => ({
  id: 42,
  expiryDateTime: new Date(Date.now() + 3_600_000).toISOString(),
  idToken: idToken201(ctx.tokens.valid),
  ...extra,
});

function checkReserve(ctx: CaseContext, call: IncomingCall, evse: boolean): void {
  ctx.equal(field(call, 'idToken.idToken'), ctx.tokens.valid, 'ReserveNowRequest idToken.idToken', call.text);
  if (evse) ctx.equal(call.payload['evseId'], ctx.evseId, 'ReserveNowRequest evseId', call.text);
  else ctx.absent(call.payload['evseId'], 'ReserveNowRequest evseId', call.text);
}

function reservationCase(id: string, title: string, useCases: string[], request: JsonObject, evse: boolean, extra: Partial<Parameters<typeof commandCase>[0]> = {}): TestCase {
  return commandCase({
    id, title, protocol: P, block: 'H', feature: 'Reservation', useCases, requirements: [],
    validations: ['ReserveNowRequest idToken is the configured valid idToken', evse ? 'ReserveNowRequest evseId is the configured EVSE (1)' : 'ReserveNowRequest has no evseId'],
    action: 'ReserveNow', request: reserveRequest(request), instruction: `request the CSMS to reserve ${evse ? 'EVSE 1' : 'any EVSE'} for the valid idToken`,
    check: (ctx, call) => checkReserve(ctx, call, evse),
    reply: { status: 'Accepted' },
    ...extra,
  });
}

export const V201_AVAILABILITY: readonly TestCase[] = [
  availabilityCase('TC_G_03_CSMS', 'Change Availability EVSE - Operative to inoperative', 'G03', 'EVSE', 'Inoperative', false),
  availabilityCase('TC_G_04_CSMS', 'Change Availability EVSE - Inoperative to operative', 'G03', 'EVSE', 'Operative', false),
  availabilityCase('TC_G_05_CSMS', 'Change Availability Charging Station - Operative to inoperative', 'G04', 'Charging Station', 'Inoperative', false),
  availabilityCase('TC_G_06_CSMS', 'Change Availability Charging Station - Inoperative to operative', 'G04', 'Charging Station', 'Operative', false),
  availabilityCase('TC_G_07_CSMS', 'Change Availability Connector - Operative to inoperative', 'G03', 'Connector', 'Inoperative', false),
  availabilityCase('TC_G_08_CSMS', 'Change Availability Connector - Inoperative to operative', 'G03', 'Connector', 'Operative', false),
  availabilityCase('TC_G_11_CSMS', 'Change Availability EVSE - With ongoing transaction', 'G03', 'EVSE', 'Inoperative', true),
  availabilityCase('TC_G_14_CSMS', 'Change Availability Charging Station - With ongoing transaction', 'G04', 'Charging Station', 'Inoperative', true),
  availabilityCase('TC_G_17_CSMS', 'Change Availability Connector - With ongoing transaction', 'G03', 'Connector', 'Inoperative', true),
  defineCase({
    id: 'TC_G_20_CSMS', title: 'Connector status Notification - Lock Failure', protocol: P, block: 'G', useCases: ['G05'], requirements: ['G05.FR.03'],
    steps: ['The station sends NotifyEventRequest: ConnectorPlugRetentionLock Problem true'],
    validations: ['NotifyEventRequest is answered with a schema-valid NotifyEventResponse'],
    run: async (ctx) => {
      await ctx.call('NotifyEvent', {
        generatedAt: ctx.now(),
        seqNo: 0,
        eventData: [{
          eventId: 1, timestamp: ctx.now(), trigger: 'Delta', actualValue: 'true', eventNotificationType: 'HardWiredNotification',
          component: { name: 'ConnectorPlugRetentionLock', evse: { id: 1, connectorId: 1 } }, variable: { name: 'Problem' },
        }],
      });
    },
  }),
  reservationCase('TC_H_01_CSMS', 'Reserve a specific EVSE - Accepted', ['H01', 'H03'], { evseId: 1 }, true, {
    after: async (ctx) => {
      await statusNotification201(ctx, 'Reserved');
    },
    afterSteps: ['The station reports EVSE 1 Reserved'],
  }),
  reservationCase('TC_H_07_CSMS', 'Reserve a specific EVSE - Reservation Ended / not used', ['H01', 'H04'], { evseId: 1 }, true, {
    after: async (ctx, call) => {
      await ctx.call('ReservationStatusUpdate', { reservationId: call.payload['id'] as number, reservationUpdateStatus: 'Expired' });
    },
    afterSteps: ['The reservation expires: ReservationStatusUpdateRequest Expired'],
  }),
  reservationCase('TC_H_08_CSMS', 'Reserve an unspecified EVSE - Accepted', ['H01', 'H03'], {}, false),
  reservationCase('TC_H_15_CSMS', 'Reserve a connector with a specific type - Success', ['H01', 'H03'], { connectorType: 'cType2' }, false, {
    check: (ctx, call) => {
      checkReserve(ctx, call, false);
      ctx.equal(call.payload['connectorType'], 'cType2', 'ReserveNowRequest connectorType', call.text);
    },
  }),
  reservationCase('TC_H_17_CSMS', 'Cancel reservation - Success', ['H02'], { evseId: 1 }, true, {
    after: async (ctx, reserve) => {
      const cancel = await ctx.manual('CancelReservation', { reservationId: reserve.payload['id'] as number }, 'request the CSMS to cancel the reservation');
      ctx.equal(cancel.payload['reservationId'], reserve.payload['id'], 'CancelReservationRequest reservationId', cancel.text);
      ctx.reply(cancel, { status: 'Accepted' });
    },
    afterSteps: ['Manual action: cancel the reservation', 'CancelReservationRequest reservationId is the ReserveNowRequest id', 'The station answers Accepted'],
  }),
  reservationCase('TC_H_20_CSMS', 'Reserve a specific EVSE - Reservation removed on fault', ['H01'], { evseId: 1 }, true, {
    after: async (ctx, call) => {
      await statusNotification201(ctx, 'Faulted');
      await ctx.call('ReservationStatusUpdate', { reservationId: call.payload['id'] as number, reservationUpdateStatus: 'Removed' });
    },
    afterSteps: ['The EVSE faults: StatusNotificationRequest Faulted, ReservationStatusUpdateRequest Removed'],
  }),
  reservationCase('TC_H_22_CSMS', 'Reserve a specific EVSE - Rejected', ['H01'], { evseId: 1 }, true, {
    reply: { status: 'Rejected' },
    after: async (ctx) => {
      await ctx.call('Heartbeat', {});
    },
    afterSteps: ['The station answers Rejected', 'The station sends HeartbeatRequest: the CSMS still answers'],
  }),
];
