/**
 * Flag checks shared by the commands. Each failure names the flag, the value and what is allowed,
 * and the CLI turns it into one line on stderr and exit code 2.
 */
import { DURATION_HELP, formatDurationMs, parseDurationMs } from '../../simulator/duration.js';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function positiveInt(flag: string, value: unknown, max = Number.MAX_SAFE_INTEGER): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new UsageError(`--${flag} must be a whole number from 1 to ${max}, got ${JSON.stringify(value)}`);
  }
  return n;
}

export function positiveNumber(flag: string, value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${flag} must be a number greater than 0, got ${JSON.stringify(value)}`);
  return n;
}

export function nonNegativeNumber(flag: string, value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${flag} must be a number of 0 or more, got ${JSON.stringify(value)}`);
  return n;
}

export function port(flag: string, value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    throw new UsageError(`--${flag} must be a port number from 0 to 65535 (0 picks a free one), got ${JSON.stringify(value)}`);
  }
  return n;
}

/**
 * A duration flag. `min` is the smallest allowed: 0 where zero means "not at all" (a grace, a tolerance),
 * otherwise any positive duration (`minMs` undefined) or a floor such as 1s.
 */
export function durationMs(flag: string, value: unknown, limit: { min?: 0; minMs?: number } = {}): number {
  const ms = typeof value === 'string' ? parseDurationMs(value) : undefined;
  if (ms === undefined) throw new UsageError(`--${flag} must be ${DURATION_HELP}, got ${JSON.stringify(value)}`);
  if (limit.minMs !== undefined && ms < limit.minMs) {
    throw new UsageError(`--${flag} must be at least ${formatDurationMs(limit.minMs)}, got ${JSON.stringify(value)}`);
  }
  if (limit.min !== 0 && ms <= 0) throw new UsageError(`--${flag} must be greater than 0, got ${JSON.stringify(value)}`);
  return ms;
}

export function wsUrl(flag: string, value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'ws:' && url.protocol !== 'wss:')) {
    throw new UsageError(`--${flag} must be a ws:// or wss:// URL such as ws://127.0.0.1:9000/ocpp, got ${JSON.stringify(value)}`);
  }
  return String(value).replace(/\/+$/, '');
}

/** Why a file given to a flag cannot be read, in words ("file not found"), not Node's error code. */
export function unreadableFile(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'not allowed to read it (permissions)';
  if (code === 'EISDIR') return 'is a folder, not a file';
  return (error as Error).message;
}
