/** Site uplink outage: every station of a site drops at once; the site's network returns after `durationS`, or needs IT. */
import { injectNetworkOutage } from '../network-outage.js';
import { flag, wholeNumber } from '../params.js';
import type { FaultDefinition } from '../types.js';

export interface SiteUplinkOutageParams {
  durationS: number;
  recovers: boolean;
  reconnectJitterS: number;
}

export const siteUplinkOutageFault: FaultDefinition<SiteUplinkOutageParams> = {
  kind: 'site-uplink-outage',
  description:
    "The site's uplink fails: every target station (a site's stations) drops at the same moment. When the network returns each " +
    'station reconnects after its own jitter and replays its queued transaction messages.',
  protocols: ['ocpp1.6', 'ocpp2.0.1'],
  scope: 'stations',
  minStations: 1,
  params: {
    durationS: wholeNumber({ min: 1, default: 1_800, description: "Simulated seconds until the site's network returns by itself." }),
    recovers: flag({ default: true, description: 'False: the uplink stays down until network/IT fixes it (a technician visit).' }),
    reconnectJitterS: wholeNumber({
      min: 0,
      default: 30,
      description: 'Each station reconnects up to this many simulated seconds after the network returns, as real chargers spread out.',
    }),
  },
  clearedBy: (params) => ({
    remote: [],
    technician: true,
    time: params.recovers,
    owner: 'network-it',
    summary: params.recovers ? `the site's network returns after ${params.durationS} s` : 'the uplink stays down until network/IT fixes it on site',
  }),
  inject: (targets, params, ctx) =>
    injectNetworkOutage(targets, ctx, {
      kind: 'site-uplink-outage',
      durationS: params.durationS,
      recovers: params.recovers,
      reconnectJitterS: params.reconnectJitterS,
      clearingRule: siteUplinkOutageFault.clearedBy(params),
    }),
};
