/**
 * `GET /api/console/config`: what the operator console (served by the CSMS) may show. A plain
 * `chargedrill csms` has no fleet to control and no drills; `chargedrill train` has both and a pausable clock.
 */
import type { ApiRoute } from '../csms/http-api.js';
import { sendJson } from '../csms/http-util.js';

export interface ConsoleConfig {
  /** The fleet's control API is mounted at /control/*. */
  control: boolean;
  /** The drill API (/api/drills) is there. */
  drills: boolean;
  timeScale: number;
  paused: boolean;
}

export function consoleConfigRoute(config: () => ConsoleConfig): ApiRoute {
  return { pattern: /^\/api\/console\/config$/, method: 'GET', run: (_req, res) => sendJson(res, 200, config()) };
}
