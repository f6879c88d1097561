/** 2.0.1 StatusNotification: ConnectorStatus per (evseId, connectorId); faults' details arrive via NotifyEvent. */
import { recordStatus } from '../common/connector-status.js';
import { defineHandler } from '../handler.js';

interface StatusNotificationReq {
  timestamp: string;
  connectorStatus: string;
  evseId: number;
  connectorId: number;
}

export const statusNotification201 = defineHandler<StatusNotificationReq>('StatusNotification', (ctx, p) => {
  recordStatus(ctx, { connectorId: p.connectorId, evseId: p.evseId, status: p.connectorStatus, timestamp: p.timestamp });
  return {};
});
