/**
 * Payload validation against the official OCPP schemas, shared by every station and the CSMS.
 *
 * Validators compile lazily, once per (protocol, action, kind), and are cached for the whole process:
 * a station uses a dozen of the 39 (1.6) or 64 (2.0.1) actions, and compiling every schema up front
 * costs far more than the handful it needs (see `compileAll` for processes that prefer to pay early).
 *
 * A failed check is reported as the OCPP code a receiver must answer with (generic, 2.0.1 spelling;
 * map with `wireCode` before sending). Schema keywords map to codes by one table, `RULES`:
 *
 * - `type`, `format` → TypeConstraintViolation: the value is not of the OCPP data type (integer,
 *   dateTime, anyURI); `format` counts here because dateTime and URI are data types in both specs.
 * - `required`, `minItems`, `maxItems`, `additionalItems`, `minProperties`, `maxProperties`
 *   → OccurrenceConstraintViolation: a field or list element occurs too few or too many times.
 * - `enum`, `const`, `maxLength`, `minLength`, `minimum`, `maximum`, `exclusiveMinimum`,
 *   `exclusiveMaximum`, `multipleOf`, `pattern` → PropertyConstraintViolation: right type, invalid value.
 * - `additionalProperties` → FormatViolation: an unknown field means the payload does not conform to
 *   the PDU structure of the action (the 1.6 wording of FormationViolation); PropertyConstraintViolation
 *   is about the value of a known field.
 * - anything else → FormatViolation (the schemas use no other keyword today).
 *
 * An action without a schema yields NotImplemented ("requested action is not known by receiver"),
 * never `undefined`: a missing validator must not read as "valid".
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { GenericCode } from './errors.js';
import { loadSchemas, parseSchemaId, type PayloadKind } from './schemas.js';
import type { OcppProtocol } from './versions.js';
import { OCPP16_ACTIONS } from './generated/ocpp16.js';
import { OCPP201_ACTIONS } from './generated/ocpp201.js';

export type { PayloadKind } from './schemas.js';

export interface PayloadViolation {
  code: GenericCode;
  /** Names the JSON path and what is allowed there, e.g. `/connectorId must be integer`. */
  message: string;
}

const ACTIONS: Readonly<Record<OcppProtocol, readonly string[]>> = {
  'ocpp1.6': OCPP16_ACTIONS,
  'ocpp2.0.1': OCPP201_ACTIONS,
};
const ACTION_SETS: Readonly<Record<OcppProtocol, ReadonlySet<string>>> = {
  'ocpp1.6': new Set(OCPP16_ACTIONS),
  'ocpp2.0.1': new Set(OCPP201_ACTIONS),
};

/** Whether `protocol` defines `action` (has schemas for it). */
export function hasAction(protocol: OcppProtocol, action: string): boolean {
  return ACTION_SETS[protocol].has(action);
}

/** Every action of `protocol`, sorted. */
export function actionsOf(protocol: OcppProtocol): readonly string[] {
  return ACTIONS[protocol];
}

/** Checks `payload` against the schema of `action`'s request or response; `undefined` when it is valid. */
export function validatePayload(
  protocol: OcppProtocol,
  action: string,
  kind: PayloadKind,
  payload: unknown,
): PayloadViolation | undefined {
  const validate = compiledValidator(protocol, action, kind);
  if (validate === undefined) {
    return { code: 'NotImplemented', message: `${action} is not an ${protocol} action` };
  }
  if (validate(payload)) return undefined;
  const error = validate.errors?.[0];
  return error === undefined ? { code: 'FormatViolation', message: 'payload is invalid' } : describe(error);
}

interface ProtocolValidators {
  ajv: Ajv;
  schemas: ReadonlyMap<string, object>;
  /** action → kind → validator: nested so the hot path builds no key string. */
  compiled: Map<string, Partial<Record<PayloadKind, ValidateFunction>>>;
}

const byProtocol = new Map<OcppProtocol, ProtocolValidators>();

/**
 * The compiled validator for one message, compiling it on first use; the same function for every caller.
 * Internal: exported for tests and for `compileAll`.
 */
export function compiledValidator(
  protocol: OcppProtocol,
  action: string,
  kind: PayloadKind,
): ValidateFunction | undefined {
  const validators = validatorsOf(protocol);
  let forAction = validators.compiled.get(action);
  const cached = forAction?.[kind];
  if (cached !== undefined) return cached;
  const schema = validators.schemas.get(`${action}.${kind}`);
  if (schema === undefined) return undefined;
  const validate = validators.ajv.compile(schema);
  if (forAction === undefined) validators.compiled.set(action, (forAction = {}));
  forAction[kind] = validate;
  return validate;
}

/** Compiles every validator of `protocol` now, for a process that would rather pay at start than on first use. */
export function compileAll(protocol: OcppProtocol): void {
  for (const action of actionsOf(protocol)) {
    compiledValidator(protocol, action, 'req');
    compiledValidator(protocol, action, 'conf');
  }
}

function validatorsOf(protocol: OcppProtocol): ProtocolValidators {
  let validators = byProtocol.get(protocol);
  if (validators === undefined) {
    const schemas = new Map<string, object>();
    for (const { $id, $schema: _draft, ...schema } of loadSchemas(protocol)) {
      const id = parseSchemaId($id);
      // `$id` is dropped: ajv cannot register `urn:X.req` (a URN without a namespace id); refs are local anyway.
      if (id !== undefined) schemas.set(`${id.action}.${id.kind}`, schema);
    }
    validators = { ajv: createAjv(), schemas, compiled: new Map() };
    byProtocol.set(protocol, validators);
  }
  return validators;
}

function createAjv(): Ajv {
  const ajv = new Ajv({
    // 2.0.1 pairs `additionalItems` with a single `items` schema, which draft-07 ignores; strict mode would refuse it.
    strictSchema: false,
    // First error only: the answer carries one code, and stopping early is cheaper on the hot path.
    allErrors: false,
    // Messages come from RULES, which name the path and the allowed values.
    messages: false,
    // The official schemas are trusted input; checking them against the meta-schema only slows start-up.
    validateSchema: false,
    // 1.6 limits are `multipleOf: 0.1`; without a tolerance 32.3 fails because 32.3 / 0.1 is not an exact integer.
    multipleOfPrecision: 6,
  });
  ajv.addFormat('date-time', isDateTime);
  ajv.addFormat('uri', URI);
  return ajv;
}

/** RFC 3339 date-time with a required offset, as ajv-formats (so ocpp-rpc's CSMS) wants, but only `T` as separator. */
const DATE_TIME = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])[Tt](?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/** The number of the fixed-width digits of `value` from `start` to `end` (exclusive). */
function digits(value: string, start: number, end: number): number {
  let number = 0;
  for (let i = start; i < end; i++) number = number * 10 + value.charCodeAt(i) - 48;
  return number;
}

// This runs on every Heartbeat answer, so it allocates nothing: `test` builds no match array, and the date's
// fields stand at fixed places (YYYY-MM-DD) once the pattern has matched.
function isDateTime(value: string): boolean {
  if (!DATE_TIME.test(value)) return false;
  const day = digits(value, 8, 10);
  // Every month has a 28th: the common case needs no calendar.
  if (day <= 28) return true;
  // Date.parse would roll 2023-02-30 over into March instead of refusing it.
  return day <= new Date(Date.UTC(digits(value, 0, 4), digits(value, 5, 7), 0)).getUTCDate();
}

/** Absolute URI per RFC 3986: a scheme, then no whitespace. Enough to catch a bare path or host. */
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/;

const FORMATS: Readonly<Record<string, string>> = {
  'date-time': 'an RFC 3339 date-time with offset, like 2024-05-01T12:00:00Z',
  uri: 'an absolute URI',
};

interface Rule {
  code: GenericCode;
  /** What is wrong, after the path: `must be integer`. */
  says(params: Record<string, unknown>): string;
}

const RULES: Readonly<Record<string, Rule>> = {
  type: { code: 'TypeConstraintViolation', says: (p) => `must be ${[p['type']].flat().join(' or ')}` },
  format: { code: 'TypeConstraintViolation', says: (p) => `must be ${FORMATS[String(p['format'])] ?? String(p['format'])}` },
  required: { code: 'OccurrenceConstraintViolation', says: () => 'is required' },
  minItems: { code: 'OccurrenceConstraintViolation', says: (p) => `must have at least ${count(p['limit'], 'item')}` },
  maxItems: { code: 'OccurrenceConstraintViolation', says: (p) => `must have at most ${count(p['limit'], 'item')}` },
  additionalItems: { code: 'OccurrenceConstraintViolation', says: (p) => `must have at most ${count(p['limit'], 'item')}` },
  minProperties: { code: 'OccurrenceConstraintViolation', says: (p) => `must have at least ${count(p['limit'], 'field')}` },
  maxProperties: { code: 'OccurrenceConstraintViolation', says: (p) => `must have at most ${count(p['limit'], 'field')}` },
  enum: { code: 'PropertyConstraintViolation', says: (p) => `must be one of ${listOf(p['allowedValues'])}` },
  const: { code: 'PropertyConstraintViolation', says: (p) => `must be ${JSON.stringify(p['allowedValue'])}` },
  maxLength: { code: 'PropertyConstraintViolation', says: (p) => `must be at most ${count(p['limit'], 'character')}` },
  minLength: { code: 'PropertyConstraintViolation', says: (p) => `must be at least ${count(p['limit'], 'character')}` },
  minimum: { code: 'PropertyConstraintViolation', says: compare },
  maximum: { code: 'PropertyConstraintViolation', says: compare },
  exclusiveMinimum: { code: 'PropertyConstraintViolation', says: compare },
  exclusiveMaximum: { code: 'PropertyConstraintViolation', says: compare },
  multipleOf: { code: 'PropertyConstraintViolation', says: (p) => `must be a multiple of ${String(p['multipleOf'])}` },
  pattern: { code: 'PropertyConstraintViolation', says: (p) => `must match ${String(p['pattern'])}` },
  additionalProperties: { code: 'FormatViolation', says: () => 'is not allowed' },
};

function describe(error: ErrorObject): PayloadViolation {
  const params = error.params as Record<string, unknown>;
  // These two are reported on the parent object; name the field itself instead.
  const field =
    error.keyword === 'required'
      ? params['missingProperty']
      : error.keyword === 'additionalProperties'
        ? params['additionalProperty']
        : undefined;
  const path = typeof field === 'string' ? `${error.instancePath}/${field}` : error.instancePath || 'payload';
  const rule = RULES[error.keyword];
  if (rule === undefined) return { code: 'FormatViolation', message: `${path} fails schema keyword ${error.keyword}` };
  return { code: rule.code, message: `${path} ${rule.says(params)}` };
}

function compare(params: Record<string, unknown>): string {
  return `must be ${String(params['comparison'])} ${String(params['limit'])}`;
}

function count(limit: unknown, noun: string): string {
  return `${String(limit)} ${noun}${limit === 1 ? '' : 's'}`;
}

/** Long enums (MeasurandEnumType has 22 values) are cut so the text fits a CALLERROR description. */
function listOf(values: unknown): string {
  const all = Array.isArray(values) ? values.map((v) => String(v)) : [];
  const shown = all.length > 12 ? [...all.slice(0, 10), `… (${all.length - 10} more)`] : all;
  return shown.join(', ');
}
