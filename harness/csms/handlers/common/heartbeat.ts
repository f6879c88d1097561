/** Heartbeat (1.6 and 2.0.1): the answer is the CSMS's (simulated) time. */
import { defineCommonHandler, isoNow } from '../handler.js';

export const heartbeat = defineCommonHandler('Heartbeat', (ctx) => ({ currentTime: isoNow(ctx) }));
