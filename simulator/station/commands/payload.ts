/**
 * Reading fields of a CSMS payload. The transport validates against the schemas when enabled; these
 * checks keep a handler safe when validation is off (fuzzing, a foreign transport).
 */
import { OcppError } from '../../protocol/errors.js';
import { isObject, type JsonObject } from '../../protocol/frames.js';

export function requiredString(payload: JsonObject, field: string): string {
  const value = payload[field];
  if (typeof value !== 'string') throw new OcppError('TypeConstraintViolation', `${field} must be a string`);
  return value;
}

export function requiredInteger(payload: JsonObject, field: string): number {
  const value = payload[field];
  if (!Number.isInteger(value)) throw new OcppError('TypeConstraintViolation', `${field} must be an integer`);
  return value as number;
}

export function optionalInteger(payload: JsonObject, field: string): number | undefined {
  return payload[field] === undefined ? undefined : requiredInteger(payload, field);
}

export function requiredObject(payload: JsonObject, field: string): JsonObject {
  const value = payload[field];
  if (!isObject(value)) throw new OcppError('TypeConstraintViolation', `${field} must be an object`);
  return value;
}

export function optionalObject(payload: JsonObject, field: string): JsonObject | undefined {
  return payload[field] === undefined ? undefined : requiredObject(payload, field);
}

export function optionalArray(payload: JsonObject, field: string): unknown[] | undefined {
  const value = payload[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new OcppError('TypeConstraintViolation', `${field} must be an array`);
  return value;
}
