/**
 * The primary process of `chargedrill csms --workers N`: it owns the one listening port and routes by what each
 * connection asks for. An OCPP WebSocket upgrade (`/ocpp/<stationId>`) is handed, socket and request head, to the
 * worker that owns the station's site (site-owner.ts); everything else (the HTTP API, the event stream, the
 * console) the primary serves itself, merging its workers' answers (primary-api.ts).
 *
 * Node 20 has no SO_REUSEPORT and node:cluster's round robin cannot route by URL, so the primary reads each
 * request head with its own node:http parser, which caps it: a head over 16 KiB is answered 431, one not complete
 * within 10 s 408, a malformed one 400, and the socket is closed.
 */
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { Clock } from '../../simulator/clock.js';
import { siteOfStation } from '../../simulator/vocabulary/site.js';
import { defaultConsoleDir, withConsole } from '../csms/console-static.js';
import { createRouter } from '../csms/http-api.js';
import type { ApiRoute } from '../csms/http-api.js';
import { CSMS_DEFAULTS } from '../csms/options.js';
import { OCPP_PATH, isStationPath, refuseUpgrade } from '../csms/upgrade.js';
import { consoleConfigRoute } from '../training/console-config.js';
import type { ConsoleConfig } from '../training/console-config.js';
import { EventFanIn } from './event-fan-in.js';
import { WorkerHttp } from './forward.js';
import type { WorkerState } from './merge-api.js';
import type { WorkerSpec } from './messages.js';
import { clusterRoutes } from './primary-api.js';
import { rawRequestHead, stationOfUpgrade } from './request-head.js';
import { workerOfStation } from './site-owner.js';
import { WorkerPool } from './worker-pool.js';

/** Node's own default, stated: a station's upgrade head is a few hundred bytes. */
export const MAX_HEAD_BYTES = 16 * 1024;
export const HEAD_TIMEOUT_MS = 10_000;
/**
 * Connections the kernel queues before the primary accepts them (Node's default is 511; the kernel caps it at
 * net.core.somaxconn). A reconnect storm arrives at once: past the queue, SYNs are dropped and stations wait out
 * a 1 s retransmission.
 */
export const LISTEN_BACKLOG = 4_096;

export interface CsmsClusterOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** One per worker, `index` 0 .. N-1. */
  specs: readonly WorkerSpec[];
  /** The workers' shared timeline (same anchor as their clocks): `now` of the merged health. */
  clock: Clock;
  logger: Logger;
  /** The desk's repeat-incident window (merged uptime metrics). */
  repeatIncidentWindowMs: number;
  /** More routes, matched first (the fleet's control API proxied for the console). */
  routes?: readonly ApiRoute[];
  /** What `GET /api/console/config` answers; default: no fleet control, no drills. */
  consoleConfig?: () => ConsoleConfig;
  /** Default: dist/console of this checkout. */
  consoleDir?: string;
}

export interface CsmsCluster {
  /** HTTP base, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** OCPP endpoint base; a station connects to `${ocppUrl}/${stationId}`. */
  ocppUrl: string;
  workers(): WorkerState[];
  /** Every serving worker's metrics registry as prom-client JSON (cluster-metrics.ts aggregates them). */
  metrics(): Promise<object[][]>;
  /** Stops listening, then every worker (each closes its stations and its store). */
  close(): Promise<void>;
}

export async function startCsmsCluster(options: CsmsClusterOptions): Promise<CsmsCluster> {
  const { logger, clock } = options;
  const events = new EventFanIn(logger, CSMS_DEFAULTS.sseKeepAliveMs);
  const pool = new WorkerPool(options.specs, { ready: (worker, url) => events.workerReady(worker, url), gone: (worker) => events.workerGone(worker) }, logger);
  // Workers first: by the time the port is open, every site has a worker to go to.
  await pool.start();
  const http = new WorkerHttp();
  const onError = (err: unknown): void => logger.error({ err }, 'HTTP handler failed');
  const consoleView = options.consoleConfig ?? (() => ({ control: false, drills: false, timeScale: clock.timeScale, paused: false }));
  const routes = [
    ...(options.routes ?? []),
    consoleConfigRoute(consoleView),
    ...clusterRoutes({ pool, http, events, siteOf: siteOfStation, now: () => clock.now(), repeatIncidentWindowMs: options.repeatIncidentWindowMs }),
  ];
  const server = createServer(
    { maxHeaderSize: MAX_HEAD_BYTES, headersTimeout: HEAD_TIMEOUT_MS, connectionsCheckingInterval: 1_000 },
    withConsole(createRouter(routes, onError), options.consoleDir ?? defaultConsoleDir(), onError),
  );
  server.on('upgrade', (req, socket: Duplex, head: Buffer) => {
    if (!isStationPath(req.url)) return refuseUpgrade(socket, 404);
    const stationId = stationOfUpgrade(req.url);
    if (stationId === undefined) return refuseUpgrade(socket, 400, 'the station id in the path is not valid percent-encoding');
    const worker = workerOfStation(stationId, pool.size, siteOfStation);
    const bytes = Buffer.concat([rawRequestHead({ method: req.method ?? 'GET', url: req.url ?? '/', httpVersion: req.httpVersion, rawHeaders: req.rawHeaders }), head]);
    const handed = pool.hand(worker, socket as Socket, bytes);
    if (handed === 'not-serving') refuseUpgrade(socket, 503, `CSMS worker ${worker}, which serves the site of station ${stationId}, is restarting: connect again`);
    else if (handed === 'busy') refuseUpgrade(socket, 503, `too many connections are waiting to be handed to the CSMS workers: connect again`);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: options.port, host: options.host, backlog: LISTEN_BACKLOG }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    events.closeAll();
    http.close();
    await pool.stop();
    throw error;
  }
  const { address, port } = server.address() as AddressInfo;
  const hostPort = `${address.includes(':') ? `[${address}]` : address}:${port}`;
  logger.info({ url: `http://${hostPort}`, workers: pool.size }, 'CSMS listening');
  let closing: Promise<void> | undefined;
  return {
    url: `http://${hostPort}`,
    ocppUrl: `ws://${hostPort}${OCPP_PATH}`,
    workers: () => pool.states(),
    metrics: () => pool.metrics(),
    close: () =>
      (closing ??= (async () => {
        events.closeAll();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        http.close();
        await pool.stop();
      })()),
  };
}
