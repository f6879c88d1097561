/** Why a station's connection attempt failed, as the load result counts it (`ConnectFailureReason`, result.ts). */
import type { ConnectFailure } from '../../simulator/transport/types.js';
import type { ConnectFailureReason } from './result.js';

const BY_ERRNO: Readonly<Record<string, ConnectFailureReason>> = {
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EMFILE: 'emfile',
  ENFILE: 'emfile',
  EADDRNOTAVAIL: 'eaddrnotavail',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ETIMEDOUT: 'timeout',
};

/** Node's TLS and OpenSSL certificate error codes. */
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;

export function connectFailureReason(failure: ConnectFailure): ConnectFailureReason {
  if (failure.statusCode !== undefined) return `http-${failure.statusCode}`;
  const error = failure.error as NodeJS.ErrnoException;
  const code = typeof error.code === 'string' ? error.code : undefined;
  if (code !== undefined) {
    const known = BY_ERRNO[code];
    if (known !== undefined) return known;
    if (TLS_CODE.test(code)) return 'tls';
  }
  // ws gives its handshake timeout no code, only this message.
  if (/handshake has timed out/i.test(error.message)) return 'timeout';
  return 'other';
}
