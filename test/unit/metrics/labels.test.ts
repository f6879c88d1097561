/** Label values stay in small fixed sets, and a failed connection attempt gets the reason result.ts names. */
import { describe, expect, it } from 'vitest';
import { actionLabel, closeCodeLabel } from '../../../harness/metrics/labels.js';
import { connectFailureReason, describeConnectFailure } from '../../../simulator/transport/connect-failure.js';

function errno(code: string | undefined, message = 'failed'): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

describe('closeCodeLabel', () => {
  it('keeps the standard codes and folds the rest into ranges', () => {
    expect([1000, 1001, 1005, 1006, 1009, 1015].map(closeCodeLabel)).toEqual(['1000', '1001', '1005', '1006', '1009', '1015']);
    expect([3000, 3999, 4000, 4999].map(closeCodeLabel)).toEqual(['3xxx', '3xxx', '4xxx', '4xxx']);
    expect([999, 1016, 2000, 5000, -1, 1000.5].map(closeCodeLabel)).toEqual(['other', 'other', 'other', 'other', 'other', 'other']);
  });
});

describe('actionLabel', () => {
  it('keeps an action the sender may send in either version, and calls anything else other', () => {
    expect(actionLabel('station', 'Heartbeat')).toBe('Heartbeat');
    expect(actionLabel('station', 'TransactionEvent')).toBe('TransactionEvent');
    expect(actionLabel('station', 'StartTransaction')).toBe('StartTransaction');
    expect(actionLabel('csms', 'RequestStartTransaction')).toBe('RequestStartTransaction');
    // A CSMS command is not a station action, and a made-up name is nobody's.
    expect(actionLabel('station', 'Reset')).toBe('other');
    expect(actionLabel('station', 'S1-CP1-Heartbeat')).toBe('other');
  });
});

describe('connectFailureReason', () => {
  const failure = (error: Error, statusCode?: number) => ({
    error,
    attempt: 1,
    retryInMs: 1_000,
    ...describeConnectFailure(error, statusCode, 'ws://127.0.0.1:9000/ocpp/S1-CP1'),
    ...(statusCode !== undefined && { statusCode }),
  });

  it('names a refused handshake by its HTTP status', () => {
    expect(connectFailureReason(failure(errno(undefined, 'Unexpected server response: 401'), 401))).toBe('http-401');
    expect(connectFailureReason(failure(errno('ECONNRESET'), 404))).toBe('http-404');
  });

  it('names network errors by their errno', () => {
    const cases: [string, string][] = [
      ['ECONNREFUSED', 'refused'],
      ['ENOTFOUND', 'dns'],
      ['EAI_AGAIN', 'dns'],
      ['EMFILE', 'emfile'],
      ['ENFILE', 'emfile'],
      ['EADDRNOTAVAIL', 'eaddrnotavail'],
      ['ECONNRESET', 'reset'],
      ['EPIPE', 'reset'],
      ['ETIMEDOUT', 'timeout'],
      ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
      ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
      ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls'],
      ['EHOSTUNREACH', 'other'],
    ];
    for (const [code, reason] of cases) expect(connectFailureReason(failure(errno(code))), code).toBe(reason);
  });

  it('names ws\'s handshake timeout, which has no code, and anything else other', () => {
    expect(connectFailureReason(failure(errno(undefined, 'Opening handshake has timed out')))).toBe('timeout');
    expect(connectFailureReason(failure(errno(undefined, 'connection closed with code 1006')))).toBe('other');
  });
});
