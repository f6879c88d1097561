/** 1.6 BootNotification. */
import { answerBoot } from '../common/boot.js';
import { defineHandler16 } from '../handler.js';

export const bootNotification16 = defineHandler16('BootNotification', (ctx, p) =>
  answerBoot(ctx, { vendor: p.chargePointVendor, model: p.chargePointModel, firmware: p.firmwareVersion }, p),
);
