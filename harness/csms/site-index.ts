/** Stations per site, as the CSMS's registry knows them (restored ones included); the detector sizes sites with it. */
export class SiteIndex {
  private readonly bySite = new Map<string, Set<string>>();
  private readonly siteOfStation = new Map<string, string>();
  /** Arrays handed out are cached: the detector asks on every connectivity issue of a mass outage. */
  private readonly lists = new Map<string, readonly string[]>();

  add(stationId: string, siteId: string): void {
    const previous = this.siteOfStation.get(stationId);
    if (previous === siteId) return;
    if (previous !== undefined) {
      this.bySite.get(previous)?.delete(stationId);
      this.lists.delete(previous);
    }
    this.siteOfStation.set(stationId, siteId);
    let stations = this.bySite.get(siteId);
    if (!stations) {
      stations = new Set();
      this.bySite.set(siteId, stations);
    }
    stations.add(stationId);
    this.lists.delete(siteId);
  }

  stationsOf(siteId: string): readonly string[] {
    let list = this.lists.get(siteId);
    if (!list) {
      list = [...(this.bySite.get(siteId) ?? [])];
      this.lists.set(siteId, list);
    }
    return list;
  }
}
