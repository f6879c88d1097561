/**
 * Heartbeat loss: a modem hang or half-open socket. The socket stays open but the heartbeats stop; when
 * the station is unreachable as well, CSMS commands go unanswered (they time out on the CSMS side).
 */
import type { VirtualStation } from '../../station/station.js';
import { holdBehaviour } from '../behaviour-lease.js';
import { commandWatcher } from '../commands.js';
import { FaultHandle } from '../handle.js';
import { flag } from '../params.js';
import type { FaultDefinition } from '../types.js';

export interface HeartbeatLossParams {
  reachable: boolean;
}

export const heartbeatLossFault: FaultDefinition<HeartbeatLossParams> = {
  kind: 'heartbeat-loss',
  description:
    'Heartbeats stop while the socket stays open (modem hang, half-open socket). If the station is still reachable a hard reset ' +
    '(1.6 Reset Hard, 2.0.1 Reset Immediate) revives it after the reboot; if not, commands go unanswered and only a power cycle on site helps.',
  protocols: ['ocpp1.6', 'ocpp2.0.1'],
  scope: 'station',
  minStations: 1,
  params: {
    reachable: flag({
      default: true,
      description: 'Whether CSMS commands still reach the station (true) or go unanswered like the heartbeats (false).',
    }),
  },
  clearedBy: (params) => ({
    remote: params.reachable ? ['hard-reset'] : [],
    technician: true,
    time: false,
    owner: 'field-service',
    summary: params.reachable ? 'a hard reset revives the modem' : 'unreachable: only a power cycle on site clears it',
  }),
  inject(targets, params, ctx) {
    const station = targets.stations[0] as VirtualStation;
    const releases = [holdBehaviour(station.behaviour, 'heartbeatMuted')];
    if (!params.reachable) releases.push(holdBehaviour(station.behaviour, 'ignoreCommands'));
    const handle = new FaultHandle({
      kind: 'heartbeat-loss',
      targets: { stations: [station], connectorId: undefined },
      clearingRule: heartbeatLossFault.clearedBy(params),
      clock: ctx.clock,
      restore: () => releases.forEach((release) => release()),
    });
    let hardResetAccepted = false;
    handle.listen(
      station,
      'command',
      commandWatcher(station, (command) => {
        if (command.type === 'reset' && command.level === 'hard') hardResetAccepted = true;
      }),
    );
    // The reboot power-cycles the modem: the fault is gone once the station is back.
    handle.listen(station, 'booted', (status) => {
      if (status === 'Accepted' && hardResetAccepted) handle.clear('remote-hard-reset');
    });
    return handle;
  },
};
