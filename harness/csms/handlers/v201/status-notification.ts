/** 2.0.1 StatusNotification: ConnectorStatus per (evseId, connectorId); faults' details arrive via NotifyEvent. */
import { recordStatus } from '../common/connector-status.js';
import { defineHandler201 } from '../handler.js';

export const statusNotification201 = defineHandler201('StatusNotification', (ctx, p) => {
  recordStatus(ctx, { connectorId: p.connectorId, evseId: p.evseId, status: p.connectorStatus, timestamp: p.timestamp });
  return {};
});
