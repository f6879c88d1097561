/**
 * `chargedrill csms --workers N`: the flag's checks, the flags a worker process cannot serve, and the start of the
 * primary and its workers (harness/csms-cluster/). `--workers 1` (the default) is the single process, untouched.
 */
import type { Logger } from 'pino';
import type { CsmsSecurityOptions } from '../../csms/security/options.js';
import type { IdTagLists } from '../../csms/id-tags.js';
import type { DeskConfig } from '../../desk/config.js';
import type { MetricsServer } from '../../metrics/exposition-server.js';
import { listenUsageError } from '../listen-check.js';
import { listenOnMetricsPort } from '../metrics-flag.js';
import { isSqliteFileError, sqliteUsage } from '../sqlite-usage.js';
import { positiveInt, UsageError } from '../usage.js';

/** More would only cost memory: 100,000 stations fit in 6 workers of 20,000 open files each. */
export const MAX_WORKERS = 64;

export const workersFlagSpec = {
  type: 'string',
  default: '1',
  describe:
    `processes serving stations (1-${MAX_WORKERS}), each with its own open-file budget and database (--db FILE.worker-k); ` +
    'the first process owns the port, hands each station to the worker of its site and merges the API and event stream (docs/csms.md)',
} as const;

export function workersFlag(value: unknown): number {
  return positiveInt('workers', value, MAX_WORKERS);
}

/** Flags that need the CSMS in one process: refused with why, before anything is opened (TLS only, so far). */
export function refuseWithWorkers(argv: Record<string, unknown>, workers: number): void {
  if (workers === 1) return;
  const tls = ['tls-cert', 'tls-key', 'tls-ca'].find((flag) => argv[flag] !== undefined);
  if (Number(argv['security-profile']) >= 2 || tls !== undefined) {
    throw new UsageError(`--workers ${workers} cannot serve TLS (security profiles 2 and 3, --${tls ?? 'security-profile'}): a TLS session cannot be handed from the process that owns the port to a worker; use --workers 1`);
  }
}

export interface CsmsWorkersSettings {
  workers: number;
  host: string;
  port: number;
  /** `--host H --port P`, for a port taken between the trial listen and this one. */
  listenAt: string;
  dbPath: string;
  timeScale: number;
  heartbeatIntervalS: number;
  allowList: string[] | undefined;
  strict: boolean;
  maxClockSkewS: number;
  logLevel: string;
  logger: Logger;
  /** Profiles 0-1 (TLS was refused). */
  security: CsmsSecurityOptions;
  idTags: IdTagLists | undefined;
  desk: false | { config: DeskConfig } | undefined;
  controlUrl: string | undefined;
  controlToken: string | undefined;
  /** Prometheus metrics of every worker, aggregated, on this port (on --host). */
  metricsPort: number | undefined;
}

export interface RunningWorkers {
  url: string;
  ocppUrl: string;
  /** The scrape URL, with --metrics-port. */
  metricsUrl: string | undefined;
  close(): Promise<void>;
}

export async function startCsmsWorkers(s: CsmsWorkersSettings): Promise<RunningWorkers> {
  // Loaded on use, so --help and usage errors answer without loading the CSMS.
  const [{ claimWorkerCount, workerDbPath, WorkerCountError }, { clockStartFor }, { ScaledClock }, { startCsmsCluster }, { WorkerStartError }, { parseDeskConfig }, { resolveSecurity }] =
    await Promise.all([
      import('../../csms-cluster/cluster-db.js'),
      import('../../csms/clock-anchor.js'),
      import('../../../simulator/clock.js'),
      import('../../csms-cluster/primary.js'),
      import('../../csms-cluster/worker-pool.js'),
      import('../../desk/config.js'),
      import('../../csms/security/options.js'),
    ]);
  const security = { profile: s.security.profile, ...(s.security.stationProfiles && { stationProfiles: s.security.stationProfiles }), ...(s.security.authSecret !== undefined && { authSecret: s.security.authSecret }) };
  try {
    // What a worker would refuse at its start, refused here once.
    resolveSecurity(security);
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
  try {
    sqliteUsage(s.dbPath, () => claimWorkerCount(s.dbPath, s.workers));
  } catch (error) {
    if (error instanceof WorkerCountError) throw new UsageError(`--db ${s.dbPath} ${error.message}`);
    throw error;
  }
  // One timeline for the primary and every worker, continued from the primary's file on a restart.
  const clockStart = sqliteUsage(s.dbPath, () => clockStartFor(s.dbPath, s.timeScale));
  const anchor = { startEpochMs: clockStart.startEpochMs, startWallMs: Date.now() };
  const specs = Array.from({ length: s.workers }, (_unused, index) => ({
    index,
    count: s.workers,
    dbPath: workerDbPath(s.dbPath, index),
    timeScale: s.timeScale,
    clock: anchor,
    heartbeatIntervalS: s.heartbeatIntervalS,
    strict: s.strict,
    maxClockSkewS: s.maxClockSkewS,
    logLevel: s.logLevel,
    security,
    desk: s.desk,
    ...(s.allowList !== undefined && { allowList: s.allowList }),
    metrics: s.metricsPort !== undefined,
    ...(s.idTags !== undefined && { idTags: s.idTags }),
  }));
  // Listening first: a metrics port in use is a usage error before any worker starts. A scrape before the workers
  // serve finds none of them and answers empty.
  let cluster: Awaited<ReturnType<typeof startCsmsCluster>> | undefined;
  let metrics: MetricsServer | undefined;
  if (s.metricsPort !== undefined) {
    const [{ ClusterRegistry }, { serveMetrics }] = await Promise.all([import('../../csms-cluster/cluster-metrics.js'), import('../../metrics/exposition-server.js')]);
    const registry = new ClusterRegistry(async () => (await cluster?.metrics()) ?? []);
    const port = s.metricsPort;
    metrics = await listenOnMetricsPort(() => serveMetrics(registry, { host: s.host, port }));
  }
  const control = s.controlUrl === undefined ? undefined : (await import('../../training/control-proxy.js')).controlProxyRoutes(s.controlUrl, s.controlToken);
  try {
    cluster = await startCsmsCluster({
      host: s.host,
      port: s.port,
      specs,
      clock: new ScaledClock({ timeScale: s.timeScale, startEpochMs: clockStart.startEpochMs }),
      logger: s.logger,
      repeatIncidentWindowMs: parseDeskConfig(s.desk === false || s.desk === undefined ? {} : s.desk.config).playbook.repeatIncidentWindowMs,
      ...(control !== undefined && { routes: control, consoleConfig: () => ({ control: true, drills: false, timeScale: s.timeScale, paused: false }) }),
    });
  } catch (error) {
    await metrics?.close();
    // The worker's message names its --db file.
    if (error instanceof WorkerStartError && isSqliteFileError(error.code)) throw new UsageError(error.message);
    const listenError = listenUsageError(s.listenAt, error);
    if (listenError !== undefined) throw listenError;
    throw error;
  }
  const running = cluster;
  return {
    url: running.url,
    ocppUrl: running.ocppUrl,
    metricsUrl: metrics?.url,
    close: async () => {
      await running.close();
      await metrics?.close();
    },
  };
}
