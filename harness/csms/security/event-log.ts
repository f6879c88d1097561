/**
 * Every security event of the CSMS, newest last: handshake refusals, TLS handshakes that failed, and what
 * 2.0.1 stations report with SecurityEventNotification. Kept in memory (bounded), served at
 * GET /api/security-events?stationId=&limit= and on the event stream as `security-event`.
 */
import type { CsmsEventOf } from '../events.js';
import type { EventBus, Unsubscribe } from '../events-bus.js';
import type { ApiRoute } from '../http-api.js';
import { sendError, sendJson } from '../http-util.js';

export type SecurityEvent = CsmsEventOf<'security-event'>;

export const SECURITY_EVENT_LIMIT = 10_000;

export class SecurityEventLog {
  private readonly events: SecurityEvent[] = [];
  private readonly off: Unsubscribe;

  constructor(bus: EventBus, private readonly limit = SECURITY_EVENT_LIMIT) {
    this.off = bus.on('security-event', (event) => {
      this.events.push(event);
      // Dropped in bulk so a flood of refusals costs no shift per event.
      if (this.events.length > this.limit * 1.1) this.events.splice(0, this.events.length - this.limit);
    });
  }

  /** Newest last; `stationId` filters to one station, `limit` keeps the newest. */
  list(filter: { stationId?: string; limit?: number } = {}): SecurityEvent[] {
    const matching = filter.stationId === undefined ? this.events : this.events.filter((e) => e.stationId === filter.stationId);
    const limit = Math.min(filter.limit ?? this.limit, this.limit);
    return matching.slice(Math.max(0, matching.length - limit));
  }

  stop(): void {
    this.off();
  }

  routes(): ApiRoute[] {
    return [
      {
        pattern: /^\/api\/security-events$/,
        method: 'GET',
        run: (_req, res, _params, url) => {
          const rawLimit = url.searchParams.get('limit');
          const limit = rawLimit === null ? undefined : Number(rawLimit);
          if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= this.limit)) {
            return sendError(res, 400, `limit must be an integer from 1 to ${this.limit}`);
          }
          const stationId = url.searchParams.get('stationId') ?? undefined;
          sendJson(res, 200, this.list({ ...(stationId !== undefined && { stationId }), ...(limit !== undefined && { limit }) }));
        },
      },
    ];
  }
}
