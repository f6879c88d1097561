/** A place in the fleet as text: "S1-CP1 connector 2", "S1-CP1", "site S1", "the network". */

export interface Place {
  stationId?: string;
  siteId?: string;
  connectorId?: number;
}

export function placeText(place: Place): string {
  if (place.stationId) return place.connectorId !== undefined ? `${place.stationId} connector ${place.connectorId}` : place.stationId;
  return place.siteId ? `site ${place.siteId}` : 'the network';
}
