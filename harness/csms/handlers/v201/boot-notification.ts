/** 2.0.1 BootNotification. */
import { answerBoot } from '../common/boot.js';
import { defineHandler } from '../handler.js';

interface BootNotificationReq {
  reason: string;
  chargingStation: { model: string; vendorName: string; firmwareVersion?: string };
  [key: string]: unknown;
}

export const bootNotification201 = defineHandler<BootNotificationReq>('BootNotification', (ctx, p) => {
  const cs = p.chargingStation;
  return answerBoot(ctx, { vendor: cs.vendorName, model: cs.model, firmware: cs.firmwareVersion }, p);
});
