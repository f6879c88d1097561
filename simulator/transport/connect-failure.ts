/**
 * Why a connection attempt failed before the WebSocket opened, in two forms: the human line a station logs
 * and a user reads (`describeConnectFailure`: kind + reason, e.g. "HTTP 403 Forbidden", "TLS: CERT_HAS_EXPIRED ..."),
 * and the short category a load test counts and labels metrics with (`connectFailureReason`). This is the
 * one home of both; the load result (harness/load/result.ts) re-exports `ConnectFailureReason`.
 */
import { STATUS_CODES } from 'node:http';
import type { ConnectFailure, ConnectFailureKind } from './types.js';

/** OpenSSL's verification codes and Node's TLS error codes: the peer's certificate or the TLS handshake was the problem. */
const TLS_CODE = /^(ERR_SSL_|ERR_TLS_|UNABLE_TO_|CERT_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|ERR_TLS_CERT_ALTNAME_INVALID)/;

export function describeConnectFailure(
  error: Error & { code?: string },
  statusCode: number | undefined,
  url: string,
): { kind: ConnectFailureKind; reason: string } {
  if (statusCode !== undefined) return { kind: 'http', reason: `HTTP ${statusCode} ${STATUS_CODES[statusCode] ?? ''}`.trim() };
  const code = error.code ?? '';
  if (TLS_CODE.test(code) || /alert|certificate|ssl|tls/i.test(error.message)) {
    return { kind: 'tls', reason: `TLS: ${code}${code ? ' ' : ''}${error.message}`.trim() };
  }
  // A TLS-only CSMS drops a plain ws upgrade without an HTTP answer.
  const hint = url.startsWith('ws:') && (code === 'ECONNRESET' || /socket hang up/i.test(error.message)) ? ' (does the CSMS want TLS? then use wss://)' : '';
  return { kind: 'network', reason: `${code}${code ? ' ' : ''}${error.message}${hint}`.trim() };
}

/**
 * The failure a `connectFailed` event reports: the attempt's first error (or, when the socket gave none, its close
 * code) in both forms, and the HTTP status of a refused upgrade.
 */
export function connectFailureOf(error: Error | undefined, closeCode: number, statusCode: number | undefined, url: string, attempt: number, retryInMs: number): ConnectFailure {
  const cause = error ?? new Error(`connection closed with code ${closeCode}`);
  return { error: cause, ...describeConnectFailure(cause, statusCode, url), attempt, retryInMs, ...(statusCode !== undefined && { statusCode }) };
}

/**
 * A connection attempt that passed its handshake deadline (ws-client.ts): said in the words `ws` used for its own
 * handshake timeout, without a code, so it is described and counted as it always was.
 */
export function handshakeTimeoutError(): Error {
  return new Error('Opening handshake has timed out');
}

/** The CSMS's certificate did not verify: untrusted chain, expired, or not for this host name. */
export function isCsmsCertificateError(error: Error & { code?: string }): boolean {
  return /^(UNABLE_TO_|CERT_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH)/.test(error.code ?? '');
}

/**
 * `refused` ECONNREFUSED, `dns` ENOTFOUND/EAI_AGAIN, `tls` certificate or handshake errors,
 * `http-<status>` the CSMS answered the upgrade with that HTTP status (401, 403, 404 ...),
 * `timeout` no answer to the upgrade in time, `emfile` out of file descriptors (EMFILE/ENFILE),
 * `eaddrnotavail` out of ephemeral ports, `reset` ECONNRESET/EPIPE before open, `other` anything else.
 */
export type ConnectFailureReason =
  | 'refused'
  | 'dns'
  | 'tls'
  | `http-${number}`
  | 'timeout'
  | 'emfile'
  | 'eaddrnotavail'
  | 'reset'
  | 'other';

const BY_CODE: Record<string, ConnectFailureReason> = {
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  EMFILE: 'emfile',
  ENFILE: 'emfile',
  EADDRNOTAVAIL: 'eaddrnotavail',
  EADDRINUSE: 'eaddrnotavail',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ETIMEDOUT: 'timeout',
};

export function connectFailureReason(failure: Pick<ConnectFailure, 'statusCode' | 'error'>): ConnectFailureReason {
  if (failure.statusCode !== undefined) return `http-${failure.statusCode}`;
  const code = (failure.error as { code?: unknown }).code;
  if (typeof code === 'string') {
    const known = BY_CODE[code];
    if (known !== undefined) return known;
    if (TLS_CODE.test(code)) return 'tls';
  }
  // The transport's handshake deadline (handshakeTimeoutError) carries no code.
  if (/handshake has timed out/i.test(failure.error.message)) return 'timeout';
  return 'other';
}

/**
 * What the user reads after the category: the HTTP status line (`HTTP 403 Forbidden`) or the TLS error in the
 * transport's words when it gave them, else the error code (`ECONNREFUSED`), short because it follows the category.
 */
export function connectFailureDetail(failure: Pick<ConnectFailure, 'statusCode' | 'error'> & { kind?: ConnectFailureKind; reason?: string }): string {
  if (failure.reason !== undefined && failure.reason.length > 0 && (failure.kind === 'http' || failure.kind === 'tls')) return failure.reason;
  if (failure.statusCode !== undefined) return `HTTP ${failure.statusCode}`;
  const code = (failure.error as { code?: unknown }).code;
  return typeof code === 'string' ? code : failure.error.message;
}
