/** Whether a site has a tariff. (Which site a station belongs to: simulator/vocabulary/site.ts.) */

/** A list of site ids with no tariff, or a predicate that says a site has none. */
export type SitesWithoutTariff = readonly string[] | ((siteId: string) => boolean);

export function compileHasTariff(without: SitesWithoutTariff | undefined): (siteId: string) => boolean {
  if (without === undefined) return () => true;
  if (typeof without === 'function') return (siteId) => !without(siteId);
  const set = new Set(without);
  return (siteId) => !set.has(siteId);
}
