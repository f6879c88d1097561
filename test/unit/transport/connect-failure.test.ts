/** A failed connection attempt reads as one short reason a load test counts (result.ts ConnectFailureReason). */
import { describe, expect, it } from 'vitest';
import { connectFailureDetail, connectFailureReason } from '../../../simulator/transport/connect-failure.js';

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('connect failure reasons', () => {
  it.each([
    [withCode('ECONNREFUSED'), 'refused'],
    [withCode('ENOTFOUND'), 'dns'],
    [withCode('EAI_AGAIN'), 'dns'],
    [withCode('EMFILE'), 'emfile'],
    [withCode('ENFILE'), 'emfile'],
    [withCode('EADDRNOTAVAIL'), 'eaddrnotavail'],
    [withCode('ECONNRESET'), 'reset'],
    [withCode('EPIPE'), 'reset'],
    [withCode('ETIMEDOUT'), 'timeout'],
    [new Error('Opening handshake has timed out'), 'timeout'],
    [withCode('DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls'],
    [withCode('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls'],
    [withCode('ERR_SSL_WRONG_VERSION_NUMBER'), 'tls'],
    [new Error('something else'), 'other'],
  ])('%s is %s', (error, reason) => {
    expect(connectFailureReason({ error })).toBe(reason);
  });

  it('names a refused handshake by its HTTP status, whatever the socket error says', () => {
    const failure = { statusCode: 401, error: withCode('ECONNRESET') };
    expect(connectFailureReason(failure)).toBe('http-401');
    expect(connectFailureDetail(failure)).toBe('HTTP 401');
    expect(connectFailureDetail({ error: withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1') })).toBe('ECONNREFUSED');
  });
});

describe('connect failure words', () => {
  it('gives the HTTP status line and TLS error as the transport said them, a network error by its code', () => {
    const forbidden = { statusCode: 403, error: new Error('Unexpected server response: 403'), kind: 'http' as const, reason: 'HTTP 403 Forbidden' };
    expect(connectFailureDetail(forbidden)).toBe('HTTP 403 Forbidden');
    const tls = { error: withCode('CERT_HAS_EXPIRED', 'certificate has expired'), kind: 'tls' as const, reason: 'TLS: CERT_HAS_EXPIRED certificate has expired' };
    expect(connectFailureDetail(tls)).toBe('TLS: CERT_HAS_EXPIRED certificate has expired');
    const refused = { error: withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'), kind: 'network' as const, reason: 'ECONNREFUSED connect ECONNREFUSED 127.0.0.1:1' };
    expect(connectFailureDetail(refused)).toBe('ECONNREFUSED');
  });
});
