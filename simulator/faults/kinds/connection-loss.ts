/** Connection loss of one station: the socket drops and the network returns after `durationS`, or never. */
import { injectNetworkOutage } from '../network-outage.js';
import { flag, wholeNumber } from '../params.js';
import type { FaultDefinition } from '../types.js';

export interface ConnectionLossParams {
  durationS: number;
  recovers: boolean;
}

export const connectionLossFault: FaultDefinition<ConnectionLossParams> = {
  kind: 'connection-loss',
  description:
    'The socket drops. Sessions go on; transaction messages wait in the offline queue and replay in order when the network ' +
    'returns after durationS (no new BootNotification), followed by the current connector statuses.',
  protocols: ['ocpp1.6', 'ocpp2.0.1'],
  scope: 'station',
  minStations: 1,
  params: {
    durationS: wholeNumber({ min: 1, default: 600, description: 'Simulated seconds until the network returns by itself.' }),
    recovers: flag({ default: true, description: 'False: the network never returns by itself and only a technician visit clears it.' }),
  },
  clearedBy: (params) => ({
    remote: [],
    technician: true,
    time: params.recovers,
    owner: 'field-service',
    summary: params.recovers ? `the network returns after ${params.durationS} s` : 'the network never returns: a field visit is needed',
  }),
  inject: (targets, params, ctx) =>
    injectNetworkOutage(targets, ctx, {
      kind: 'connection-loss',
      durationS: params.durationS,
      recovers: params.recovers,
      reconnectJitterS: 0,
      clearingRule: connectionLossFault.clearedBy(params),
    }),
};
