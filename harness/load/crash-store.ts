/**
 * The bundled CSMS's database for a run that crashes it (`--csms-restart-at`) or checks delivery: a SQLite file,
 * since a restart must find what the killed CSMS wrote and the check reads it afterwards. `--csms-db FILE` names
 * it (kept after the run); otherwise a temporary file is made and removed with its directory after the check.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRANSACTION_MESSAGE_ACTIONS } from '../../simulator/vocabulary/transaction-messages.js';
import { checkDelivery, deliveryFailures } from './delivery-check.js';
import type { DeliveryLog } from './delivery-log.js';
import { LOAD_EXIT, type LoadResult, type StageSpec } from './result.js';

export interface CrashStore {
  /** The CSMS's SQLite file, when the run needs one (or gave one). */
  dbPath: string | undefined;
  /** Whether the delivery is checked after the run. */
  check: boolean;
  /** Removes the temporary database, if the run made one. */
  remove(): void;
}

interface CrashOptions {
  url?: string;
  stages: StageSpec[];
  csmsRestart?: { atMs: number; downForMs: number };
  csmsDb?: string;
  deliveryCheck?: boolean;
}

/** The run's database, or why the options cannot make a run (a usage error). */
export function crashStore(options: CrashOptions, csmsMode: 'child-process' | 'in-process' | 'external'): CrashStore | string {
  const restart = options.csmsRestart;
  const check = options.deliveryCheck ?? restart !== undefined;
  const needsOwnCsms = restart !== undefined ? '--csms-restart-at' : check ? '--delivery-check' : options.csmsDb !== undefined ? '--csms-db' : undefined;
  if (needsOwnCsms === undefined) return { dbPath: undefined, check: false, remove: () => {} };
  if (csmsMode !== 'child-process') return `${needsOwnCsms} needs the bundled CSMS in its own process: not with --url or --in-process`;
  if (restart !== undefined) {
    const runMs = options.stages.reduce((sum, stage) => sum + stage.durationMs, 0);
    if (!(Number.isFinite(restart.atMs) && restart.atMs > 0 && restart.atMs < runMs)) {
      return `--csms-restart-at must be after the start and before the end of the stages (${runMs / 1_000}s), got ${restart.atMs / 1_000}s`;
    }
    if (!(Number.isFinite(restart.downForMs) && restart.downForMs >= 0)) return `--csms-down-for must be 0s or more, got ${restart.downForMs / 1_000}s`;
  }
  if (options.csmsDb !== undefined) {
    if (options.csmsDb === ':memory:') return '--csms-db must be a file: a restart and the delivery check read what the CSMS wrote';
    if (check && existsSync(options.csmsDb) && statSync(options.csmsDb).size > 0) {
      return `--csms-db ${options.csmsDb} already exists: the delivery check reads the whole store, so give a file this run creates`;
    }
    return { dbPath: options.csmsDb, check, remove: () => {} };
  }
  const dir = mkdtempSync(join(tmpdir(), 'chargedrill-crash-'));
  return { dbPath: join(dir, 'csms.db'), check, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Checks the run's delivery against the closed CSMS's file and makes any problem a run failure (exit 1). */
export function finishDeliveryCheck(result: LoadResult, store: CrashStore, log: DeliveryLog): void {
  if (store.dbPath === undefined) return;
  const delivery = checkDelivery(store.dbPath, log.sent);
  // Transaction messages that never went out at all (still queued when the run ended, or dropped from a full queue).
  const unsent = result.actions.filter((a) => TRANSACTION_MESSAGE_ACTIONS.has(a.action) && (a.notSent ?? 0) > 0);
  for (const a of unsent) {
    delivery.checked += a.notSent ?? 0;
    delivery.missing += a.notSent ?? 0;
    delivery.findings.push(`missing: ${a.notSent} ${a.action} never went out (still queued at the end of the run, or dropped from a full offline queue)`);
  }
  result.delivery = delivery;
  const failures = deliveryFailures(delivery);
  if (failures.length === 0) return;
  result.failures.push(...failures);
  if (result.verdict === 'passed' || result.verdict === 'threshold-failed') {
    result.verdict = 'run-failed';
    result.exitCode = LOAD_EXIT.runFailed;
  }
}
