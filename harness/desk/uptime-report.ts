/**
 * `GET /api/uptime`: NEVI uptime per port and per station over a window (default: the ledger's whole
 * history up to now), with the ports below the 97 % NEVI line called out.
 */
import type { UptimeLedger, UptimeResult } from '../playbook/uptime.js';

export const NEVI_MIN_UPTIME_PERCENT = 97;

export interface PortUptime extends UptimeResult {
  connectorId: number;
  evseId?: number;
}

export interface StationUptime extends UptimeResult {
  stationId: string;
  connectors: PortUptime[];
}

export interface UptimeReport {
  fromMs: number;
  toMs: number;
  stations: StationUptime[];
  ports: number;
  meanPortUptimePercent: number | undefined;
  portsBelowNevi: { stationId: string; connectorId: number; evseId?: number; uptimePercent: number }[];
}

export function uptimeReport(ledger: UptimeLedger, fromMs: number, toMs: number): UptimeReport {
  const stations: StationUptime[] = [];
  if (toMs > fromMs) {
    for (const stationId of ledger.stationIds().sort()) {
      const window = { fromMs, toMs };
      const connectors = ledger
        .ports(stationId)
        .sort((a, b) => (a.evseId ?? 0) - (b.evseId ?? 0) || a.connectorId - b.connectorId)
        .map((ref) => ({ connectorId: ref.connectorId, ...(ref.evseId !== undefined ? { evseId: ref.evseId } : {}), ...ledger.portUptime(ref, window) }));
      stations.push({ stationId, ...ledger.stationUptime(stationId, window), connectors });
    }
  }
  const ports = stations.flatMap((s) => s.connectors.map((c) => ({ stationId: s.stationId, ...c })));
  return {
    fromMs,
    toMs,
    stations,
    ports: ports.length,
    meanPortUptimePercent: ports.length > 0 ? ports.reduce((sum, p) => sum + p.uptimePercent, 0) / ports.length : undefined,
    portsBelowNevi: ports
      .filter((p) => p.uptimePercent <= NEVI_MIN_UPTIME_PERCENT)
      .map((p) => ({ stationId: p.stationId, connectorId: p.connectorId, ...(p.evseId !== undefined ? { evseId: p.evseId } : {}), uptimePercent: p.uptimePercent })),
  };
}
