/** Which site a station belongs to, and whether that site has a tariff. */

/** Default mapping: `S12-CP3` belongs to site `S12`; an id without `-CP` is a site of its own. */
export function defaultSiteOf(stationId: string): string {
  const cut = stationId.indexOf('-CP');
  return cut > 0 ? stationId.slice(0, cut) : stationId;
}

/** A list of site ids with no tariff, or a predicate that says a site has none. */
export type SitesWithoutTariff = readonly string[] | ((siteId: string) => boolean);

export function compileHasTariff(without: SitesWithoutTariff | undefined): (siteId: string) => boolean {
  if (without === undefined) return () => true;
  if (typeof without === 'function') return (siteId) => !without(siteId);
  const set = new Set(without);
  return (siteId) => !set.has(siteId);
}
