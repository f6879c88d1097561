/** 1.6 StatusNotification: connectorId 0 is the charge point as a whole and is recorded like a connector. */
import { recordStatus } from '../common/connector-status.js';
import { defineHandler16 } from '../handler.js';

export const statusNotification16 = defineHandler16('StatusNotification', (ctx, p) => {
  recordStatus(ctx, {
    connectorId: p.connectorId,
    status: p.status,
    errorCode: p.errorCode,
    ...(p.info !== undefined && { info: p.info }),
    ...(p.vendorErrorCode !== undefined && { vendorErrorCode: p.vendorErrorCode }),
    ...(p.timestamp !== undefined && { timestamp: p.timestamp }),
  });
  return {};
});
