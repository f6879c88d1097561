/**
 * Station connector n <-> 2.0.1 EVSE n with its single connector 1. Virtual 2.0.1 stations have one
 * connector per EVSE, numbered like 1.6 connectors, so scenarios, tickets and reports name connector n
 * in both versions (docs/domain.md §2).
 */

/** The 2.0.1 EVSEType (`evse` field of TransactionEvent, NotifyEvent component, TriggerMessage, ...). */
export interface Evse201 {
  id: number;
  connectorId: number;
}

/** The EVSE of station connector `connector`, with its single connector. */
export function evseOfConnector(connector: number): Evse201 {
  return { id: connector, connectorId: 1 };
}

/** The station connector that 2.0.1 EVSE `evseId` is. */
export function connectorOfEvse(evseId: number): number {
  return evseId;
}

/** The station connector a CSMS record names: its EVSE when it has one (2.0.1), else its 1.6 connectorId. */
export function stationConnectorOf(ref: { evseId?: number; connectorId?: number }): number | undefined {
  return ref.evseId !== undefined ? connectorOfEvse(ref.evseId) : ref.connectorId;
}
