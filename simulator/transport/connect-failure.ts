/**
 * Why a connection attempt failed before the WebSocket opened, as one short reason a load test counts.
 * The load result (harness/load/result.ts) re-exports the type: this is its one home.
 */
import type { ConnectFailure } from './types.js';

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

/** TLS failures carry OpenSSL's or Node's codes (ERR_TLS_*, ERR_SSL_*, CERT_*, ...SELF_SIGNED...). */
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;

export function connectFailureReason(failure: Pick<ConnectFailure, 'statusCode' | 'error'>): ConnectFailureReason {
  if (failure.statusCode !== undefined) return `http-${failure.statusCode}`;
  const code = (failure.error as { code?: unknown }).code;
  if (typeof code === 'string') {
    const known = BY_CODE[code];
    if (known !== undefined) return known;
    if (TLS_CODE.test(code)) return 'tls';
  }
  // ws reports its own handshake timeout without a code.
  if (/handshake has timed out/i.test(failure.error.message)) return 'timeout';
  return 'other';
}

/** What the user reads after the reason: the error code, or the HTTP status line. */
export function connectFailureDetail(failure: Pick<ConnectFailure, 'statusCode' | 'error'>): string {
  if (failure.statusCode !== undefined) return `HTTP ${failure.statusCode}`;
  const code = (failure.error as { code?: unknown }).code;
  return typeof code === 'string' ? code : failure.error.message;
}
