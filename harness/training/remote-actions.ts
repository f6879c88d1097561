/**
 * A trainee's remote action in the words a console offers (`Reset {type: Soft|Hard}`, `UnlockConnector`,
 * `ChangeAvailability {type: Inoperative|Operative}`, `TriggerMessage {requestedMessage}`), spelled as the
 * OCPP request of the station's version by the playbook's own command builder (station-commands.ts), with the
 * ladder rung it is. Any other action goes out as given: `params` is then its OCPP payload, checked by the CSMS.
 */
import type { Problem } from '../../simulator/problems.js';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import { evseOfConnector } from '../../simulator/vocabulary/evse.js';
import { commandFor } from '../playbook/station-commands.js';
import type { RemoteStep } from './drill-plan.js';

export const GUIDED_ACTIONS = ['Reset', 'UnlockConnector', 'ChangeAvailability', 'TriggerMessage'] as const;

const RESET_TYPES: Record<string, 'soft-reset' | 'hard-reset'> = { Soft: 'soft-reset', OnIdle: 'soft-reset', Hard: 'hard-reset', Immediate: 'hard-reset' };
const AVAILABILITY = ['Inoperative', 'Operative'] as const;

export interface BuiltAction {
  action: string;
  payload: Record<string, unknown>;
  step?: RemoteStep;
}

export type BuildResult = { ok: true; built: BuiltAction } | { ok: false; problems: Problem[] };

export function buildRemoteAction(action: string, params: Record<string, unknown>, protocol: OcppProtocol, connectorId: number): BuildResult {
  const ref = { connectorId };
  const v16 = protocol === 'ocpp1.6';
  const refuse = (key: string, allowed: string[]): BuildResult => ({
    ok: false,
    problems: [{ path: `/params/${key}`, message: params[key] === undefined ? 'is required' : `${JSON.stringify(params[key])} is not allowed`, allowed }],
  });
  switch (action) {
    case 'Reset': {
      const type = params['type'] ?? 'Soft';
      const step = typeof type === 'string' ? RESET_TYPES[type] : undefined;
      if (step === undefined) return refuse('type', Object.keys(RESET_TYPES));
      return { ok: true, built: { ...(commandFor(step, protocol, ref) as BuiltAction), step } };
    }
    case 'UnlockConnector':
      return { ok: true, built: { ...(commandFor('unlock-connector', protocol, ref) as BuiltAction), step: 'unlock-connector' } };
    case 'TriggerMessage': {
      const requested = params['requestedMessage'] ?? 'StatusNotification';
      if (typeof requested !== 'string' || requested.length === 0) return refuse('requestedMessage', ['an OCPP message name, e.g. StatusNotification']);
      if (requested === 'StatusNotification') return { ok: true, built: { ...(commandFor('trigger-status', protocol, ref) as BuiltAction), step: 'trigger-status' } };
      return { ok: true, built: { action, payload: { requestedMessage: requested } } };
    }
    case 'ChangeAvailability': {
      const type = params['type'] ?? params['operationalStatus'];
      if (typeof type !== 'string' || !(AVAILABILITY as readonly string[]).includes(type)) return refuse(params['type'] === undefined && params['operationalStatus'] !== undefined ? 'operationalStatus' : 'type', [...AVAILABILITY]);
      if (type === 'Inoperative') return { ok: true, built: { ...(commandFor('make-inoperative', protocol, ref) as BuiltAction), step: 'make-inoperative' } };
      const payload = v16 ? { connectorId, type } : { operationalStatus: type, evse: evseOfConnector(connectorId) };
      return { ok: true, built: { action, payload } };
    }
    default:
      return { ok: true, built: { action, payload: params } };
  }
}
