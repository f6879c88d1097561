/** `--metrics-port`, shared by `csms` and `fleet`: Prometheus metrics on a scrape port of their own. */
import { UsageError } from './usage.js';

export function metricsPortFlag(what: string) {
  return { type: 'string', describe: `serve Prometheus metrics of ${what} at /metrics on this port (0 picks a free one; off unless given); see deploy/grafana/README.md` } as const;
}

/** Runs `listen`; a port that cannot be listened on becomes a usage error naming the flag and the port (exit 2). */
export async function listenOnMetricsPort<T>(listen: () => Promise<T>): Promise<T> {
  try {
    return await listen();
  } catch (error) {
    // Matched by name: the exporter's module is loaded only when the flag is given.
    if (error instanceof Error && error.name === 'MetricsPortError') {
      const { port, reason } = error as Error & { port: number; reason: string };
      throw new UsageError(`--metrics-port ${port} ${reason}; choose another, or 0 for a free one`);
    }
    throw error;
  }
}
