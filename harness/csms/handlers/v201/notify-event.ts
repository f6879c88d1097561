/**
 * 2.0.1 NotifyEvent: the answer is empty; the faults it reports are read once, here, and announced
 * as one `fault-notified` event right after the frame, for the detector.
 */
import { faultsOfNotifyEvent } from '../../fault-notifications.js';
import { defineHandler201 } from '../handler.js';

export const notifyEvent201 = defineHandler201('NotifyEvent', (ctx, req) => {
  const faults = faultsOfNotifyEvent(req);
  if (faults.length > 0) ctx.services.bus.emit({ type: 'fault-notified', stationId: ctx.session.id, faults });
  return {};
});
