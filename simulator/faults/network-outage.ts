/**
 * A network outage of one or more stations: each socket drops (the station keeps charging and keeps its
 * transaction messages in the offline queue) and stays down until the network returns after `durationS`
 * or a technician fixes it. On return each station reconnects after its own jitter, so a site coming back
 * is not a connect storm; the station then replays its queued transaction messages in order and re-sends
 * its connector statuses (no BootNotification: it never rebooted).
 */
import type { VirtualStation } from '../station/station.js';
import { deriveSeed, seededRandom } from '../random.js';
import { FaultHandle } from './handle.js';
import type { ActiveFault, ClearingRule, FaultContext, ResolvedTargets } from './types.js';

export interface NetworkOutageOptions {
  kind: string;
  durationS: number;
  /** False: the network never returns by itself. */
  recovers: boolean;
  /** Each station reconnects up to this many simulated seconds after the network returns. */
  reconnectJitterS: number;
  clearingRule: ClearingRule;
}

export function injectNetworkOutage(targets: ResolvedTargets, ctx: FaultContext, options: NetworkOutageOptions): ActiveFault {
  const stations = targets.stations;
  const random = ctx.random ?? seededRandom(deriveSeed(seedOf(stations.map((s) => s.id).join(',')), 7));
  const handle = new FaultHandle({
    kind: options.kind,
    targets: { stations, connectorId: undefined },
    clearingRule: options.clearingRule,
    clock: ctx.clock,
    restore: () => {
      for (const station of stations) {
        ctx.clock.setTimeout(() => reconnect(station), options.reconnectJitterS * 1_000 * random()).unref();
      }
    },
  });
  for (const station of stations) station.transport.drop({ reconnect: false });
  if (options.recovers) handle.after(options.durationS * 1_000, () => handle.clear('network-recovered'));
  return handle;
}

function reconnect(station: VirtualStation): void {
  // A station stopped meanwhile refuses to connect; nothing to do then.
  if (station.transport.state === 'idle') station.transport.connect().catch(() => {});
}

function seedOf(text: string): number {
  let hash = 2_166_136_261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16_777_619);
  return hash >>> 0;
}
