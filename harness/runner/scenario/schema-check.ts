/**
 * Checks parsed YAML against scenarios/scenario.schema.json and turns Ajv's errors into problems a
 * person can act on: at the key or value that is wrong, saying what is allowed there. The schema is
 * compiled once per process.
 */
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { DURATION_HELP } from '../../../simulator/duration.js';
import { actionsSentBy } from '../../../simulator/protocol/actions.js';
import { isOcppProtocol } from '../../../simulator/protocol/versions.js';
import { CONNECTOR_STATUSES } from './model.js';
import { show } from './problems.js';
import { SCENARIO_SCHEMA } from './schema.js';
import type { ScenarioProblem } from './problems.js';
import { closest } from './spelling.js';
import type { YamlSource } from './yaml-source.js';

let compiled: ValidateFunction | undefined;

/** Compiles a schema with the options the messages below rely on; load profiles use it for their own schema. */
export function compileSchema(schema: Readonly<Record<string, unknown>>): ValidateFunction {
  return new Ajv({
    allErrors: true,
    // Gives each error its schema and data, which the messages below need (titles, property lists).
    verbose: true,
    strict: true,
    // `oneOf: [{ required: [session] }, …]` names properties declared beside it, which strictRequired cannot see.
    strictRequired: false,
    // Metric bounds are a duration string or a percentage.
    allowUnionTypes: true,
  }).compile(schema);
}

function validator(): ValidateFunction {
  compiled ??= compileSchema(SCENARIO_SCHEMA);
  return compiled;
}

/** What a pattern-checked string must look like, by the title of its schema definition. */
const PATTERN_HINTS: Readonly<Record<string, string>> = {
  duration: DURATION_HELP,
  'station id': 'S<site>-CP<n>, e.g. S1-CP1',
  'site id': 'S<n>, e.g. S1',
  name: "lower-case words joined by '-', e.g. ground-failure-mid-session",
};

/** Enums whose useful values depend on the scenario's protocol: the message lists only those. */
const BY_PROTOCOL: Readonly<Record<string, (protocol: 'ocpp1.6' | 'ocpp2.0.1') => readonly string[]>> = {
  'CSMS command': (protocol) => actionsSentBy(protocol, 'csms'),
  'connector status': (protocol) => CONNECTOR_STATUSES[protocol],
};

interface Schemaish {
  title?: string;
  properties?: Record<string, unknown>;
}

/** Problems of `source` against the scenario schema, or against `validate` (another schema from compileSchema). */
export function schemaProblems(source: YamlSource, validate: ValidateFunction = validator()): ScenarioProblem[] {
  if (validate(source.data)) return [];
  const errors = validate.errors ?? [];
  const protocol = protocolOf(source.data);
  const problems: ScenarioProblem[] = [];
  const add = (error: ErrorObject, problem: Omit<ScenarioProblem, 'file' | 'line' | 'column' | 'path'>, key?: string) => {
    problems.push({ file: source.file, ...source.positionOf(error.instancePath, key), path: error.instancePath, ...problem });
  };

  const choices = errors.filter((e) => (e.keyword === 'oneOf' || e.keyword === 'anyOf') && requiredOnly(e.schema) !== undefined);
  const unknownKeys = errors.filter((e) => e.keyword === 'additionalProperties' || e.propertyName !== undefined);
  const typeErrors = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const insideChoice = (e: ErrorObject) => choices.some((c) => e !== c && e.schemaPath.startsWith(`${c.schemaPath}/`));

  for (const error of errors) {
    const parent = (error.parentSchema ?? {}) as Schemaish;
    const params = error.params as Record<string, unknown>;
    if (insideChoice(error)) continue;
    // A wrong type already says what is wrong; the value checks of the same schema would repeat it.
    if (error.keyword !== 'type' && typeErrors.has(error.instancePath) && isValueKeyword(error.keyword)) continue;
    switch (error.keyword) {
      // Wrappers: the errors that say what is wrong come from inside them.
      case 'if':
      case 'propertyNames':
        break;
      case 'additionalProperties': {
        const key = String(params['additionalProperty']);
        const allowed = Object.keys(parent.properties ?? {});
        add(error, { message: unknownKeyMessage(key, allowed), allowed }, key);
        break;
      }
      case 'required': {
        const missing = String(params['missingProperty']);
        // `withn` next to a missing `within` is one mistake, already reported as the unknown key.
        const misspelt = unknownKeys.some(
          (u) => u.instancePath === error.instancePath && closest(unknownKeyOf(u), [missing]) === missing,
        );
        if (!misspelt) add(error, { message: `missing required key "${missing}"` });
        break;
      }
      case 'oneOf':
      case 'anyOf': {
        const keys = requiredOnly(error.schema);
        if (keys === undefined) {
          add(error, { message: error.message ?? 'does not match the schema' });
          break;
        }
        // A misspelt key or a value that is not a mapping at all says more than "needs one of".
        if (unknownKeys.some((u) => u.instancePath === error.instancePath) || typeErrors.has(error.instancePath)) break;
        const present = Object.keys(isRecord(error.data) ? error.data : {});
        const found = keys.filter((k) => present.includes(k));
        if (found.length > 1) {
          add(error, { message: `has ${found.map((k) => `"${k}"`).join(' and ')}: only one of them is allowed`, allowed: keys });
        } else {
          const known = Object.keys(parent.properties ?? {});
          const typo = present.filter((k) => !known.includes(k)).map((k) => closest(k, keys)).find((k) => k !== undefined);
          const foundText = present.length > 0 ? ` (found: ${present.join(', ')}${typo ? `; did you mean "${typo}"?` : ''})` : '';
          add(error, { message: `needs ${error.keyword === 'oneOf' ? 'exactly ' : ''}one of these keys${foundText}`, allowed: keys });
        }
        break;
      }
      case 'enum': {
        if (error.propertyName !== undefined) {
          const allowed = (error.schema as unknown[]).map(String);
          add(error, { message: unknownKeyMessage(error.propertyName, allowed), allowed }, error.propertyName);
          break;
        }
        const label = parent.title ?? 'value';
        const narrow = protocol && BY_PROTOCOL[label];
        const allowed = narrow ? [...narrow(protocol)] : (error.schema as unknown[]).map(String);
        add(error, { message: `${show(error.data)} is not a known ${label}${suggestion(error.data, allowed)}`, allowed });
        break;
      }
      case 'pattern':
      case 'type': {
        const hint = parent.title === undefined ? undefined : PATTERN_HINTS[parent.title];
        if (hint !== undefined) {
          add(error, { message: `${show(error.data)} is not a ${parent.title}`, allowed: [hint] });
        } else if (error.keyword === 'type') {
          const expected = [params['type']].flat().map((t) => TYPE_NAMES[String(t)] ?? String(t));
          add(error, { message: `expected ${expected.join(' or ')}, got ${described(error.data)}` });
        } else {
          add(error, { message: `${show(error.data)} does not match ${String(params['pattern'])}` });
        }
        break;
      }
      case 'const':
        add(error, { message: `${show(error.data)} is not allowed`, allowed: [show(params['allowedValue'])] });
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        add(error, {
          message: `${show(error.data)} is too ${error.keyword.endsWith('inimum') ? 'small' : 'large'}`,
          allowed: [`${String(params['comparison']).replace('>=', '≥').replace('<=', '≤')} ${String(params['limit'])}`],
        });
        break;
      case 'minItems':
        add(error, { message: `needs at least ${String(params['limit'])} item${params['limit'] === 1 ? '' : 's'}` });
        break;
      case 'uniqueItems': {
        const items = Array.isArray(error.data) ? error.data : [];
        add(error, { message: `${show(items[Number(params['i'])])} is listed twice` });
        break;
      }
      case 'minLength':
      case 'maxLength':
        add(error, {
          message: `${show(error.data)} is too ${error.keyword === 'minLength' ? 'short' : 'long'}`,
          allowed: [`${error.keyword === 'minLength' ? 'at least' : 'at most'} ${String(params['limit'])} characters`],
        });
        break;
      case 'dependencies':
        add(error, { message: `"${String(params['property'])}" needs "${String(params['missingProperty'])}" too` });
        break;
      default:
        add(error, { message: error.message ?? `fails ${error.keyword}` });
    }
  }
  return dedupe(problems);
}

function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  return `unknown key "${key}"${suggestion(key, allowed)}`;
}

function unknownKeyOf(error: ErrorObject): string {
  return error.propertyName ?? String((error.params as Record<string, unknown>)['additionalProperty']);
}

function suggestion(value: unknown, allowed: readonly string[]): string {
  if (typeof value !== 'string') return '';
  const near = closest(value, allowed);
  return near === undefined ? '' : ` (did you mean "${near}"?)`;
}

/** The keys of a `oneOf`/`anyOf` whose branches only say "has key X", else undefined. */
function requiredOnly(branches: unknown): string[] | undefined {
  if (!Array.isArray(branches)) return undefined;
  const keys: string[] = [];
  for (const branch of branches) {
    if (!isRecord(branch) || Object.keys(branch).length !== 1 || !Array.isArray(branch['required']) || branch['required'].length !== 1) {
      return undefined;
    }
    keys.push(String(branch['required'][0]));
  }
  return keys;
}

function isValueKeyword(keyword: string): boolean {
  return ['enum', 'const', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength'].includes(keyword);
}

function protocolOf(data: unknown): 'ocpp1.6' | 'ocpp2.0.1' | undefined {
  const protocol = isRecord(data) ? data['protocol'] : undefined;
  return isOcppProtocol(protocol) ? protocol : undefined;
}

/** JSON Schema types in YAML words. */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  object: 'a mapping (key: value)',
  array: 'a list',
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  null: 'nothing',
};

function described(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value === 'string' ? 'the string' : typeof value === 'boolean' ? '' : 'the number'} ${show(value)}`.trim();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dedupe(problems: ScenarioProblem[]): ScenarioProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.line}:${p.column}:${p.path}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
