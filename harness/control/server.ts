/**
 * The live control API of a running fleet (docs/control-api.md): inject, list and clear faults, act as a
 * driver or a site engineer on a station. JSON over node:http with the CSMS API's router and helpers.
 * Loopback by default; on any other address every request needs the access token as a Bearer header.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../simulator/clock.js';
import { FAULTS } from '../../simulator/faults/registry.js';
import type { Fleet } from '../../simulator/fleet/fleet.js';
import { createRouter, type ApiRoute } from '../csms/http-api.js';
import { BodyError, readJsonObject, sendError, sendJson } from '../csms/http-util.js';
import { ControlFaults } from './faults.js';
import { ControlInputError, ControlRefusal } from './input.js';
import { ControlStations, type StationFleetAccess } from './stations.js';

export interface ControlServerOptions {
  fleet: Fleet;
  clock: Clock;
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1. Any other address requires a token (generated when not given). */
  host?: string;
  /** Bearer token every request must carry; required off loopback. */
  token?: string;
  onError?: (error: unknown) => void;
}

export interface ControlServer {
  /** http://host:port, what `--control-url` takes. */
  readonly url: string;
  readonly port: number;
  /** The access token requests must carry, if any (generated when binding off loopback without one). */
  readonly token: string | undefined;
  /** Whether the token was generated here (and so must be shown to the user). */
  readonly tokenGenerated: boolean;
  readonly faults: ControlFaults;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.');
}

export async function startControlServer(options: ControlServerOptions): Promise<ControlServer> {
  const host = options.host ?? '127.0.0.1';
  const tokenGenerated = options.token === undefined && !isLoopback(host);
  const token = options.token ?? (tokenGenerated ? randomBytes(24).toString('base64url') : undefined);
  const { faults, routes } = createControlRoutes(options.fleet, options.clock);
  const route = createRouter(routes, options.onError ?? (() => {}));
  const server = createServer((req, res) => {
    if (token !== undefined && !authorized(req, token)) {
      return sendError(res, 401, 'missing or wrong access token: send "Authorization: Bearer <token>" (--control-token)', {}, { 'www-authenticate': 'Bearer' });
    }
    route(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    token,
    tokenGenerated,
    faults,
    close: async () => {
      faults.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The control API's routes (`/control/*`) over a fleet, for a server of their own or another's (`chargedrill train`). */
export function createControlRoutes(fleet: Pick<Fleet, 'stations' | 'driverTokens'>, clock: Clock): { routes: ApiRoute[]; faults: ControlFaults; stations: ControlStations } {
  const access: StationFleetAccess = {
    clock,
    station: (id) => fleet.stations.get(id),
    stationIds: () => [...fleet.stations.keys()],
    driverTokens: (id) => fleet.driverTokens(id),
  };
  const faults = new ControlFaults(access);
  const stations = new ControlStations(access, faults);
  return { routes: routes(faults, stations, clock), faults, stations };
}

/** Whether the request carries `Authorization: Bearer <token>` (compared in constant time). */
export function authorized(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match) return false;
  const given = Buffer.from((match[1] as string).trim());
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export type Handler = (req: IncomingMessage, params: string[]) => Promise<[number, unknown]> | [number, unknown];

/** Runs a handler and answers its result, or the refusal as 400 / 404 / 409. */
export function answer(handler: Handler): ApiRoute['run'] {
  return async (req, res, params) => {
    try {
      const [status, body] = await handler(req, params);
      sendJson(res, status, body);
    } catch (error) {
      if (error instanceof ControlInputError) return sendError(res, 400, error.heading, { problems: error.problems });
      if (error instanceof ControlRefusal) return sendError(res, error.status, error.message);
      if (error instanceof BodyError) {
        return sendError(res, error.status, error.message, error.status === 400 ? { problems: [{ path: '', message: error.message, allowed: ['a JSON object'] }] } : {});
      }
      throw error;
    }
  };
}

function routes(faults: ControlFaults, stations: ControlStations, clock: Clock): ApiRoute[] {
  return [
    {
      pattern: /^\/control\/health$/,
      method: 'GET',
      run: answer(() => [200, { status: 'ok', now: new Date(clock.now()).toISOString(), timeScale: clock.timeScale, stations: stations.list().length }]),
    },
    { pattern: /^\/control\/fault-kinds$/, method: 'GET', run: answer(() => [200, faultKinds()]) },
    { pattern: /^\/control\/faults$/, method: 'GET', run: answer((req) => [200, faults.list(new URL(req.url ?? '/', 'http://control.invalid').searchParams.get('state') ?? undefined)]) },
    { pattern: /^\/control\/faults$/, method: 'POST', run: answer(async (req) => [201, faults.inject(await readJsonObject(req))]) },
    { pattern: /^\/control\/faults\/([^/]+)$/, method: 'GET', run: answer((_req, [id]) => [200, faults.get(id as string)]) },
    { pattern: /^\/control\/faults\/([^/]+)$/, method: 'DELETE', run: answer((_req, [id]) => [200, faults.clear(id as string)]) },
    { pattern: /^\/control\/stations$/, method: 'GET', run: answer(() => [200, stations.list()]) },
    { pattern: /^\/control\/stations\/([^/]+)$/, method: 'GET', run: answer((_req, [id]) => [200, stations.get(id as string)]) },
    {
      pattern: /^\/control\/stations\/([^/]+)\/([^/]+)$/,
      method: 'POST',
      run: answer(async (req, [id, action]) => [200, await stations.act(id as string, action as string, await readJsonObject(req))]),
    },
  ];
}

/** The catalogue as a console needs it to build a form: each kind's scope, protocols and parameters. */
function faultKinds(): Record<string, unknown>[] {
  return Object.entries(FAULTS).map(([kind, definition]) => ({
    kind,
    description: definition.description,
    scope: definition.scope,
    minStations: definition.minStations,
    protocols: definition.protocols,
    params: Object.fromEntries(
      Object.entries(definition.params as Record<string, { description: string; default: unknown; allowed: readonly string[] }>).map(([name, spec]) => [
        name,
        { description: spec.description, default: spec.default, allowed: spec.allowed },
      ]),
    ),
  }));
}

