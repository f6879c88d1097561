/** 2.0.1 BootNotification. */
import { answerBoot } from '../common/boot.js';
import { defineHandler201 } from '../handler.js';

export const bootNotification201 = defineHandler201('BootNotification', (ctx, p) => {
  const cs = p.chargingStation;
  return answerBoot(ctx, { vendor: cs.vendorName, model: cs.model, firmware: cs.firmwareVersion }, p);
});
