/**
 * Authorization failures: a driver tries a refused card again and again. The CSMS's token rules give the
 * answer (Invalid, Blocked, Expired): configure the token as refused there. On several stations at once
 * (across sites) it is what a network-wide authorization failure looks like.
 */
import { FaultHandle } from '../handle.js';
import { token, wholeNumber } from '../params.js';
import { runAttempts } from '../session-attempts.js';
import type { FaultDefinition } from '../types.js';

export interface AuthorizationFailuresParams {
  attempts: number;
  spacingS: number;
  idTag: string;
}

/** Charging time if the CSMS unexpectedly accepts the token: a normal session. */
const ACCEPTED_SESSION_S = 1_200;

export const authorizationFailuresFault: FaultDefinition<AuthorizationFailuresParams> = {
  kind: 'authorization-failures',
  description:
    'A driver plugs in and presents the same token attempts times, spacingS apart, on every target station; each Authorize is ' +
    "answered by the CSMS's token rules (Invalid/Blocked/Expired) and the connector returns to Available.",
  protocols: ['ocpp1.6', 'ocpp2.0.1'],
  scope: 'stations',
  minStations: 1,
  params: {
    attempts: wholeNumber({ min: 1, default: 3, description: 'Authorize attempts per station.' }),
    spacingS: wholeNumber({ min: 1, default: 60, description: 'Simulated seconds between two attempts.' }),
    idTag: token({ default: 'BLOCKED-0001', description: 'The token presented; the CSMS must refuse it.' }),
  },
  clearedBy: () => ({
    remote: [],
    technician: false,
    time: true,
    owner: 'tier-1',
    summary: 'a user or account problem: Tier 1 fixes the account; the attempts stop after the last one',
  }),
  inject(targets, params, ctx) {
    const handle = new FaultHandle({
      kind: 'authorization-failures',
      targets,
      clearingRule: authorizationFailuresFault.clearedBy(params),
      clock: ctx.clock,
    });
    const plan = { idTag: params.idTag, durationS: ACCEPTED_SESSION_S, ...(targets.connectorId !== undefined && { connectorId: targets.connectorId }) };
    void runAttempts(handle, targets.stations, { count: params.attempts, spacingS: params.spacingS, plan }).then(() => handle.clear('finished'));
    return handle;
  },
};
