/**
 * A registry served at `GET /metrics` in the Prometheus text format, on an HTTP server of its own.
 * Its own port, not a route of the CSMS's API: a scraper and the API's users are different audiences with
 * different exposure (the metrics port is often opened to the monitoring network only, the API to operators),
 * and a scrape must not queue behind API or WebSocket traffic on the same listener.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export const METRICS_PATH = '/metrics';

export interface MetricsServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
}

export interface MetricsServer {
  /** Full scrape URL, e.g. `http://127.0.0.1:9464/metrics`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The port could not be listened on (in use, not permitted); the message names the port and the host. */
export class MetricsPortError extends Error {
  override readonly name = 'MetricsPortError';
  /** E.g. `is already in use on 127.0.0.1`. */
  readonly reason: string;
  constructor(
    readonly port: number,
    readonly host: string,
    readonly code: string | undefined,
    cause: unknown,
  ) {
    const why = code === 'EADDRINUSE' ? 'is already in use' : code === 'EACCES' ? 'needs privileges this process does not have' : `cannot be listened on (${(cause as Error).message})`;
    const reason = `${why} on ${host}`;
    super(`metrics port ${port} ${reason}; choose another, or 0 for a free one`, { cause });
    this.reason = reason;
  }
}

export async function serveMetrics(registry: Registry, options: MetricsServerOptions): Promise<MetricsServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== METRICS_PATH) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: metrics are at ${METRICS_PATH}\n`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'allow': 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('use GET\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(req.method === 'HEAD' ? undefined : text),
      (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`metrics failed: ${(error as Error).message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(new MetricsPortError(options.port, host, error.code, error));
    server.once('error', onError);
    server.listen(options.port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  // A scrape server must never keep a finished run alive.
  server.unref();
  const { address, port } = server.address() as AddressInfo;
  const hostPort = `${address.includes(':') ? `[${address}]` : address}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${hostPort}${METRICS_PATH}`,
    port,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
