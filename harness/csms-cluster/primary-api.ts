/**
 * The HTTP API of `chargedrill csms --workers N`, served by the primary over its workers' (harness/csms/http-api.ts,
 * the desk's, the strict rules' and the security log's routes, same paths, same queries):
 *   - a station's routes (detail, messages, violations, commands) and a query naming a station or site go to the
 *     worker that owns the site, and its answer comes back as it is;
 *   - lists of the whole network are asked of every worker and merged as merge-api.ts says;
 *   - the event stream is every worker's, fanned in (event-fan-in.ts).
 * A worker's failure (a bad query, the desk switched off, a worker restarting) is passed on as that worker gave it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiRoute } from '../csms/http-api.js';
import { sendError, sendJson } from '../csms/http-util.js';
import { SECURITY_EVENT_LIMIT } from '../csms/security/event-log.js';
import { DEFAULT_VIOLATION_LIMIT } from '../csms/strict/http-routes.js';
import { deskMetrics } from '../playbook/desk-metrics.js';
import type { Ticket } from '../playbook/types.js';
import { UptimeLedger } from '../playbook/uptime.js';
import type { EventFanIn } from './event-fan-in.js';
import type { WorkerHttp } from './forward.js';
import { firstFailure, firstFound, mergeHealth, mergeIssues, mergeNewest, mergeOpened, mergeStations, mergeUptime, uptimeWindow } from './merge-api.js';
import type { WorkerAnswer } from './merge-api.js';
import { workerOfSite, workerOfStation } from './site-owner.js';
import type { WorkerPool } from './worker-pool.js';

export interface ClusterApiDeps {
  pool: Pick<WorkerPool, 'size' | 'url' | 'urls' | 'states'>;
  http: WorkerHttp;
  events: EventFanIn;
  siteOf: (stationId: string) => string;
  /** The shared simulated clock (every worker runs on the same anchor). */
  now: () => number;
  /** The desk's repeat-incident window, for the ticket metrics of `GET /api/uptime`. */
  repeatIncidentWindowMs: number;
}

type Run = ApiRoute['run'];

export function clusterRoutes(deps: ClusterApiDeps): ApiRoute[] {
  const { pool, http } = deps;

  /** Passes the request to `worker` as it is. */
  const forwardTo = (worker: number, req: IncomingMessage, res: ServerResponse): Promise<void> | void => {
    const base = pool.url(worker);
    if (base === undefined) return sendError(res, 503, `CSMS worker ${worker} is restarting: try again`);
    return http.forward(req, res, base, worker);
  };
  /** A station's route: to the worker that owns its site. */
  const toStationOwner: Run = (req, res, [id]) => forwardTo(workerOfStation(id as string, pool.size, deps.siteOf), req, res);

  const gather = (pathAndQuery: string): Promise<WorkerAnswer[]> => http.gather(pool.urls(), pathAndQuery);
  /** Every worker asked the same; merged, or the first failure passed on. */
  const merged =
    (merge: (answers: WorkerAnswer[], url: URL) => unknown): Run =>
    async (_req, res, _params, url) => {
      const answers = await gather(`${url.pathname}${url.search}`);
      const failed = firstFailure(answers);
      if (failed) return sendJson(res, failed.status, failed.body);
      sendJson(res, 200, merge(answers, url));
    };
  /** A list query: with `stationId` (or `siteId`) only the owner has rows, so it answers alone. */
  const byOwnerOr =
    (whole: Run): Run =>
    (req, res, params, url) => {
      const stationId = url.searchParams.get('stationId');
      if (stationId !== null) return forwardTo(workerOfStation(stationId, pool.size, deps.siteOf), req, res);
      const siteId = url.searchParams.get('siteId');
      if (siteId !== null) return forwardTo(workerOfSite(siteId, pool.size), req, res);
      return whole(req, res, params, url);
    };
  const limitOr = (url: URL, fallback: number): number => (url.searchParams.has('limit') ? Number(url.searchParams.get('limit')) : fallback);

  return [
    {
      pattern: /^\/api\/health$/,
      method: 'GET',
      run: async (_req, res) => {
        // Health answers while a worker restarts: it is what says so.
        const answers = await gather('/api/health');
        sendJson(res, 200, mergeHealth(answers.filter((a) => a.status === 200), pool.states(), deps.now()));
      },
    },
    { pattern: /^\/api\/stations$/, method: 'GET', run: merged(mergeStations) },
    { pattern: /^\/api\/stations\/([^/]+)$/, method: 'GET', run: toStationOwner },
    { pattern: /^\/api\/stations\/([^/]+)\/messages$/, method: 'GET', run: toStationOwner },
    { pattern: /^\/api\/stations\/([^/]+)\/violations$/, method: 'GET', run: toStationOwner },
    { pattern: /^\/api\/stations\/([^/]+)\/commands\/([^/]+)$/, method: 'POST', run: toStationOwner },
    { pattern: /^\/api\/events$/, method: 'GET', run: (req, res, _params, url) => deps.events.serve(req, res, url) },
    { pattern: /^\/api\/violations$/, method: 'GET', run: byOwnerOr(merged((answers, url) => mergeNewest(answers, limitOr(url, DEFAULT_VIOLATION_LIMIT)))) },
    { pattern: /^\/api\/security-events$/, method: 'GET', run: byOwnerOr(merged((answers, url) => mergeNewest(answers, limitOr(url, SECURITY_EVENT_LIMIT)))) },
    { pattern: /^\/api\/issues$/, method: 'GET', run: byOwnerOr(merged(mergeIssues)) },
    {
      pattern: /^\/api\/issues\/([^/]+)$/,
      method: 'GET',
      run: async (_req, res, _params, url) => {
        // An issue id does not say its site: the worker that has it answers.
        const found = firstFound(await gather(url.pathname));
        sendJson(res, found.status, found.body);
      },
    },
    { pattern: /^\/api\/tickets$/, method: 'GET', run: merged(mergeOpened) },
    { pattern: /^\/api\/work-orders$/, method: 'GET', run: merged(mergeOpened) },
    { pattern: /^\/api\/uptime$/, method: 'GET', run: (_req, res, _params, url) => uptime(url, res) },
  ];

  /**
   * Each worker's default window starts at its own history's start: unless the query names both ends, the workers
   * are asked again on the widest window, so the merged report covers one window.
   */
  async function uptime(url: URL, res: ServerResponse): Promise<void> {
    let answers = await gather(`${url.pathname}${url.search}`);
    let failed = firstFailure(answers);
    if (failed) return sendJson(res, failed.status, failed.body);
    let window = uptimeWindow(answers);
    if (!(url.searchParams.has('from') && url.searchParams.has('to'))) {
      // The query takes whole milliseconds; simulated time has fractions.
      window = { fromMs: Math.floor(window.fromMs), toMs: Math.ceil(window.toMs) };
      if (window.toMs > window.fromMs) {
        answers = await gather(`/api/uptime?from=${window.fromMs}&to=${window.toMs}`);
        failed = firstFailure(answers);
        if (failed) return sendJson(res, failed.status, failed.body);
      }
    }
    const tickets = await gather('/api/tickets');
    failed = firstFailure(tickets);
    if (failed) return sendJson(res, failed.status, failed.body);
    // Rates and medians over every ticket: computed by the desk's own formula, not averaged from per-worker rates.
    const metrics = deskMetrics({ tickets: mergeOpened(tickets) as unknown as Ticket[], workOrders: [], uptime: new UptimeLedger(), nowMs: deps.now(), repeatIncidentWindowMs: deps.repeatIncidentWindowMs });
    sendJson(res, 200, mergeUptime(answers, { ...metrics }, window));
  }
}
