/**
 * Valid station→CSMS payloads per version, with the fields a schema-violation case may break: required
 * fields to leave out, fields to give a value of the wrong type, enum fields to give a value out of range.
 * Paths are dotted (`chargingStation.model`).
 */
import type { JsonObject } from '../../simulator/protocol/frames.js';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import { pick } from './case.js';

export type Mutation = 'wrong-type' | 'missing-field' | 'extra-field' | 'bad-enum';

export interface PayloadTemplate {
  action: string;
  valid: () => JsonObject;
  required: readonly string[];
  /** Field and a value of the wrong JSON type for it. */
  wrongTypes: readonly (readonly [string, unknown])[];
  enums: readonly string[];
  mutations: readonly Mutation[];
}

const now = (): string => new Date().toISOString();

function template(t: Omit<PayloadTemplate, 'mutations'>): PayloadTemplate {
  const mutations: Mutation[] = ['extra-field'];
  if (t.required.length > 0) mutations.push('missing-field');
  if (t.wrongTypes.length > 0) mutations.push('wrong-type');
  if (t.enums.length > 0) mutations.push('bad-enum');
  return { ...t, mutations };
}

export const PAYLOAD_TEMPLATES: Record<OcppProtocol, readonly PayloadTemplate[]> = {
  'ocpp1.6': [
    template({
      action: 'BootNotification',
      valid: () => ({ chargePointVendor: 'Fuzz', chargePointModel: 'FZ-1' }),
      required: ['chargePointVendor', 'chargePointModel'],
      wrongTypes: [['chargePointVendor', 42], ['chargePointModel', true], ['firmwareVersion', 1.5]],
      enums: [],
    }),
    template({ action: 'Heartbeat', valid: () => ({}), required: [], wrongTypes: [], enums: [] }),
    template({
      action: 'StatusNotification',
      valid: () => ({ connectorId: 1, errorCode: 'NoError', status: 'Available' }),
      required: ['connectorId', 'errorCode', 'status'],
      wrongTypes: [['connectorId', 'one'], ['status', 3], ['errorCode', null], ['timestamp', 17]],
      enums: ['errorCode', 'status'],
    }),
    template({
      action: 'Authorize',
      valid: () => ({ idTag: 'FUZZ0001' }),
      required: ['idTag'],
      wrongTypes: [['idTag', 12_345], ['idTag', ['FUZZ']]],
      enums: [],
    }),
    template({
      action: 'StartTransaction',
      valid: () => ({ connectorId: 1, idTag: 'FUZZ0001', meterStart: 0, timestamp: now() }),
      required: ['connectorId', 'idTag', 'meterStart', 'timestamp'],
      wrongTypes: [['meterStart', '0'], ['timestamp', 17], ['connectorId', { id: 1 }]],
      enums: [],
    }),
  ],
  'ocpp2.0.1': [
    template({
      action: 'BootNotification',
      valid: () => ({ reason: 'PowerUp', chargingStation: { model: 'FZ-1', vendorName: 'Fuzz' } }),
      required: ['reason', 'chargingStation', 'chargingStation.model', 'chargingStation.vendorName'],
      wrongTypes: [['chargingStation', 'FZ-1'], ['chargingStation.model', 5], ['reason', false]],
      enums: ['reason'],
    }),
    template({ action: 'Heartbeat', valid: () => ({}), required: [], wrongTypes: [], enums: [] }),
    template({
      action: 'StatusNotification',
      valid: () => ({ timestamp: now(), connectorStatus: 'Available', evseId: 1, connectorId: 1 }),
      required: ['timestamp', 'connectorStatus', 'evseId', 'connectorId'],
      wrongTypes: [['evseId', '1'], ['timestamp', 0], ['connectorId', [1]]],
      enums: ['connectorStatus'],
    }),
    template({
      action: 'Authorize',
      valid: () => ({ idToken: { idToken: 'AABBCCDD', type: 'ISO14443' } }),
      required: ['idToken', 'idToken.idToken', 'idToken.type'],
      wrongTypes: [['idToken.idToken', 7], ['idToken', 'AABBCCDD']],
      enums: ['idToken.type'],
    }),
  ],
};

/** A copy of the template's valid payload broken by `mutation`, the field chosen by `random`. */
export function mutate(t: PayloadTemplate, mutation: Mutation, random: () => number): JsonObject {
  const payload = t.valid();
  switch (mutation) {
    case 'missing-field':
      remove(payload, pick(random, t.required));
      break;
    case 'wrong-type': {
      const [path, value] = pick(random, t.wrongTypes);
      set(payload, path, value);
      break;
    }
    case 'bad-enum':
      set(payload, pick(random, t.enums), pick(random, ['Fuzzed', 'available', '', 'ACCEPTED', 'NoError ']));
      break;
    case 'extra-field':
      payload[`fuzzExtra${Math.floor(random() * 1_000)}`] = pick(random, [1, 'x', true, {}, []]);
      break;
  }
  return payload;
}

function parentOf(payload: JsonObject, path: string): [JsonObject, string] {
  const keys = path.split('.');
  let node = payload;
  for (const key of keys.slice(0, -1)) node = node[key] as JsonObject;
  return [node, keys[keys.length - 1] as string];
}

function set(payload: JsonObject, path: string, value: unknown): void {
  const [node, key] = parentOf(payload, path);
  node[key] = value;
}

function remove(payload: JsonObject, path: string): void {
  const [node, key] = parentOf(payload, path);
  delete node[key];
}
