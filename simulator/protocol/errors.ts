/**
 * OCPP CALLERROR codes, spelled per protocol version in one place.
 *
 * Inside the project every code uses the 2.0.1 spelling (`GenericCode`); `wireCode` gives the
 * spelling a peer of a given version must see. 1.6 spells two codes differently
 * (FormationViolation, OccurenceConstraintViolation, sic) and lacks MessageTypeNotSupported and
 * RpcFrameworkError: both become FormationViolation, "the message does not conform to the PDU structure".
 */
import type { OcppProtocol } from './versions.js';

export const GENERIC_CODES = [
  'FormatViolation',
  'GenericError',
  'InternalError',
  'MessageTypeNotSupported',
  'NotImplemented',
  'NotSupported',
  'OccurrenceConstraintViolation',
  'PropertyConstraintViolation',
  'ProtocolError',
  'RpcFrameworkError',
  'SecurityError',
  'TypeConstraintViolation',
] as const;
export type GenericCode = (typeof GENERIC_CODES)[number];

export const OCPP16_CODES = [
  'NotImplemented',
  'NotSupported',
  'InternalError',
  'ProtocolError',
  'SecurityError',
  'FormationViolation',
  'PropertyConstraintViolation',
  'OccurenceConstraintViolation',
  'TypeConstraintViolation',
  'GenericError',
] as const;
export type Ocpp16Code = (typeof OCPP16_CODES)[number];

/** Any code that may appear on the wire, in either version. */
export type OcppErrorCode = GenericCode | Ocpp16Code;

const TO_16: Record<GenericCode, Ocpp16Code> = {
  FormatViolation: 'FormationViolation',
  GenericError: 'GenericError',
  InternalError: 'InternalError',
  MessageTypeNotSupported: 'FormationViolation',
  NotImplemented: 'NotImplemented',
  NotSupported: 'NotSupported',
  OccurrenceConstraintViolation: 'OccurenceConstraintViolation',
  PropertyConstraintViolation: 'PropertyConstraintViolation',
  ProtocolError: 'ProtocolError',
  RpcFrameworkError: 'FormationViolation',
  SecurityError: 'SecurityError',
  TypeConstraintViolation: 'TypeConstraintViolation',
};

/** The spelling of `code` that a peer speaking `protocol` must receive. */
export function wireCode(protocol: OcppProtocol, code: GenericCode): OcppErrorCode {
  return protocol === 'ocpp1.6' ? TO_16[code] : code;
}

/** Reads a code received from a peer of either version back into the generic spelling. */
export function genericCode(code: string): GenericCode {
  if (code === 'FormationViolation') return 'FormatViolation';
  if (code === 'OccurenceConstraintViolation') return 'OccurrenceConstraintViolation';
  return (GENERIC_CODES as readonly string[]).includes(code) ? (code as GenericCode) : 'GenericError';
}

/** Whether `code` is a legal wire code for `protocol`. */
export function isWireCode(protocol: OcppProtocol, code: string): boolean {
  return protocol === 'ocpp1.6'
    ? (OCPP16_CODES as readonly string[]).includes(code)
    : (GENERIC_CODES as readonly string[]).includes(code);
}

/** An OCPP-level error: thrown by a handler to answer with CALLERROR, or raised to a caller that got one. */
export class OcppError extends Error {
  override readonly name = 'OcppError';
  constructor(
    readonly code: GenericCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A call that got no answer within its timeout. Created only when a call actually times out. */
export class OcppTimeoutError extends Error {
  override readonly name = 'OcppTimeoutError';
  constructor(
    readonly action: string,
    readonly timeoutMs: number,
  ) {
    super(`${action} got no answer within ${timeoutMs} ms`);
  }
}

/** A call that could not be sent or was abandoned because the connection closed. */
export class OcppDisconnectedError extends Error {
  override readonly name = 'OcppDisconnectedError';
  constructor(readonly action: string) {
    super(`${action} could not complete: not connected`);
  }
}
