/** Heartbeat (1.6 and 2.0.1): the answer is the CSMS's (simulated) time. */
import { defineHandler, isoNow } from '../handler.js';

export const heartbeat = defineHandler<Record<string, never>>('Heartbeat', (ctx) => ({ currentTime: isoNow(ctx) }));
