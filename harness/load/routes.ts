/**
 * Where each station of a load run connects: which of several CSMS URLs (round-robin by station index, or
 * by site so a site's stations share one URL) and from which local source address (round-robin by index).
 * A station keeps both for the whole run: its transport is built once, and reconnects reuse it.
 */
import type { FleetOptions } from '../../simulator/fleet/fleet.js';
import { siteNumberOf } from '../../simulator/fleet/plan.js';
import type { PortGroup, PortRange } from './limits.js';

export const URL_STRATEGIES = ['round-robin', 'by-site'] as const;
export type UrlStrategy = (typeof URL_STRATEGIES)[number];

export interface Routing {
  /** Target base URLs; at least one. */
  urls: string[];
  urlStrategy: UrlStrategy;
  /** Local addresses to connect from; empty: the kernel chooses. */
  sourceAddresses: string[];
  /** Sites of the fleet (by-site routing deals by site). */
  sites: number;
}

export function urlIndexOf(routing: Routing, index: number): number {
  const slot = routing.urlStrategy === 'by-site' ? siteNumberOf(index, routing.sites) - 1 : index;
  return slot % routing.urls.length;
}

export function urlOf(routing: Routing, index: number): string {
  return routing.urls[urlIndexOf(routing, index)] as string;
}

export function sourceAddressOf(routing: Routing, index: number): string | undefined {
  const { sourceAddresses } = routing;
  return sourceAddresses.length === 0 ? undefined : sourceAddresses[index % sourceAddresses.length];
}

/** `host:port` of a ws(s) URL, with the scheme's default port spelled out. */
export function destinationOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || (parsed.protocol === 'wss:' ? '443' : '80')}`;
}

/**
 * The pools of ephemeral ports `stations` connections draw on. A socket bound to a source address takes a port
 * of that address for every target (bind() reserves it before connect), so bound connections count per source
 * address; unbound ones may reuse a port towards another destination, so they count per destination.
 */
export function portGroups(routing: Routing, stations: number): PortGroup[] {
  const counts = new Map<string, number>();
  const bound = routing.sourceAddresses.length > 0;
  const destinations = routing.urls.map(destinationOf);
  for (let index = 0; index < stations; index++) {
    const key = bound ? (sourceAddressOf(routing, index) as string) : (destinations[urlIndexOf(routing, index)] as string);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, connections]) => (bound ? { from: key, connections } : { to: key, connections }));
}

/** The routing of a load run's options: `urls` (or the one `url`; none for the bundled CSMS), strategy, addresses. */
export function routingOf(options: { url?: string; urls?: string[]; urlStrategy?: UrlStrategy; sourceAddresses?: string[]; sites: number }): Routing {
  return {
    urls: options.urls !== undefined && options.urls.length > 0 ? options.urls : options.url !== undefined ? [options.url] : [],
    urlStrategy: options.urlStrategy ?? 'round-robin',
    sourceAddresses: options.sourceAddresses ?? [],
    sites: options.sites,
  };
}

/**
 * The local port of a station's first connection from its source address: the stations of one address in plan
 * order from the bottom of the ephemeral range, so every station of a run (whatever its shard) has its own address and
 * port and the kernel need not search for one (see TransportOptions.localPort). Undefined past the range's top.
 */
export function firstLocalPortOf(routing: Routing, index: number, range: PortRange): number | undefined {
  const port = range.low + Math.floor(index / routing.sourceAddresses.length);
  return port <= range.high ? port : undefined;
}

/**
 * Each station's transport options (security's, when given) with its source address laid over them, and, given the
 * machine's ephemeral port range, the port of its first connection.
 */
export function withSourceAddress(transportFor: FleetOptions['transportFor'], routing: Routing, range?: PortRange): FleetOptions['transportFor'] {
  if (routing.sourceAddresses.length === 0) return transportFor;
  return (station) => {
    const localPort = range === undefined ? undefined : firstLocalPortOf(routing, station.index, range);
    return { ...transportFor?.(station), localAddress: sourceAddressOf(routing, station.index) as string, ...(localPort !== undefined && { localPort }) };
  };
}
