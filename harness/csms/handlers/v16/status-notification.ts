/** 1.6 StatusNotification: connectorId 0 is the charge point as a whole and is recorded like a connector. */
import { recordStatus } from '../common/connector-status.js';
import { defineHandler } from '../handler.js';

interface StatusNotificationReq {
  connectorId: number;
  errorCode: string;
  status: string;
  info?: string;
  vendorErrorCode?: string;
  timestamp?: string;
}

export const statusNotification16 = defineHandler<StatusNotificationReq>('StatusNotification', (ctx, p) => {
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
