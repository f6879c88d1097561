/** Says in one line why a connection attempt failed before the socket opened: refused, TLS, or network. */
import { STATUS_CODES } from 'node:http';
import type { ConnectFailureKind } from './types.js';

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

/** The CSMS's certificate did not verify: untrusted chain, expired, or not for this host name. */
export function isCsmsCertificateError(error: Error & { code?: string }): boolean {
  return /^(UNABLE_TO_|CERT_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH)/.test(error.code ?? '');
}
