/**
 * CD-V011 (warning): a timestamp in a station's message lies further in the future than the CSMS's clock
 * plus `maxClockSkewS`. Real chargers drift, so this is never refused, only recorded. Looks at `timestamp`
 * and `generatedAt` fields at any depth (transaction, meter value, event data).
 */
import type { RuleDefinition } from '../types.js';

const TIME_FIELDS: ReadonlySet<string> = new Set(['timestamp', 'generatedAt']);
/** Deep enough for meterValue[].timestamp and eventData[].timestamp. */
const MAX_DEPTH = 4;

/** The latest timestamp in `value`, epoch ms; -Infinity if none. */
function latestTimestamp(value: unknown, depth: number): number {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return -Infinity;
  let latest = -Infinity;
  for (const [key, v] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    if (typeof v === 'string' && TIME_FIELDS.has(String(key))) {
      const ms = Date.parse(v);
      if (Number.isFinite(ms) && ms > latest) latest = ms;
    } else if (typeof v === 'object') {
      latest = Math.max(latest, latestTimestamp(v, depth + 1));
    }
  }
  return latest;
}

export const clockSkew: RuleDefinition = {
  id: 'CD-V011',
  name: 'clock-skew',
  severity: 'warning',
  phase: 'call',
  protocols: ['ocpp1.6', 'ocpp2.0.1'],
  errorCode: 'PropertyConstraintViolation',
  create: (env) => (call) => {
    const { clock, maxClockSkewS } = env.options;
    const aheadMs = latestTimestamp(call.payload, 0) - clock.now();
    if (aheadMs <= maxClockSkewS * 1000) return undefined;
    return `a timestamp is ${Math.round(aheadMs / 1000)} s ahead of the CSMS clock (tolerated: ${maxClockSkewS} s)`;
  },
};
