/** Station and site ids: station `S<site>-CP<n>` is charger n at site `S<site>` (docs/domain.md §1). */

export function siteId(site: number): string {
  return `S${site}`;
}

export function stationId(site: number, n: number): string {
  return `${siteId(site)}-CP${n}`;
}

/** `S12-CP3` → `S12`; an id without `-CP` (a station not named by the convention) is a site of its own. */
export function siteOfStation(station: string): string {
  const cut = station.indexOf('-CP');
  return cut > 0 ? station.slice(0, cut) : station;
}

/** Site and charger numbers of a conventional id (`S12-CP3` → 12, 3), else undefined. */
export function parseStationId(station: string): { site: number; n: number } | undefined {
  const match = /^S(\d+)-CP(\d+)$/.exec(station);
  return match === null ? undefined : { site: Number(match[1]), n: Number(match[2]) };
}
