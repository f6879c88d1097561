/**
 * Who is in a fleet: station ids, sites, protocols and seeds, all derived from the fleet seed so the
 * same options always give the same fleet. Ids are `S<site>-CP<n>`; stations are dealt to sites in turn.
 */
import type { IdToken } from '../protocol/id-tokens.js';
import type { OcppProtocol } from '../protocol/versions.js';
import { deriveSeed } from '../random.js';
import { siteId, stationId } from '../vocabulary/site.js';
import { stationTokens, TOKENS_PER_CONNECTOR } from './token-pool.js';

export type ProtocolChoice = OcppProtocol | 'mix';

export interface FleetPlanOptions {
  stations: number;
  sites: number;
  protocol: ProtocolChoice;
  seed: number;
  /** Connectors per station (default 2): each station gets TOKENS_PER_CONNECTOR tokens per connector. */
  connectors?: number;
  /** Deals only the stations of shard `index` of `count` (0-based), by a stable partition of ids. */
  shard?: { index: number; count: number };
}

export interface PlannedStation {
  index: number;
  id: string;
  siteId: string;
  protocol: OcppProtocol;
  seed: number;
  /** The station's own drivers' tokens, disjoint from every other station's. */
  tokens: IdToken[];
}

export const PLAN_DEFAULTS = { connectors: 2 } as const;

/** The site (1-based) the station at `index` is dealt to: stations go to sites in turn. */
export function siteNumberOf(index: number, sites: number): number {
  return (index % sites) + 1;
}

export function planFleet(options: FleetPlanOptions): PlannedStation[] {
  const { stations, sites, protocol, seed } = options;
  if (!Number.isInteger(stations) || stations < 1) throw new RangeError(`stations must be a whole number >= 1, got ${stations}`);
  if (!Number.isInteger(sites) || sites < 1 || sites > stations) {
    throw new RangeError(`sites must be a whole number from 1 to the number of stations (${stations}), got ${sites}`);
  }
  const connectors = options.connectors ?? PLAN_DEFAULTS.connectors;
  if (!Number.isInteger(connectors) || connectors < 1) throw new RangeError(`connectors must be a whole number >= 1, got ${connectors}`);
  const tokensPerStation = connectors * TOKENS_PER_CONNECTOR;
  const planned: PlannedStation[] = [];
  for (let index = 0; index < stations; index++) {
    if (options.shard && index % options.shard.count !== options.shard.index) continue;
    const site = siteNumberOf(index, sites);
    const number = Math.floor(index / sites) + 1;
    // 'mix' alternates, so a mixed fleet is exactly half 1.6 and half 2.0.1.
    const stationProtocol = protocol === 'mix' ? (index % 2 === 0 ? 'ocpp1.6' : 'ocpp2.0.1') : protocol;
    const stationSeed = deriveSeed(seed, index);
    planned.push({
      index,
      id: stationId(site, number),
      siteId: siteId(site),
      protocol: stationProtocol,
      seed: stationSeed,
      tokens: stationTokens({ fleetSeed: seed, index, stationSeed, protocol: stationProtocol, count: tokensPerStation }),
    });
  }
  return planned;
}
