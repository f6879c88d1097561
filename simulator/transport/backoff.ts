/** Reconnect delays: exponential with jitter, so a fleet that lost its CSMS does not come back all at once. */
import { TRANSPORT_DEFAULTS } from './defaults.js';

/** min(max, base * 2^attempt) * (0.5 + 0.5 * random), the exponent capped at `reconnectMaxExponent`. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const exponent = Math.min(attempt, TRANSPORT_DEFAULTS.reconnectMaxExponent);
  return Math.min(maxMs, baseMs * 2 ** exponent) * (0.5 + 0.5 * random());
}
