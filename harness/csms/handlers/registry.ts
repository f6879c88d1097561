/** Which handler answers which station→CSMS action, per protocol version. */
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import { acknowledge16, acknowledge201 } from './common/acknowledge.js';
import { dataTransfer } from './common/data-transfer.js';
import { heartbeat } from './common/heartbeat.js';
import { securityEventNotification } from './common/security-event-notification.js';
import type { ActionHandler } from './handler.js';
import { authorize16 } from './v16/authorize.js';
import { bootNotification16 } from './v16/boot-notification.js';
import { startTransaction16 } from './v16/start-transaction.js';
import { statusNotification16 } from './v16/status-notification.js';
import { stopTransaction16 } from './v16/stop-transaction.js';
import { authorize201 } from './v201/authorize.js';
import { bootNotification201 } from './v201/boot-notification.js';
import { notifyEvent201 } from './v201/notify-event.js';
import { refusals201 } from './v201/refusals.js';
import { statusNotification201 } from './v201/status-notification.js';
import { transactionEvent201 } from './v201/transaction-event.js';

const OCPP16: readonly ActionHandler<'ocpp1.6'>[] = [
  bootNotification16,
  heartbeat('ocpp1.6'),
  statusNotification16,
  authorize16,
  startTransaction16,
  stopTransaction16,
  acknowledge16('MeterValues'),
  dataTransfer('ocpp1.6'),
  acknowledge16('DiagnosticsStatusNotification'),
  acknowledge16('FirmwareStatusNotification'),
  securityEventNotification('ocpp1.6'),
];

const ACKNOWLEDGED_201 = [
  'MeterValues',
  'FirmwareStatusNotification',
  'LogStatusNotification',
  'NotifyReport',
  'ClearedChargingLimit',
  'NotifyChargingLimit',
  'NotifyCustomerInformation',
  'NotifyDisplayMessages',
  'NotifyMonitoringReport',
  'PublishFirmwareStatusNotification',
  'ReportChargingProfiles',
  'ReservationStatusUpdate',
] as const;

const OCPP201: readonly ActionHandler<'ocpp2.0.1'>[] = [
  bootNotification201,
  heartbeat('ocpp2.0.1'),
  statusNotification201,
  authorize201,
  transactionEvent201,
  notifyEvent201,
  securityEventNotification('ocpp2.0.1'),
  dataTransfer('ocpp2.0.1'),
  ...ACKNOWLEDGED_201.map(acknowledge201),
  ...refusals201,
];

function byAction(handlers: readonly ActionHandler[]): ReadonlyMap<string, ActionHandler> {
  return new Map(handlers.map((h) => [h.action, h]));
}

export const HANDLERS: Readonly<Record<OcppProtocol, ReadonlyMap<string, ActionHandler>>> = {
  'ocpp1.6': byAction(OCPP16),
  'ocpp2.0.1': byAction(OCPP201),
};
