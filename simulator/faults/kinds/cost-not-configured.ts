/**
 * Cost not configured: a driver with a valid token tries to charge at a site the CSMS has no tariff for.
 * The CSMS refuses the start (1.6 StartTransaction idTagInfo Blocked, 2.0.1 NotAtThisLocation) and the
 * station ends the transaction with DeAuthorized. Configure the site without a tariff in the CSMS.
 */
import { FaultHandle } from '../handle.js';
import { token, wholeNumber } from '../params.js';
import { runAttempts } from '../session-attempts.js';
import type { FaultDefinition } from '../types.js';

export interface CostNotConfiguredParams {
  attempts: number;
  spacingS: number;
  idTag: string;
  sessionS: number;
}

export const costNotConfiguredFault: FaultDefinition<CostNotConfiguredParams> = {
  kind: 'cost-not-configured',
  description:
    'Sessions with a valid token at a site without a tariff: Authorize is Accepted, the CSMS refuses the transaction start ' +
    '(1.6 Blocked, 2.0.1 NotAtThisLocation) and the station stops it with DeAuthorized.',
  protocols: ['ocpp1.6', 'ocpp2.0.1'],
  scope: 'stations',
  minStations: 1,
  params: {
    attempts: wholeNumber({ min: 1, default: 1, description: 'Session attempts per station.' }),
    spacingS: wholeNumber({ min: 1, default: 120, description: 'Simulated seconds between two attempts.' }),
    idTag: token({ default: 'DRIVER-0001', description: 'A token the CSMS accepts.' }),
    sessionS: wholeNumber({ min: 1, default: 1_200, description: 'Charging time should the CSMS let the session run after all.' }),
  },
  clearedBy: () => ({
    remote: [],
    technician: false,
    time: true,
    owner: 'tier-2',
    summary: 'a CSMS configuration fix (a tariff for the site); the attempts stop after the last one',
  }),
  inject(targets, params, ctx) {
    const handle = new FaultHandle({
      kind: 'cost-not-configured',
      targets,
      clearingRule: costNotConfiguredFault.clearedBy(params),
      clock: ctx.clock,
    });
    const plan = { idTag: params.idTag, durationS: params.sessionS, ...(targets.connectorId !== undefined && { connectorId: targets.connectorId }) };
    void runAttempts(handle, targets.stations, { count: params.attempts, spacingS: params.spacingS, plan }).then(() => handle.clear('finished'));
    return handle;
  },
};
