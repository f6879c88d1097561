/** 2.0.1 SecurityEventNotification: answered empty, and recorded as a `security-event` from the station. */
import { defineHandler201 } from '../handler.js';

export const securityEventNotification201 = defineHandler201('SecurityEventNotification', (ctx, req) => {
  ctx.services.bus.emit({
    type: 'security-event',
    stationId: ctx.session.id,
    source: 'station',
    kind: req.type,
    reason: req.techInfo ?? req.type,
    stationTimestamp: req.timestamp,
  });
  return {};
});
