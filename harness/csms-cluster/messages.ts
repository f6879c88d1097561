/** What the primary of `chargedrill csms --workers N` and its workers say to each other over the IPC channel. */
import type { CsmsSecurityOptions } from '../csms/security/options.js';
import type { IdTagLists } from '../csms/id-tags.js';
import type { DeskConfigInput } from '../desk/config.js';

/** Everything a worker needs to start its CSMS: plain data (it crosses the IPC channel as JSON). */
export interface WorkerSpec {
  /** 0-based; stable across restarts of the worker. */
  index: number;
  count: number;
  /** This worker's own SQLite file, or ':memory:'. */
  dbPath: string;
  timeScale: number;
  /** The primary's clock anchor: simulated `startEpochMs` at wall time `startWallMs`, so every worker (and a restarted one) shares one timeline. */
  clock: { startEpochMs: number; startWallMs: number };
  heartbeatIntervalS: number;
  allowList?: string[];
  strict: boolean;
  maxClockSkewS: number;
  logLevel: string;
  /** Profiles 0-1 only: the workers listen on plain ws (TLS cannot be handed from the primary to a worker). */
  security: Omit<CsmsSecurityOptions, 'tls'>;
  idTags?: IdTagLists;
  /** false: no desk; undefined: the default desk. */
  desk: false | { config: DeskConfigInput } | undefined;
  /** Count Prometheus metrics, for the primary's scrape port (cluster-metrics.ts). */
  metrics: boolean;
}

export type PrimaryMessage =
  | { type: 'start'; spec: WorkerSpec }
  /** Sent with the socket as the message's handle; `head` (base64) is the request head the primary read from it. */
  | { type: 'connection'; head: string }
  | { type: 'stop' }
  | { type: 'metrics-request'; id: number };

export type WorkerMessage =
  /** Listening on the channel: a message sent before the worker's modules loaded would have found no listener. */
  | { type: 'online' }
  /** Its CSMS listens; `url` is its internal HTTP API (127.0.0.1, an ephemeral port) that the primary merges. */
  | { type: 'ready'; url: string }
  /** `code`: SQLite's or Node's error code, so the CLI can name the flag at fault. */
  | { type: 'start-failed'; error: string; code?: string }
  /** prom-client's `getMetricsAsJSON()` of the worker's registry, answering `metrics-request` `id`. */
  | { type: 'metrics'; id: number; metrics: object[] };

export function isPrimaryMessage(value: unknown): value is PrimaryMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'start' || type === 'connection' || type === 'stop' || type === 'metrics-request';
}

export function isWorkerMessage(value: unknown): value is WorkerMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'online' || type === 'ready' || type === 'start-failed' || type === 'metrics';
}
