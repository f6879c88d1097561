/** The public JSON shape of a station, as `GET /api/stations` and `Csms.stations()` give it. */
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import type { ConnectorRow, StationRow } from './store-schema.js';

export interface ConnectorView {
  connectorId: number;
  /** 2.0.1 only. */
  evseId?: number;
  status: string;
  errorCode: string | null;
  info?: string;
  vendorErrorCode?: string;
  updatedAt: number;
}

export interface StationView {
  id: string;
  siteId: string;
  protocol: OcppProtocol;
  connected: boolean;
  bootStatus: string | null;
  vendor: string | null;
  model: string | null;
  firmware: string | null;
  /** Simulated epoch ms of the last message from the station. */
  lastSeenAt: number | null;
  connectors: ConnectorView[];
}

export function stationView(row: StationRow, connectors: readonly ConnectorRow[]): StationView {
  return {
    id: row.id,
    siteId: row.siteId,
    protocol: row.protocol,
    connected: row.connected,
    bootStatus: row.bootStatus,
    vendor: row.vendor,
    model: row.model,
    firmware: row.firmware,
    lastSeenAt: row.lastSeenAt,
    connectors: connectors.map((c) => ({
      connectorId: c.connectorId,
      ...(c.evseId !== null && { evseId: c.evseId }),
      status: c.status,
      errorCode: c.errorCode,
      ...(c.info !== null && { info: c.info }),
      ...(c.vendorErrorCode !== null && { vendorErrorCode: c.vendorErrorCode }),
      updatedAt: c.updatedAt,
    })),
  };
}
