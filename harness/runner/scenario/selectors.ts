/** The fleet of a scenario and station selectors resolved against it. */
import { planFleet } from '../../../simulator/fleet/plan.js';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import type { FeatureProfile } from '../../../simulator/station/feature-profiles.js';
import { parseStationId, siteId, siteOfStation } from '../../../simulator/vocabulary/site.js';
import type { FleetSpec, StationSelector, StationTarget } from './model.js';
import type { RawSelector } from './raw.js';

/** A problem at a key of the selector's object (`station`, `site`, …), or at the object itself (''). */
export interface SelectorProblem {
  key: string;
  message: string;
  allowed?: string[];
}

export function fleetSpec(
  raw: { sites: number; stationsPerSite: number; connectors: number; heartbeatIntervalMs: number; featureProfiles?: readonly FeatureProfile[] },
  protocol: OcppProtocol,
  seed: number,
): FleetSpec {
  // planFleet deals stations to sites in turn, so every site gets CP1 … CP<stationsPerSite>.
  const planned = planFleet({ stations: raw.sites * raw.stationsPerSite, sites: raw.sites, protocol, seed });
  return {
    ...raw,
    stationIds: planned.map((station) => station.id),
    siteIds: Array.from({ length: raw.sites }, (_, i) => siteId(i + 1)),
  };
}

/** Station ids of the fleet for a message: all of them when few, else the range. */
export function fleetStations(fleet: FleetSpec): string[] {
  if (fleet.stationIds.length <= 8) return [...fleet.stationIds].sort(bySiteThenNumber);
  return [`S1-CP1 … S${fleet.sites}-CP${fleet.stationsPerSite} (${fleet.sites} sites × ${fleet.stationsPerSite} stations)`];
}

export function fleetSites(fleet: FleetSpec): string[] {
  return fleet.sites <= 8 ? fleet.siteIds : [`S1 … S${fleet.sites}`];
}

export function resolveSelector(raw: RawSelector, fleet: FleetSpec): { target: StationTarget } | { problems: SelectorProblem[] } {
  const given = (['station', 'stations', 'site', 'count'] as const).filter((key) => raw[key] !== undefined);
  const alone = given.filter((key) => key === 'station' || key === 'stations');
  if (alone.length > 0 && given.length > 1) {
    return {
      problems: [
        {
          key: '',
          message: `${given.map((k) => `"${k}"`).join(' and ')} select stations twice: use one of them (only "site" and "count" go together)`,
          allowed: ['station', 'stations', 'site', 'count', 'site + count'],
        },
      ],
    };
  }
  const known = new Set(fleet.stationIds);
  const problems: SelectorProblem[] = [];
  const checkStation = (id: string, key: string) => {
    if (!known.has(id)) problems.push({ key, message: `station "${id}" is not in the fleet`, allowed: fleetStations(fleet) });
  };
  let selector: StationSelector;
  let stationIds: string[];
  if (raw.station !== undefined) {
    checkStation(raw.station, 'station');
    selector = { station: raw.station };
    stationIds = [raw.station];
  } else if (raw.stations !== undefined) {
    raw.stations.forEach((id, i) => checkStation(id, `stations/${i}`));
    selector = { stations: raw.stations };
    stationIds = fleet.stationIds.filter((id) => raw.stations?.includes(id));
  } else {
    const site = raw.site;
    if (site !== undefined && !fleet.siteIds.includes(site)) {
      problems.push({ key: 'site', message: `site "${site}" is not in the fleet`, allowed: fleetSites(fleet) });
    }
    const pool = site === undefined ? fleet.stationIds : fleet.stationIds.filter((id) => siteOfStation(id) === site);
    const count = raw.count ?? pool.length;
    if (count > pool.length && problems.length === 0) {
      const of = site === undefined ? 'the fleet' : site;
      problems.push({ key: 'count', message: `${count} is more than the ${pool.length} stations of ${of}`, allowed: [`at most ${pool.length}`] });
    }
    selector = site === undefined ? { count } : raw.count === undefined ? { site } : { site, count };
    stationIds = pool.slice(0, count);
  }
  if (problems.length > 0) return { problems };
  return { target: { selector, stationIds, siteIds: [...new Set(stationIds.map(siteOfStation))] } };
}

function bySiteThenNumber(a: string, b: string): number {
  const [sa, na] = numbers(a);
  const [sb, nb] = numbers(b);
  return sa - sb || na - nb;
}

function numbers(id: string): [number, number] {
  const parsed = parseStationId(id);
  return [parsed?.site ?? NaN, parsed?.n ?? NaN];
}
