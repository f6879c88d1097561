/**
 * SecurityEventNotification (2.0.1, and 1.6 with the security whitepaper's extension): answered empty, and
 * recorded as a `security-event` from the station (docs/security.md).
 */
import { defineCommonHandler } from '../handler.js';

export const securityEventNotification = defineCommonHandler('SecurityEventNotification', (ctx, req) => {
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
