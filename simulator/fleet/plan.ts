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
  /**
   * Deals only the stations of shard `index` of `count` (0-based): the run index `r` (0 ..
   * stations-1) goes to shard `r % count`, so the stations online at any stage target are the same union.
   */
  shard?: { index: number; count: number };
  /**
   * Plan index of the run's first station (default 0): the fleet is stations `firstStation ..` of a larger
   * plan with the same sites, so ids, seeds and tokens do not meet those of a fleet that ends before it.
   */
  firstStation?: number;
  /** Put before every station and site id (`east-` gives `east-S1-CP1` at site `east-S1`); default none. */
  idPrefix?: string;
}

/** What an id prefix may hold: it becomes part of every station's URL path. */
export const ID_PREFIX_PATTERN = /^[A-Za-z0-9._-]{1,16}$/;

export interface PlannedStation {
  /** Plan index (`firstStation` + run index): what the id, seed and tokens derive from. */
  index: number;
  id: string;
  siteId: string;
  protocol: OcppProtocol;
  seed: number;
  /** The station's own drivers' tokens, disjoint from every other station's; derived on first read (an idle fleet never reads them). */
  readonly tokens: IdToken[];
}

/** What a station's tokens derive from besides its own index, seed and protocol: the same for the whole plan. */
interface TokenSource {
  readonly fleetSeed: number;
  readonly count: number;
}

class Planned implements PlannedStation {
  // Private fields: out of sight of equality checks and spreads, like a cache should be.
  readonly #source: TokenSource;
  #tokens: IdToken[] | undefined;

  constructor(
    readonly index: number,
    readonly id: string,
    readonly siteId: string,
    readonly protocol: OcppProtocol,
    readonly seed: number,
    source: TokenSource,
  ) {
    this.#source = source;
  }

  get tokens(): IdToken[] {
    const { fleetSeed, count } = this.#source;
    return (this.#tokens ??= stationTokens({ fleetSeed, index: this.index, stationSeed: this.seed, protocol: this.protocol, count }));
  }
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
  const first = options.firstStation ?? 0;
  if (!Number.isInteger(first) || first < 0) throw new RangeError(`firstStation must be a whole number >= 0, got ${first}`);
  const prefix = options.idPrefix ?? '';
  if (prefix !== '' && !ID_PREFIX_PATTERN.test(prefix)) throw new RangeError(`idPrefix must be 1 to 16 of A-Z a-z 0-9 . _ -, got ${JSON.stringify(prefix)}`);
  const { shard } = options;
  if (shard && !(Number.isInteger(shard.count) && shard.count >= 1 && Number.isInteger(shard.index) && shard.index >= 0 && shard.index < shard.count)) {
    throw new RangeError(`shard must be a whole index from 0 to count - 1 of a whole count >= 1, got ${shard.index} of ${shard.count}`);
  }
  const tokenSource: TokenSource = { fleetSeed: seed, count: connectors * TOKENS_PER_CONNECTOR };
  const planned: PlannedStation[] = [];
  for (let run = 0; run < stations; run++) {
    if (shard && run % shard.count !== shard.index) continue;
    const index = first + run;
    const site = siteNumberOf(index, sites);
    const number = Math.floor(index / sites) + 1;
    // 'mix' alternates, so a mixed fleet is exactly half 1.6 and half 2.0.1.
    const stationProtocol = protocol === 'mix' ? (index % 2 === 0 ? 'ocpp1.6' : 'ocpp2.0.1') : protocol;
    const stationSeed = deriveSeed(seed, index);
    planned.push(new Planned(index, prefix + stationId(site, number), prefix + siteId(site), stationProtocol, stationSeed, tokenSource));
  }
  return planned;
}
