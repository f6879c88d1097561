/**
 * PowerLoss resets: the site's supply drops `count` times, `spacingS` apart. Each time running sessions
 * stop with reason PowerLoss (replayed after the boot, since the socket dies with the power), the socket
 * drops, and the station boots again (2.0.1 reason PowerUp). Site power, not the charger: no command helps.
 */
import type { VirtualStation } from '../../station/station.js';
import { FaultHandle } from '../handle.js';
import { wholeNumber } from '../params.js';
import type { FaultDefinition } from '../types.js';

export interface PowerLossResetsParams {
  count: number;
  spacingS: number;
}

export const powerLossResetsFault: FaultDefinition<PowerLossResetsParams> = {
  kind: 'power-loss-resets',
  description:
    'The station loses power count times, spacingS apart (the first at once): sessions stop with PowerLoss, the socket drops, ' +
    'and it boots again (2.0.1 BootNotification reason PowerUp). It ends after the last one, or earlier when an electrician fixes the supply.',
  protocols: ['ocpp1.6', 'ocpp2.0.1'],
  scope: 'station',
  minStations: 1,
  params: {
    count: wholeNumber({ min: 1, default: 3, description: 'How many power losses.' }),
    spacingS: wholeNumber({ min: 1, default: 600, description: 'Simulated seconds between two power losses.' }),
  },
  clearedBy: () => ({
    remote: [],
    technician: true,
    time: true,
    owner: 'site-electrician',
    summary: 'site power: an electrician fixes the supply; no remote command helps',
  }),
  inject(targets, params, ctx) {
    const station = targets.stations[0] as VirtualStation;
    const handle = new FaultHandle({
      kind: 'power-loss-resets',
      targets: { stations: [station], connectorId: undefined },
      clearingRule: powerLossResetsFault.clearedBy(params),
      clock: ctx.clock,
    });
    const loseSupply = (done: number) => {
      station.powerCycle();
      if (done + 1 >= params.count) handle.clear('finished');
      else handle.after(params.spacingS * 1_000, () => loseSupply(done + 1));
    };
    loseSupply(0);
    return handle;
  },
};
