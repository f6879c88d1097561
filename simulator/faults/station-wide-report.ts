/**
 * A problem of the charge point as a whole (not of one connector), as each version reports it:
 * 1.6 StatusNotification on connectorId 0; 2.0.1 NotifyEvent on the ChargingStation component with no
 * EVSE. The clearing report says the problem is gone (1.6 Available/NoError, 2.0.1 cleared=true).
 */
import { isoTime } from '../station/sampled-values.js';
import type { VirtualStation } from '../station/station.js';
import type { ChargePointErrorCode } from '../vocabulary/error-codes.js';

export interface StationProblem {
  errorCode: ChargePointErrorCode;
  info: string;
  vendorErrorCode: string;
}

/** NotifyEvent ids from a range of their own, so they never collide with the station dialect's connector events. */
const EVENT_ID_BASE = 1_000_000;
const eventIds = new WeakMap<VirtualStation, number>();

/** Sends the report if the station may send now; resolves either way (a report lost offline is re-sent by the caller). */
export async function reportStationProblem(station: VirtualStation, problem: StationProblem, active: boolean): Promise<void> {
  if (!station.canSend()) return;
  const timestamp = isoTime(station.clock.now());
  if (station.protocol === 'ocpp1.6') {
    await station.transport
      .call('StatusNotification', {
        connectorId: 0,
        status: active ? 'Faulted' : 'Available',
        errorCode: active ? problem.errorCode : 'NoError',
        ...(active && { info: problem.info, vendorErrorCode: problem.vendorErrorCode }),
        timestamp,
      })
      .catch(() => {});
    return;
  }
  const eventId = (eventIds.get(station) ?? EVENT_ID_BASE) + 1;
  eventIds.set(station, eventId);
  await station.transport
    .call('NotifyEvent', {
      generatedAt: timestamp,
      seqNo: 0,
      tbc: false,
      eventData: [
        {
          eventId,
          timestamp,
          trigger: 'Alerting',
          actualValue: active ? 'true' : 'false',
          ...(!active && { cleared: true }),
          eventNotificationType: 'HardWiredNotification',
          component: { name: 'ChargingStation' },
          variable: { name: 'Problem' },
          techCode: problem.errorCode,
          techInfo: `${problem.info} / ${problem.vendorErrorCode}`,
        },
      ],
    })
    .catch(() => {});
}
