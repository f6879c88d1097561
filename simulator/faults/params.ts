/**
 * Typed fault parameters: each parameter has a default, a description and a check, so a scenario file
 * can leave it out, a schema can describe it, and a bad value is refused with a problem that says what
 * is allowed (`{ path: '/count', message: '-1 is not allowed', allowed: ['a whole number >= 1'] }`).
 * Validation returns problems instead of throwing.
 */
import { pointer, type Problem } from '../problems.js';
import { ID_TAG_16_MAX_LENGTH, tokenProblem } from '../protocol/id-tokens.js';

export interface ParamSpec<T> {
  description: string;
  default: T;
  /** What is allowed: one description ("a whole number >= 1"), or the allowed values. */
  allowed: readonly string[];
  accepts(value: unknown): value is T;
}

export type ParamSpecs<P extends object> = { readonly [K in keyof P]-?: ParamSpec<P[K]> };

export type ParamsResult<P> = { ok: true; params: P } | { ok: false; problems: Problem[] };

interface NumberOptions {
  min: number;
  max?: number;
  default: number;
  description: string;
}

function range(min: number, max: number | undefined): string {
  return max === undefined ? `>= ${min}` : `from ${min} to ${max}`;
}

/** An integer count or duration in whole simulated seconds. */
export function wholeNumber(options: NumberOptions): ParamSpec<number> {
  const { min, max } = options;
  return {
    description: options.description,
    default: options.default,
    allowed: [`a whole number ${range(min, max)}`],
    accepts: (value): value is number => Number.isInteger(value) && (value as number) >= min && (max === undefined || (value as number) <= max),
  };
}

/** A real number, e.g. a probability or a power. */
export function decimal(options: NumberOptions): ParamSpec<number> {
  const { min, max } = options;
  return {
    description: options.description,
    default: options.default,
    allowed: [`a number ${range(min, max)}`],
    accepts: (value): value is number =>
      typeof value === 'number' && Number.isFinite(value) && value >= min && (max === undefined || value <= max),
  };
}

export function flag(options: { default: boolean; description: string }): ParamSpec<boolean> {
  return { ...options, allowed: ['true or false'], accepts: (value): value is boolean => typeof value === 'boolean' };
}

/** Non-empty text up to `maxLength` characters (OCPP's own field limits: idTag 20, info 50, vendorErrorCode 50). */
export function text(options: { default: string; description: string; maxLength: number }): ParamSpec<string> {
  const { maxLength } = options;
  return {
    description: options.description,
    default: options.default,
    allowed: [`text of 1 to ${maxLength} characters`],
    accepts: (value): value is string => typeof value === 'string' && value.length > 0 && value.length <= maxLength,
  };
}

/**
 * A driver's token, valid in both versions: a 1.6 idTag, and in 2.0.1 a value of the type its format
 * implies (hex card UID: ISO14443 / ISO15693, contract id: eMAID, readable text: Local).
 */
export function token(options: { default: string; description: string }): ParamSpec<string> {
  return {
    ...options,
    allowed: [`a token of 1 to ${ID_TAG_16_MAX_LENGTH} printable characters (OCPP 1.6 idTag)`],
    accepts: (value): value is string =>
      typeof value === 'string' && tokenProblem('ocpp1.6', value) === undefined && tokenProblem('ocpp2.0.1', value) === undefined,
  };
}

export function oneOf<T extends string>(values: readonly T[], options: { default: T; description: string }): ParamSpec<T> {
  return {
    ...options,
    allowed: values,
    accepts: (value): value is T => typeof value === 'string' && (values as readonly string[]).includes(value),
  };
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Fills defaults and checks every given value; unknown keys are problems (a typo must not pass silently). Paths are relative to the parameters. */
export function validateParams<P extends object>(specs: ParamSpecs<P>, raw: unknown): ParamsResult<P> {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, problems: [{ path: '', message: `parameters ${show(raw)} are not allowed`, allowed: ['an object'] }] };
  }
  const given = raw as Record<string, unknown>;
  const keys = Object.keys(specs) as (keyof P & string)[];
  const problems: Problem[] = [];
  for (const key of Object.keys(given)) {
    if (!(keys as string[]).includes(key)) {
      problems.push({ path: pointer(key), message: 'unknown parameter', allowed: keys.length > 0 ? [...keys] : ['no parameters'] });
    }
  }
  const params = {} as Record<string, unknown>;
  for (const key of keys) {
    const spec = specs[key] as ParamSpec<unknown>;
    const value = given[key];
    if (value === undefined) params[key] = spec.default;
    else if (spec.accepts(value)) params[key] = value;
    else problems.push({ path: pointer(key), message: `${show(value)} is not allowed`, allowed: [...spec.allowed] });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, params: params as P };
}
