/**
 * The CSMS's HTTP API (JSON, node:http, no framework):
 *   GET  /api/health
 *   GET  /api/stations
 *   GET  /api/stations/:id
 *   GET  /api/stations/:id/messages?limit=
 *   POST /api/stations/:id/commands/:action   (body: the OCPP request payload)
 *   GET  /api/events?types=a,b                (server-sent events)
 * plus the routes other parts bring (the desk's issues, tickets, uptime: harness/desk/http-routes.ts).
 * Unknown routes answer 404 `{error}`, known routes with another method 405 with `Allow`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CommandError } from './command-errors.js';
import { BodyError, readJsonObject, sendError, sendJson } from './http-util.js';
import type { SseStreams } from './sse.js';
import type { StationView } from './station-view.js';
import type { MessageRow } from './store-schema.js';

/** What the API needs from the CSMS. */
export interface HttpApiDeps {
  stations(): StationView[];
  station(id: string): StationView | undefined;
  messagesFor(id: string, limit: number): MessageRow[];
  sendCommand(id: string, action: string, payload: Record<string, unknown>): Promise<Record<string, unknown>>;
  health(): Record<string, unknown>;
  sse: SseStreams;
}

export const DEFAULT_MESSAGE_LIMIT = 100;
export const MAX_MESSAGE_LIMIT = 10_000;

/** A route another part of the CSMS adds; `params` are the pattern's decoded capture groups. */
export interface ApiRoute {
  pattern: RegExp;
  method: 'GET' | 'POST' | 'DELETE';
  run: (req: IncomingMessage, res: ServerResponse, params: string[], url: URL) => Promise<void> | void;
}

type Route = {
  pattern: RegExp;
  method: 'GET' | 'POST';
  run: (deps: HttpApiDeps, req: IncomingMessage, res: ServerResponse, params: string[], url: URL) => Promise<void> | void;
};

const ROUTES: readonly Route[] = [
  { pattern: /^\/api\/health$/, method: 'GET', run: (d, _q, res) => sendJson(res, 200, d.health()) },
  { pattern: /^\/api\/stations$/, method: 'GET', run: (d, _q, res) => sendJson(res, 200, d.stations()) },
  {
    pattern: /^\/api\/stations\/([^/]+)$/,
    method: 'GET',
    run: (d, _q, res, [id]) => {
      const station = d.station(id!);
      if (station) sendJson(res, 200, station);
      else sendError(res, 404, `unknown station ${id}`);
    },
  },
  {
    pattern: /^\/api\/stations\/([^/]+)\/messages$/,
    method: 'GET',
    run: (d, _q, res, [id], url) => {
      if (!d.station(id!)) return sendError(res, 404, `unknown station ${id}`);
      const limit = parseLimit(url.searchParams.get('limit'));
      if (limit === undefined) return sendError(res, 400, `limit must be an integer from 1 to ${MAX_MESSAGE_LIMIT}`);
      sendJson(res, 200, d.messagesFor(id!, limit));
    },
  },
  {
    pattern: /^\/api\/stations\/([^/]+)\/commands\/([^/]+)$/,
    method: 'POST',
    run: async (d, req, res, [id, action]) => {
      let body: Record<string, unknown>;
      try {
        body = await readJsonObject(req);
      } catch (error) {
        if (error instanceof BodyError) return sendError(res, error.status, error.message);
        throw error;
      }
      try {
        sendJson(res, 200, await d.sendCommand(id!, action!, body));
      } catch (error) {
        if (!(error instanceof CommandError)) throw error;
        sendError(res, error.httpStatus, error.message, {
          code: error.code,
          ...(error.ocppCode !== undefined && { ocppCode: error.ocppCode }),
        });
      }
    },
  },
  { pattern: /^\/api\/events$/, method: 'GET', run: (d, req, res, _p, url) => d.sse.serve(req, res, url) },
];

export function createHttpApi(deps: HttpApiDeps, onError: (error: unknown) => void, extraRoutes: readonly ApiRoute[] = []) {
  const routes: readonly ApiRoute[] = [
    ...ROUTES.map((route): ApiRoute => ({ pattern: route.pattern, method: route.method, run: (req, res, params, url) => route.run(deps, req, res, params, url) })),
    ...extraRoutes,
  ];
  return createRouter(routes, onError);
}

/**
 * A request handler over `routes` (also the fleet's control API's): unknown paths 404 `{error}`, a known path
 * with another method 405 with `Allow`, a route that throws 500 after `onError`.
 */
export function createRouter(routes: readonly ApiRoute[], onError: (error: unknown) => void) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://csms.invalid');
    const path = url.pathname;
    const matching = routes.map((route) => ({ route, match: route.pattern.exec(path) })).filter((r) => r.match);
    if (matching.length === 0) return sendError(res, 404, `no route for ${path}`);
    const hit = matching.find((r) => r.route.method === req.method);
    if (!hit) {
      const allow = matching.map((r) => r.route.method).join(', ');
      return sendError(res, 405, `${req.method ?? '?'} not allowed on ${path}`, {}, { allow });
    }
    let params: string[];
    try {
      // Matched on the raw path so an encoded '/' inside a station id stays part of the id.
      params = hit.match!.slice(1).map((p) => decodeURIComponent(p));
    } catch {
      return sendError(res, 400, 'malformed URL');
    }
    Promise.resolve(hit.route.run(req, res, params, url)).catch((error: unknown) => {
      onError(error);
      if (!res.headersSent) sendError(res, 500, 'internal error');
      else res.end();
    });
  };
}

function parseLimit(raw: string | null): number | undefined {
  if (raw === null) return DEFAULT_MESSAGE_LIMIT;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= MAX_MESSAGE_LIMIT ? n : undefined;
}
