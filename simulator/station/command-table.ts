/**
 * The CSMS commands a station answers: one table per protocol and set of advertised feature profiles, built once and
 * shared by every such station. A handler takes the station (its StationControl and dialect) as arguments, so a
 * station holds no closure per action; an action of a profile it does not advertise is answered CALLERROR
 * NotSupported (feature-profiles.ts).
 */
import { OcppError } from '../protocol/errors.js';
import type { JsonObject } from '../protocol/frames.js';
import type { OcppProtocol } from '../protocol/versions.js';
import { COMMANDS_16 } from './commands/ocpp16.js';
import { COMMANDS_201 } from './commands/ocpp201.js';
import type { StationControl } from './control.js';
import type { StationDialect } from './dialect.js';
import { profileOf, type FeatureProfiles } from './feature-profiles.js';

/**
 * One action's answer. The transport validated the payload against the action's schema before it calls a handler
 * (TransportOptions.validate, off only for fuzzing), so each handler may read its own request type.
 */
export type StationCommand = (payload: JsonObject, control: StationControl, dialect: StationDialect) => JsonObject | Promise<JsonObject>;

/** By protocol and advertised profiles (`ocpp1.6 Core,SmartCharging`). */
const tables = new Map<string, ReadonlyMap<string, StationCommand>>();

/** Every action a station of `protocol` with these profiles has a handler for, the unadvertised ones refusing. */
export function commandTable(protocol: OcppProtocol, profiles: FeatureProfiles): ReadonlyMap<string, StationCommand> {
  const id = `${protocol} ${profiles.toCsl()}`;
  let table = tables.get(id);
  if (table === undefined) {
    const handlers = protocol === 'ocpp1.6' ? COMMANDS_16 : COMMANDS_201;
    table = new Map(
      Object.entries(handlers).map(([action, handler]) => [
        action,
        profiles.advertises(protocol, action) ? (handler as unknown as StationCommand) : notSupported(protocol, action),
      ]),
    );
    tables.set(id, table);
  }
  return table;
}

function notSupported(protocol: OcppProtocol, action: string): StationCommand {
  const profile = profileOf(protocol, action);
  return () => {
    throw new OcppError('NotSupported', `${action} belongs to feature profile ${profile}, which this station does not support`);
  };
}
