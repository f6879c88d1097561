/** 1.6 BootNotification. */
import { answerBoot } from '../common/boot.js';
import { defineHandler } from '../handler.js';

interface BootNotificationReq {
  chargePointVendor: string;
  chargePointModel: string;
  firmwareVersion?: string;
  [key: string]: unknown;
}

export const bootNotification16 = defineHandler<BootNotificationReq>('BootNotification', (ctx, p) =>
  answerBoot(ctx, { vendor: p.chargePointVendor, model: p.chargePointModel, firmware: p.firmwareVersion }, p),
);
