/**
 * Repeated failed sessions: `count` sessions on one charger that fail in the way operators count as
 * failed: shorter than two minutes (the EV disconnects) or delivering no energy (the EV never draws).
 */
import { FaultHandle } from '../handle.js';
import { oneOf, token, wholeNumber } from '../params.js';
import { runAttempts } from '../session-attempts.js';
import type { FaultDefinition } from '../types.js';

export type FailedSessionMode = 'short' | 'no-energy';

export interface RepeatedFailedSessionsParams {
  count: number;
  spacingS: number;
  mode: FailedSessionMode;
  shortSessionS: number;
  idTag: string;
}

/** A no-energy session lasts long enough not to be short as well: only the energy gives it away. */
const NO_ENERGY_SESSION_S = 600;

export const repeatedFailedSessionsFault: FaultDefinition<RepeatedFailedSessionsParams> = {
  kind: 'repeated-failed-sessions',
  description:
    'count sessions, spacingS apart, that fail: "short" ones end after shortSessionS because the EV disconnects; "no-energy" ones ' +
    'run 10 minutes with the EV drawing nothing (0 Wh).',
  protocols: ['ocpp1.6', 'ocpp2.0.1'],
  scope: 'connector',
  minStations: 1,
  params: {
    count: wholeNumber({ min: 1, default: 3, description: 'How many failed sessions.' }),
    spacingS: wholeNumber({ min: 1, default: 600, description: 'Simulated seconds between the starts of two sessions.' }),
    mode: oneOf<FailedSessionMode>(['short', 'no-energy'], { default: 'short', description: 'How each session fails.' }),
    shortSessionS: wholeNumber({ min: 1, default: 60, description: 'Charging time of a short session, simulated seconds (failed if < 120).' }),
    idTag: token({ default: 'DRIVER-0002', description: "The drivers' token (accepted by the CSMS)." }),
  },
  clearedBy: () => ({
    remote: [],
    technician: false,
    time: true,
    owner: 'tier-2',
    summary: 'configuration, connectivity or firmware instability: Tier 2 investigates; ends after the last session',
  }),
  inject(targets, params, ctx) {
    const handle = new FaultHandle({
      kind: 'repeated-failed-sessions',
      targets,
      clearingRule: repeatedFailedSessionsFault.clearedBy(params),
      clock: ctx.clock,
    });
    const plan =
      params.mode === 'short'
        ? { idTag: params.idTag, durationS: params.shortSessionS, stopReason: 'EVDisconnected' as const, unplugAfterS: 0 }
        : { idTag: params.idTag, durationS: NO_ENERGY_SESSION_S, powerW: 0 };
    const withConnector = { ...plan, ...(targets.connectorId !== undefined && { connectorId: targets.connectorId }) };
    void runAttempts(handle, targets.stations, { count: params.count, spacingS: params.spacingS, plan: withConnector }).then(() =>
      handle.clear('finished'),
    );
    return handle;
  },
};
