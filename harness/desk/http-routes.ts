/**
 * The desk's HTTP API, added to the CSMS's:
 *   GET /api/issues?open=true|false&type=&stationId=&siteId=
 *   GET /api/issues/:id                       (with evidence)
 *   GET /api/tickets?open=true|false
 *   GET /api/work-orders?open=true|false
 *   GET /api/uptime?from=&to=                 (epoch ms or ISO 8601, simulated time; default: the whole history)
 * With the desk disabled they answer 404 saying so.
 */
import type { ApiRoute } from '../csms/http-api.js';
import { sendError, sendJson } from '../csms/http-util.js';
import type { Desk } from './desk.js';

class QueryError extends Error {}

function flag(url: URL, name: string): boolean | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null) return undefined;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new QueryError(`${name}: ${JSON.stringify(raw)} is not allowed, expected true or false`);
}

function text(url: URL, name: string): string | undefined {
  return url.searchParams.get(name) ?? undefined;
}

/** Epoch milliseconds, or an ISO 8601 date-time. */
function time(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null) return undefined;
  const ms = /^-?\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(ms)) throw new QueryError(`${name}: ${JSON.stringify(raw)} is not allowed, expected epoch milliseconds or an ISO 8601 date-time`);
  return ms;
}

export function deskRoutes(desk: () => Desk | undefined): ApiRoute[] {
  /** Runs `fn` with the desk, answering 404 without one and 400 on a bad query. */
  const withDesk =
    (fn: (desk: Desk, url: URL, params: string[]) => unknown): ApiRoute['run'] =>
    (_req, res, params, url) => {
      const current = desk();
      if (!current) return sendError(res, 404, 'the desk (detector and playbook) is disabled in this CSMS');
      let body: unknown;
      try {
        body = fn(current, url, params);
      } catch (error) {
        if (error instanceof QueryError) return sendError(res, 400, error.message);
        throw error;
      }
      if (body === undefined) return sendError(res, 404, `unknown issue ${params[0] ?? ''}`);
      sendJson(res, 200, body);
    };

  return [
    {
      pattern: /^\/api\/issues$/,
      method: 'GET',
      run: withDesk((d, url) => {
        const open = flag(url, 'open');
        const type = text(url, 'type');
        const stationId = text(url, 'stationId');
        const siteId = text(url, 'siteId');
        return d.issues({
          ...(open !== undefined ? { open } : {}),
          ...(type !== undefined ? { type } : {}),
          ...(stationId !== undefined ? { stationId } : {}),
          ...(siteId !== undefined ? { siteId } : {}),
        });
      }),
    },
    { pattern: /^\/api\/issues\/([^/]+)$/, method: 'GET', run: withDesk((d, _url, [id]) => d.issue(id as string)) },
    { pattern: /^\/api\/tickets$/, method: 'GET', run: withDesk((d, url) => d.tickets(flag(url, 'open'))) },
    { pattern: /^\/api\/work-orders$/, method: 'GET', run: withDesk((d, url) => d.workOrders(flag(url, 'open'))) },
    {
      pattern: /^\/api\/uptime$/,
      method: 'GET',
      run: withDesk((d, url) => {
        const from = time(url, 'from');
        const to = time(url, 'to');
        if (from !== undefined && to !== undefined && !(to > from)) throw new QueryError(`to: ${to} is not allowed, expected a time after from (${from})`);
        return d.uptime(from, to);
      }),
    },
  ];
}
