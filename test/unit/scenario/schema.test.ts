import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { validateDetectorConfig } from '../../../harness/detector/config.js';
import { ISSUE_TYPES, LADDER_ISSUE_TYPES, defaultLadders } from '../../../harness/issues/catalogue.js';
import { LADDER_STEPS } from '../../../harness/issues/ladder-steps.js';
import { ESCALATION_TARGETS } from '../../../harness/issues/teams.js';
import { validatePlaybookConfig } from '../../../harness/playbook/config.js';
import { toConfigKeys } from '../../../harness/runner/scenario/csms-setup.js';
import { CONNECTOR_STATUSES, FAULT_KINDS, METRICS } from '../../../harness/runner/scenario/model.js';
import { SCENARIO_SCHEMA } from '../../../harness/runner/scenario/schema.js';
import { OCPP16_CSMS_ACTIONS, OCPP201_CSMS_ACTIONS } from '../../../simulator/protocol/actions.js';
import { PROTOCOLS } from '../../../simulator/protocol/versions.js';

type Json = Record<string, unknown>;

const definitions = SCENARIO_SCHEMA['definitions'] as Record<string, Json>;

function definition(name: string): Json {
  return definitions[name] as Json;
}

/** Every subschema with its JSON pointer, walking every keyword that holds schemas. */
function* subschemas(schema: unknown, pointer = ''): Generator<[string, Json]> {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return;
  const node = schema as Json;
  yield [pointer, node];
  for (const key of ['properties', 'definitions']) {
    for (const [name, child] of Object.entries((node[key] as Json | undefined) ?? {})) yield* subschemas(child, `${pointer}/${key}/${name}`);
  }
  for (const key of ['items', 'additionalProperties', 'propertyNames', 'if', 'then', 'else']) yield* subschemas(node[key], `${pointer}/${key}`);
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    const branches = (node[key] as unknown[] | undefined) ?? [];
    for (const [i, child] of branches.entries()) yield* subschemas(child, `${pointer}/${key}/${i}`);
  }
}

const all = [...subschemas(SCENARIO_SCHEMA)];

/** Objects deliberately left open: their contents are checked by the fault catalogue or the OCPP schemas. */
const OPEN_OBJECTS = ['/definitions/faultStep/properties/params', '/definitions/ocppPayload', '/definitions/desk/properties/laddersByErrorCode'];

function enumOf(name: string): unknown[] {
  return definition(name)['enum'] as unknown[];
}

describe('the scenario schema', () => {
  it('compiles under Ajv strict mode', () => {
    const ajv = new Ajv({ strict: true, strictRequired: false, allowUnionTypes: true });
    expect(() => ajv.compile(SCENARIO_SCHEMA)).not.toThrow();
  });

  it('has a title and a description', () => {
    expect(SCENARIO_SCHEMA['title']).toBe('chargedrill scenario');
    expect(SCENARIO_SCHEMA['description']).toEqual(expect.any(String));
  });

  it('describes every property of every object', () => {
    const undescribed = all.flatMap(([pointer, node]) =>
      Object.entries((node['properties'] as Record<string, Json> | undefined) ?? {})
        .filter(([, property]) => typeof property['description'] !== 'string' || property['description'].length < 10)
        .map(([name]) => `${pointer}/properties/${name}`),
    );
    expect(undescribed).toEqual([]);
  });

  it('describes every definition', () => {
    const undescribed = Object.entries(definitions).filter(([, node]) => typeof node['description'] !== 'string').map(([name]) => name);
    expect(undescribed).toEqual([]);
  });

  it('closes every object with properties, so unknown keys are errors', () => {
    const open = all
      .filter(([pointer, node]) => node['properties'] !== undefined && node['additionalProperties'] !== false && !OPEN_OBJECTS.includes(pointer))
      .map(([pointer]) => pointer);
    expect(open).toEqual([]);
  });

  it('lists the fault kinds of the model', () => {
    expect(enumOf('faultKind')).toEqual([...FAULT_KINDS]);
  });

  it('lists exactly the issue types of the catalogue, in code order', () => {
    expect(enumOf('issueType'), 'definitions.issueType.enum must equal the keys of harness/issues/catalogue.ts').toEqual(Object.keys(ISSUE_TYPES));
  });

  it('lists exactly the escalation teams', () => {
    expect(enumOf('escalationTarget'), 'definitions.escalationTarget.enum must equal harness/issues/teams.ts').toEqual([...ESCALATION_TARGETS]);
  });

  it('lists every command a CSMS sends in either protocol', () => {
    expect(enumOf('csmsAction')).toEqual([...new Set([...OCPP16_CSMS_ACTIONS, ...OCPP201_CSMS_ACTIONS])].sort());
  });

  it('lists the connector statuses of both protocols and the model metrics', () => {
    expect([...enumOf('connectorStatus')].sort()).toEqual([...new Set(PROTOCOLS.flatMap((p) => CONNECTOR_STATUSES[p]))].sort());
    const metric = (definition('metricExpectation')['properties'] as Record<string, Json>)['metric'] as Json;
    const name = (metric['properties'] as Record<string, Json>)['name'] as Json;
    expect(name['enum']).toEqual(Object.keys(METRICS));
  });

  it('offers the ladder steps and ladder issue types of the catalogue, naming each default ladder', () => {
    expect((definition('ladder')['items'] as Json)['enum']).toEqual([...LADDER_STEPS]);
    const ladders = (definition('desk')['properties'] as Record<string, Json>)['ladders']?.['properties'] as Record<string, Json>;
    expect(Object.keys(ladders).sort()).toEqual([...LADDER_ISSUE_TYPES].sort());
    for (const [type, steps] of Object.entries(defaultLadders())) {
      expect(ladders[type]?.['description'], `desk.ladders.${type}`).toContain(`Default ${steps.join(', ') || 'none'}.`);
    }
  });

  it('offers only detector and desk settings their modules accept', () => {
    const sample = (property: Json): unknown => {
      if (property['$ref'] === '#/definitions/duration') return '1m';
      if (property['$ref'] === '#/definitions/ladder') return [];
      if (property['type'] === 'boolean') return true;
      if (property['type'] === 'string') return 'TAG';
      if (property['type'] === 'object') {
        const inner = (property['properties'] as Record<string, Json> | undefined) ?? {};
        return Object.fromEntries(Object.entries(inner).map(([key, value]) => [key, sample(value)]));
      }
      return property['maximum'] === 1 ? 0.5 : 1;
    };
    const everySetting = (name: string) =>
      Object.fromEntries(Object.entries(definition(name)['properties'] as Record<string, Json>).map(([key, value]) => [key, sample(value)]));
    expect(validateDetectorConfig(toConfigKeys(everySetting('detector'), 'detector'))).toEqual([]);
    expect(validatePlaybookConfig(toConfigKeys(everySetting('desk'), 'desk'))).toEqual([]);
  });
});
