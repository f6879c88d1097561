/**
 * Notifications whose answer is an empty object in the schema. The message log keeps their content;
 * nothing else in the CSMS needs them yet.
 */
import type { Response16, Response201, StationAction16, StationAction201 } from '../../../../simulator/protocol/actions.js';
import { defineHandler16, defineHandler201 } from '../handler.js';
import type { ActionHandler } from '../handler.js';

/** Station actions whose response may be `{}`. */
type Acknowledged16 = { [A in StationAction16]: object extends Response16<A> ? A : never }[StationAction16];
type Acknowledged201 = { [A in StationAction201]: object extends Response201<A> ? A : never }[StationAction201];

export function acknowledge16(action: Acknowledged16): ActionHandler<'ocpp1.6'> {
  return defineHandler16(action, () => ({}));
}

export function acknowledge201(action: Acknowledged201): ActionHandler<'ocpp2.0.1'> {
  return defineHandler201(action, () => ({}));
}
