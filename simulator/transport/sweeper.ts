/**
 * One module-wide timer that expires overdue calls and connection attempts for every client in the process.
 *
 * A timer (and an Error) per call is what makes general-purpose RPC clients expensive at fleet
 * scale; here a client is watched only while it may have a call in flight, and an error object is
 * created only for a call that really timed out.
 */
import { TRANSPORT_DEFAULTS } from './defaults.js';

/** Called on every sweep; returns whether the target still has something to watch, a call in flight or a connection attempt (false unwatches it). */
export const SWEEP = Symbol('sweep');

export interface Sweepable {
  [SWEEP](nowMs: number): boolean;
}

const watched = new Set<Sweepable>();
let timer: NodeJS.Timeout | undefined;
let everyMs = 0;

/**
 * Watches `target` until its `[SWEEP]` returns false. The sweep runs every
 * min(sweepMaxIntervalMs, timeoutMs / 10), so a call fails at most a tenth of its timeout late.
 */
export function watch(target: Sweepable, timeoutMs: number): void {
  watched.add(target);
  const wantedMs = Math.max(1, Math.min(TRANSPORT_DEFAULTS.sweepMaxIntervalMs, Math.floor(timeoutMs / 10)));
  if (timer !== undefined && wantedMs >= everyMs) return;
  if (timer !== undefined) clearInterval(timer);
  everyMs = wantedMs;
  timer = setInterval(sweep, everyMs);
  // Sockets keep the process alive; the sweeper alone must not.
  timer.unref();
}

/** Stops watching `target` now, rather than at the next sweep (a connection attempt that opened). */
export function unwatch(target: Sweepable): void {
  if (watched.delete(target)) stopWhenIdle();
}

function sweep(): void {
  const nowMs = performance.now();
  for (const target of watched) {
    // Deleting the current entry while iterating a Set is well-defined.
    if (!target[SWEEP](nowMs)) watched.delete(target);
  }
  stopWhenIdle();
}

function stopWhenIdle(): void {
  if (watched.size === 0 && timer !== undefined) {
    clearInterval(timer);
    timer = undefined;
    everyMs = 0;
  }
}

/** For tests and diagnostics: whether the sweeper runs, how often, and how many clients it watches. */
export function sweeperStatus(): { running: boolean; intervalMs: number; watched: number } {
  return { running: timer !== undefined, intervalMs: everyMs, watched: watched.size };
}
