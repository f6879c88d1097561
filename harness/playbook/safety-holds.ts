/**
 * Open safety issues per station: while any is open no reset goes to that station (docs/domain.md §5),
 * since a reset re-energises the whole station.
 */
export class SafetyHolds {
  private readonly issuesByStation = new Map<string, Set<string>>();

  hold(stationId: string, issueId: string): void {
    let set = this.issuesByStation.get(stationId);
    if (!set) {
      set = new Set();
      this.issuesByStation.set(stationId, set);
    }
    set.add(issueId);
  }

  release(stationId: string, issueId: string): void {
    this.issuesByStation.get(stationId)?.delete(issueId);
  }

  /** Why a reset must not be sent to the station now, or undefined. */
  reason(stationId: string): string | undefined {
    return this.issuesByStation.get(stationId)?.size ? `not sent: a safety fault is open on ${stationId}` : undefined;
  }
}
