/** 1.6 GetConfiguration / ChangeConfiguration over the station's configuration store. */
import type { CsmsAction16, Request16, Response16 } from '../../protocol/actions.js';
import { OcppError } from '../../protocol/errors.js';
import type { StationControl } from '../control.js';

type Handler16<A extends CsmsAction16> = (req: Request16<A>, control: StationControl) => Response16<A>;

const getConfiguration: Handler16<'GetConfiguration'> = (req, control) => {
  const { config } = control;
  const keys = req.key ?? [];
  // GetConfigurationMaxKeys bounds the keys one request may ask for; no keys asks for all of them.
  const maxKeys = config.integer('GetConfigurationMaxKeys', Number.POSITIVE_INFINITY);
  if (keys.length > maxKeys) {
    throw new OcppError('OccurrenceConstraintViolation', `GetConfiguration asks for ${keys.length} keys; GetConfigurationMaxKeys is ${maxKeys}`);
  }
  const entries = keys.length === 0 ? config.keys16() : keys.flatMap((k) => config.get16(k) ?? []);
  const result: Response16<'GetConfiguration'> = { configurationKey: entries.map((e) => ({ key: e.key, readonly: e.readonly, value: e.value })) };
  const unknownKey = keys.filter((k) => !config.get16(k));
  if (unknownKey.length > 0) result.unknownKey = unknownKey;
  return result;
};

/** Unknown key NotSupported; read-only or invalid value (by kind: integer >= 0, true/false, measurand list) Rejected. */
const changeConfiguration: Handler16<'ChangeConfiguration'> = (req, control) => {
  if (!control.config.get16(req.key)) return { status: 'NotSupported' };
  return { status: control.config.set(req.key, req.value) };
};

export const CONFIG_COMMANDS_16 = {
  GetConfiguration: getConfiguration,
  ChangeConfiguration: changeConfiguration,
} as const;
