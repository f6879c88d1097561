/**
 * The protocol violations the strict rules recorded, in the CSMS's HTTP API:
 *   GET /api/violations?rule=&stationId=&limit=    (rule: id CD-Vnnn or name)
 *   GET /api/stations/:id/violations?rule=&limit=
 * Oldest first; `limit` keeps the newest (default 1000, at most 10000).
 */
import type { ApiRoute } from '../http-api.js';
import { sendError, sendJson } from '../http-util.js';
import type { Store, ViolationFilter } from '../store.js';
import { STRICT_RULES, findRule } from './registry.js';

export const DEFAULT_VIOLATION_LIMIT = 1_000;
export const MAX_VIOLATION_LIMIT = 10_000;

export interface ViolationRouteDeps {
  store: Pick<Store, 'violations'>;
  /** Whether a station with this id has ever connected. */
  isKnown(stationId: string): boolean;
}

class QueryError extends Error {}

function filterOf(url: URL): ViolationFilter {
  const filter: ViolationFilter = {};
  const rule = url.searchParams.get('rule');
  if (rule !== null) {
    const found = findRule(rule);
    if (!found) {
      throw new QueryError(`rule: ${JSON.stringify(rule)} is not a rule, allowed: ${STRICT_RULES.map((r) => `${r.id} (${r.name})`).join(', ')}`);
    }
    filter.rule = found.id;
  }
  const limit = url.searchParams.get('limit');
  const n = limit === null ? DEFAULT_VIOLATION_LIMIT : Number(limit);
  if (!Number.isInteger(n) || n < 1 || n > MAX_VIOLATION_LIMIT) {
    throw new QueryError(`limit: ${JSON.stringify(limit)} is not allowed, expected an integer from 1 to ${MAX_VIOLATION_LIMIT}`);
  }
  filter.limit = n;
  return filter;
}

export function violationRoutes(deps: ViolationRouteDeps): ApiRoute[] {
  const serve = (url: URL, res: Parameters<ApiRoute['run']>[1], stationId: string | undefined): void => {
    let filter: ViolationFilter;
    try {
      filter = filterOf(url);
    } catch (error) {
      if (error instanceof QueryError) return sendError(res, 400, error.message);
      throw error;
    }
    if (stationId !== undefined) filter.stationId = stationId;
    sendJson(res, 200, deps.store.violations(filter));
  };
  return [
    {
      pattern: /^\/api\/violations$/,
      method: 'GET',
      run: (_req, res, _params, url) => serve(url, res, url.searchParams.get('stationId') ?? undefined),
    },
    {
      pattern: /^\/api\/stations\/([^/]+)\/violations$/,
      method: 'GET',
      run: (_req, res, [id], url) => {
        if (!deps.isKnown(id!)) return sendError(res, 404, `unknown station ${id}`);
        serve(url, res, id);
      },
    },
  ];
}
