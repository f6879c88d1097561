/**
 * One worker process of `chargedrill csms --workers N` (forked by worker-pool.ts): the bundled reference CSMS with
 * its desk, for the stations of its sites, on its own database. Its HTTP API listens on 127.0.0.1 for the primary
 * only; stations reach it through the primary, which hands over each station's socket with the request head it read.
 */
import type { Socket } from 'node:net';
import { pino } from 'pino';
import type { Registry } from 'prom-client';
import { ScaledClock } from '../../simulator/clock.js';
import type { Csms } from '../csms/server.js';
import { startReferenceCsms } from '../reference-csms.js';
import { isPrimaryMessage } from './messages.js';
import type { WorkerMessage, WorkerSpec } from './messages.js';

/** A worker that cannot close within this exits anyway (the primary would SIGKILL it a little later). */
const CLOSE_TIMEOUT_MS = 8_000;

let csms: Csms | undefined;
let stopping: Promise<void> | undefined;
let registry: Registry | undefined;

function tell(message: WorkerMessage, then?: () => void): void {
  if (process.connected && process.send !== undefined) process.send(message, undefined, {}, () => then?.());
  else then?.();
}

async function start(spec: WorkerSpec): Promise<void> {
  const logger = pino({ level: spec.logLevel }, pino.destination(2)).child({ worker: spec.index });
  // The primary's timeline, however long after the primary this worker (re)starts.
  const clock = new ScaledClock({ timeScale: spec.timeScale, startEpochMs: spec.clock.startEpochMs + (Date.now() - spec.clock.startWallMs) * spec.timeScale });
  let desk: Awaited<ReturnType<typeof startReferenceCsms>>['desk'];
  try {
    ({ csms, desk } = await startReferenceCsms({
      host: '127.0.0.1',
      port: 0,
      dbPath: spec.dbPath,
      clock,
      heartbeatIntervalS: spec.heartbeatIntervalS,
      strict: spec.strict,
      maxClockSkewS: spec.maxClockSkewS,
      // 1.6 transaction ids: each worker its own residue, so ids are unique across the port, as one CSMS's are.
      transactionIdSpace: { index: spec.index, count: spec.count },
      logger,
      security: spec.security,
      ...(spec.allowList !== undefined && { allowList: spec.allowList }),
      ...(spec.idTags !== undefined && { idTags: spec.idTags }),
      ...(spec.desk !== undefined && { desk: spec.desk }),
    }));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    // Exits once the message is out: the primary reports it (and the CLI names the flag).
    tell({ type: 'start-failed', error: `CSMS worker ${spec.index} (--db ${spec.dbPath}): ${(error as Error).message}`, ...(typeof code === 'string' && { code }) }, () => process.exit(1));
    return;
  }
  if (stopping !== undefined) return;
  if (spec.metrics) {
    const { CsmsMetrics } = await import('../metrics/csms-metrics.js');
    const metrics = new CsmsMetrics();
    metrics.attach(csms, desk);
    registry = metrics.registry;
  }
  tell({ type: 'ready', url: csms.url });
}

function adopt(handle: unknown, head: string): void {
  const socket = handle as Socket | undefined;
  if (socket === undefined) return;
  // Not serving (yet, or any more): the station retries, as after any refused connection.
  if (csms === undefined || stopping !== undefined) return void socket.destroy();
  csms.adoptConnection(socket, Buffer.from(head, 'base64'));
}

async function answerMetrics(id: number): Promise<void> {
  tell({ type: 'metrics', id, metrics: registry === undefined ? [] : await registry.getMetricsAsJSON() });
}

function stop(): Promise<void> {
  stopping ??= (async () => {
    setTimeout(() => process.exit(1), CLOSE_TIMEOUT_MS).unref();
    await csms?.close();
    process.exit(0);
  })();
  return stopping;
}

process.on('message', (message: unknown, handle: unknown) => {
  if (!isPrimaryMessage(message)) return;
  if (message.type === 'start') void start(message.spec);
  else if (message.type === 'connection') adopt(handle, message.head);
  else if (message.type === 'metrics-request') void answerMetrics(message.id);
  else void stop();
});
// Ctrl-C at a terminal reaches the whole process group: the primary stops its workers itself, in order.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => void stop());
// The primary is gone, by SIGKILL or a crash: the worker goes too, as one process killed would, at once (writing what
// its store buffered). A graceful close here would still be saying goodbye to stations, and rewriting their rows,
// when a restarted CSMS opens the same files.
process.on('disconnect', () => {
  if (stopping !== undefined) return;
  csms?.flush();
  process.exit(0);
});
tell({ type: 'online' });
